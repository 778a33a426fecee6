package cortex

import (
	"testing"
	"time"
)

// BenchmarkCortexNight runs one night of the default cortex per op: 4
// sequences × 10 replay events, 2 events per second (20 s of biological
// time), on one core, and reports biological seconds per wall-clock
// second.
func BenchmarkCortexNight(b *testing.B) {
	s := DefaultSetup()
	r, err := newRun(s, s.Cortex)
	if err != nil {
		b.Fatal(err)
	}
	defer r.close()
	var bio, wall float64
	for b.Loop() {
		t0 := r.c.net.TimeMs()
		start := time.Now()
		if _, err := r.c.Sleep(r.eps, SleepPlan{Replays: 10}); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start).Seconds()
		bio += (r.c.net.TimeMs() - t0) / 1000
	}
	b.ReportMetric(bio/wall, "bio_s_per_wall_s")
}

// BenchmarkPrune times the first night's pruning by usage of the default
// cortex (20 % of its plastic E→E synapses, after a night of 10 replays
// per sequence), the work at the end of a night that takes no simulated
// time. Each op prunes a fresh copy.
func BenchmarkPrune(b *testing.B) {
	s := DefaultSetup()
	r, err := newRun(s, s.Cortex)
	if err != nil {
		b.Fatal(err)
	}
	defer r.close()
	if _, err := r.c.Sleep(r.eps, SleepPlan{Replays: 10}); err != nil {
		b.Fatal(err)
	}
	fraction := DefaultParams().PruneSchedule[0]
	var wall float64
	for b.Loop() {
		b.StopTimer()
		f, err := fork(s, s.Cortex, r)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := f.c.Prune(fraction, PruneByUsage); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start).Seconds()
		b.StopTimer()
		f.close()
		b.StartTimer()
	}
	b.ReportMetric(1000*wall/float64(b.N), "ms/prune")
}
