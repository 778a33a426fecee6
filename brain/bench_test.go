package brain

import (
	"context"
	"testing"
	"time"

	"engram/task"
)

// BenchmarkFiveDays times the default brain run: DefaultTask (5 days, one
// episode of 5 items a day) on DefaultParams, reporting the wall seconds
// per run.
func BenchmarkFiveDays(b *testing.B) {
	tk, err := task.Generate(DefaultTask(), 1)
	if err != nil {
		b.Fatal(err)
	}
	var wall float64
	for b.Loop() {
		start := time.Now()
		if _, err := Run(context.Background(), tk, DefaultParams()); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start).Seconds()
	}
	b.ReportMetric(wall/float64(b.N), "wall_s/run")
}
