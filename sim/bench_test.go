package sim

import (
	"fmt"
	"testing"
	"time"
)

// benchCOBA runs one biological second of the COBA benchmark per op and
// reports the network's mean rate and the simulation speed.
func benchCOBA(b *testing.B, workers int, m Method) {
	var rate, wall float64
	var events int64
	for b.Loop() {
		b.StopTimer()
		cfg := DefaultConfig()
		cfg.Workers, cfg.Method = workers, m
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
func BenchmarkCOBA(b *testing.B) { benchCOBA(b, 1, ExponentialEuler) }

// BenchmarkCOBA2Cores is BenchmarkCOBA stepped by two workers.
func BenchmarkCOBA2Cores(b *testing.B) { benchCOBA(b, 2, ExponentialEuler) }

// BenchmarkCOBAEuler is BenchmarkCOBA integrated by forward Euler
// (Config.Method Euler), the scheme Brian2 uses for these equations.
func BenchmarkCOBAEuler(b *testing.B) { benchCOBA(b, 1, Euler) }

// BenchmarkCOBAScaling steps the COBA network at 1 000, 4 000, 16 000 and
// 64 000 cells with the in-degree of the 4 000-cell network held fixed
// (P = 80/N: 64 excitatory and 16 inhibitory inputs per cell on average),
// one worker, 200 ms of biological time per op after 100 ms to settle,
// seed 2 (the 1 000-cell network falls silent for about half the seeds;
// seed 2 sustains all four). It reports the wall and CPU time per synaptic
// event (all of the step's work, the cells' included, over the events
// delivered), the bytes per synapse of the projections and the mean rate.
func BenchmarkCOBAScaling(b *testing.B) {
	for _, size := range []int{1000, 4000, 16000, 64000} {
		b.Run(fmt.Sprintf("cells=%d", size), func(b *testing.B) {
			p := DefaultCOBA()
			p.NE, p.NI = size*4/5, size/5
			p.P = 80 / float64(size)
			cfg := DefaultConfig()
			cfg.Seed = 2
			n, err := New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer n.Close()
			c, err := BuildCOBA(n, p)
			if err != nil {
				b.Fatal(err)
			}
			if err := n.Run(100); err != nil {
				b.Fatal(err)
			}
			var bytes, syn float64
			for _, pr := range n.Projections() {
				bytes += pr.BytesPerSynapse() * float64(pr.Len())
				syn += float64(pr.Len())
			}
			e0, s0 := n.Energy().Events, c.E.SpikeCount()+c.I.SpikeCount()
			var wall, cpu float64
			for b.Loop() {
				start, cpu0 := time.Now(), processCPUSeconds()
				if err := n.Run(200); err != nil {
					b.Fatal(err)
				}
				wall += time.Since(start).Seconds()
				cpu += processCPUSeconds() - cpu0
			}
			events := float64(n.Energy().Events - e0)
			spikes := c.E.SpikeCount() + c.I.SpikeCount() - s0
			b.ReportMetric(wall/events*1e9, "ns/event")
			b.ReportMetric(cpu/events*1e9, "cpu_ns/event")
			b.ReportMetric(bytes/syn, "bytes/synapse")
			b.ReportMetric(MeanRate(int(spikes), size, 200*float64(b.N)), "rate_Hz")
		})
	}
}
