package hippocampus

import (
	"context"
	"testing"
	"time"

	"engram/sim"
	"engram/task"
)

// benchPhase builds the default hippocampus for two episodes, encodes them,
// and times one op of phase: 1 s of awake encoding or of sleep.
func benchPhase(b *testing.B, asleep bool) {
	tp := task.DefaultParams()
	tp.Days = 1
	tk, err := task.Generate(tp, 1)
	if err != nil {
		b.Fatal(err)
	}
	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close()
	h, err := Build(n, DefaultParams(), tk.ItemsUsed())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	e := tk.Episodes()[0]
	if asleep {
		for _, e := range tk.Episodes() {
			if err := h.Encode(ctx, e, 1, 150, 300); err != nil {
				b.Fatal(err)
			}
		}
	}
	var wall float64
	for b.Loop() {
		start := time.Now()
		if asleep {
			err = h.Sleep(ctx, 1000, false)
		} else {
			// One lap of 5 items is 1.2 s + 0.3 s pause; scale to 1 s below.
			err = h.Encode(ctx, e, 1, 150, 300)
		}
		if err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start).Seconds()
	}
	bio := float64(b.N)
	if !asleep {
		bio *= (DefaultParams().LapMs(5, 150) + 300) / 1000
	}
	b.ReportMetric(bio/wall, "bio_s_per_wall_s")
}

// BenchmarkAwake times awake encoding of the default hippocampus.
func BenchmarkAwake(b *testing.B) { benchPhase(b, false) }

// BenchmarkSleep times sleep (sharp-wave ripples) of the default hippocampus.
func BenchmarkSleep(b *testing.B) { benchPhase(b, true) }
