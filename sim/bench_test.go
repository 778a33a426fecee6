package sim

import (
	"testing"
	"time"
)

// benchCOBA runs one biological second of the COBA benchmark per op and
// reports the network's mean rate and the simulation speed.
func benchCOBA(b *testing.B, workers int) {
	var rate, wall float64
	var events int64
	for b.Loop() {
		b.StopTimer()
		cfg := DefaultConfig()
		cfg.Workers = workers
		n, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		c, err := BuildCOBA(n, DefaultCOBA())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := n.Run(1000); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start).Seconds()
		b.StopTimer()
		rate = MeanRate(int(c.E.SpikeCount()+c.I.SpikeCount()), c.E.Size()+c.I.Size(), 1000)
		events += n.Energy().Events
		n.Close()
		b.StartTimer()
	}
	b.ReportMetric(rate, "rate_Hz")
	b.ReportMetric(float64(b.N)/wall, "bio_s_per_wall_s")
	b.ReportMetric(float64(events)/wall, "syn_events_per_s")
}

// BenchmarkCOBA steps the 4000-cell COBA network (Brette et al. 2007,
// benchmark 1) for 1 s of biological time per op on one core.
func BenchmarkCOBA(b *testing.B) { benchCOBA(b, 1) }

// BenchmarkCOBA2Cores is BenchmarkCOBA stepped by two workers.
func BenchmarkCOBA2Cores(b *testing.B) { benchCOBA(b, 2) }
