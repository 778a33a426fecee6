package cortex

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestReplayEvents draws many events of one route and checks what
// ReplayStyle promises: about ReverseFrac of them reversed, PartialFrac
// partial (2 … K−1 consecutive items), item intervals within the bounds
// and spike counts per cell within theirs.
func TestReplayEvents(t *testing.T) {
	c, err := Build(newNet(t), tinyParams(), items(5))
	if err != nil {
		t.Fatal(err)
	}
	st := DefaultReplayStyle()
	rng := rand.New(rand.NewPCG(1, 2))
	route := items(5)
	const n = 2000
	var rev, partial int
	for range n {
		segs, err := c.event(route, st, rng)
		if err != nil {
			t.Fatal(err)
		}
		asm := make([]int, len(segs))
		for k, s := range segs {
			asm[k] = s.asm
			if s.ms < st.MinGapMs || s.ms > st.MaxGapMs {
				t.Fatalf("item interval %v ms outside %v … %v", s.ms, st.MinGapMs, st.MaxGapMs)
			}
			if sp := s.hz * s.ms / 1000; sp < st.MinSpikes-1e-9 || sp > st.MaxSpikes+1e-9 {
				t.Fatalf("%v spikes per cell per item, want %v … %v", sp, st.MinSpikes, st.MaxSpikes)
			}
		}
		if len(asm) < 2 {
			t.Fatalf("event of %d items", len(asm))
		}
		if len(asm) < len(route) {
			partial++
		}
		step := asm[1] - asm[0]
		if step == -1 {
			rev++
		}
		for k := 1; k < len(asm); k++ {
			if asm[k]-asm[k-1] != step || math.Abs(float64(step)) != 1 {
				t.Fatalf("event %v is not consecutive items in one direction", asm)
			}
		}
	}
	if f := float64(rev) / n; math.Abs(f-st.ReverseFrac) > 0.05 {
		t.Errorf("%.3f of events reversed, want %.2f", f, st.ReverseFrac)
	}
	// Only partial events with fewer items count (a partial event of all
	// items cannot happen: 2 … K−1 items).
	if f := float64(partial) / n; math.Abs(f-st.PartialFrac) > 0.05 {
		t.Errorf("%.3f of events partial, want %.2f", f, st.PartialFrac)
	}
	bad := st
	bad.MaxGapMs = 1
	if err := bad.Validate(); err == nil {
		t.Error("MaxGapMs below MinGapMs accepted")
	}
}

// TestDaysConsolidation is the mechanism check of the cortex on replay in
// the brain's style (Days, 3 days of the default cortex and replay, 5 s
// nights, about 5 events a night shared by the routes learned so far):
// with replay the day-1 route is recalled at ≥ 0.6 after 3 nights (the
// newer routes have had too few replays to be asked for much); deprived of
// replay every night, no route rises above chance + 0.1. The same cortex
// and seed in both arms.
func TestDaysConsolidation(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates two stand-alone cortices for 3 days")
	}
	cfg := DefaultDays()
	cfg.Days = 3
	on, err := Days(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Deprived = true
	off, err := Days(cfg)
	if err != nil {
		t.Fatal(err)
	}
	last := on.Recall[len(on.Recall)-1]
	t.Logf("replay: %v (events %v); deprived: %v; chance %.2f", on.Recall, on.Replays, off.Recall, on.Chance)
	if last[0] < 0.6 {
		t.Errorf("with replay: day-1 route %.2f after 3 nights, want ≥ 0.6", last[0])
	}
	for d, rc := range off.Recall {
		if m := slices.Max(rc); m > off.Chance+0.1 {
			t.Errorf("deprived, day %d: best route %.2f, want ≤ chance + 0.1", d+1, m)
		}
	}
}
