package brain

import (
	"context"
	"testing"
	"time"

	"engram/task"
)

// BenchmarkFiveDays times the default brain run: DefaultTask (5 days, one
// episode of 5 items a day) on DefaultParams, reporting the wall seconds
// per run, the simulated seconds per wall-clock second and the synaptic
// events delivered per wall-clock second.
func BenchmarkFiveDays(b *testing.B) { benchFiveDays(b, 1) }

// BenchmarkFiveDays2Workers is BenchmarkFiveDays with the network stepped
// by two workers (the results are the same).
func BenchmarkFiveDays2Workers(b *testing.B) { benchFiveDays(b, 2) }

func benchFiveDays(b *testing.B, workers int) {
	p := DefaultParams()
	p.Workers = workers
	tk, err := task.Generate(DefaultTask(), 1)
	if err != nil {
		b.Fatal(err)
	}
	var wall, bio float64
	var events int64
	for b.Loop() {
		start := time.Now()
		r, err := Run(context.Background(), tk, p)
		if err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start).Seconds()
		if n := len(r.Days); n > 0 {
			last := r.Days[n-1]
			bio += last.SimMs / 1000
			events += last.Energy.Events
		}
	}
	b.ReportMetric(wall/float64(b.N), "wall_s/run")
	b.ReportMetric(bio/wall, "bio_s_per_wall_s")
	b.ReportMetric(float64(events)/wall, "syn_events_per_s")
}
