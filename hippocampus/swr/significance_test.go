package swr

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// eventSpikes builds a recording of 5 assemblies of 20 cells (and 20
// uncoded cells): in each 5 ms bin b of [0, 5·len(order)) the cells of
// assembly order[b] fire (8 spikes), plus sparse noise spikes of random
// cells. Assembly −1 in order leaves the bin to noise.
func eventSpikes(order []int, rng *rand.Rand) EventSpikes {
	const per = 20
	s := EventSpikes{Assembly: make([]int, 6*per), NAsm: 5}
	for c := range s.Assembly {
		s.Assembly[c] = c / per
		if c >= 5*per {
			s.Assembly[c] = -1
		}
	}
	type spk struct {
		t float64
		c int32
	}
	var sp []spk
	for b, a := range order {
		if a >= 0 {
			for range 8 {
				sp = append(sp, spk{5*float64(b) + 5*rng.Float64(), int32(a*per + rng.IntN(per))})
			}
		}
		for range 2 {
			sp = append(sp, spk{5*float64(b) + 5*rng.Float64(), int32(rng.IntN(6 * per))})
		}
	}
	slices.SortFunc(sp, func(x, y spk) int {
		switch {
		case x.t < y.t:
			return -1
		case x.t > y.t:
			return 1
		}
		return 0
	})
	for _, x := range sp {
		s.TMs, s.Cells = append(s.TMs, x.t), append(s.Cells, x.c)
	}
	return s
}

func TestReplayTestOrderedAndReversed(t *testing.T) {
	o := DefaultReplayTest()
	seqs := [][]int{{0, 1, 2, 3, 4}}
	rng := rand.New(rand.NewPCG(1, 1))
	fwd := eventSpikes([]int{0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, rng)
	_, r := o.Test(fwd, 0, 50, seqs, rng)
	if !r.Significant || !r.Forward() || r.Items != 5 || r.P > 0.03 {
		t.Errorf("forward sweep: %+v, want significant forward, 5 items, p ≈ 1/60", r)
	}
	if r.MsPerItem < 9 || r.MsPerItem > 11 {
		t.Errorf("forward sweep: %.1f ms per item, want ≈ 10", r.MsPerItem)
	}
	rev := eventSpikes([]int{4, 4, 3, 3, 2, 2, 1, 1, 0, 0}, rng)
	_, r = o.Test(rev, 0, 50, seqs, rng)
	if !r.Significant || r.Forward() || r.Items != 5 {
		t.Errorf("reverse sweep: %+v, want significant reverse", r)
	}
	// Four consecutive items, evenly paced: 4 of the 120 assignments of
	// the item-order null reach r = 1, p ≈ 1/30.
	four := eventSpikes([]int{0, 0, 1, 1, 2, 2, 3, 3}, rng)
	_, r = o.Test(four, 0, 40, seqs, rng)
	if !r.Significant || r.Items != 4 || r.P > 0.045 {
		t.Errorf("4-item sweep: %+v, want significant, p ≈ 1/30", r)
	}
	// Four items in order with one skipped: 6 of 120 assignments score as
	// high, p ≈ 0.05 (the shuffles' estimate, (hits + 1)/(1000 + 1), falls
	// on either side of it).
	skip := eventSpikes([]int{0, 0, 1, 1, 3, 3, 4, 4}, rng)
	_, r = o.Test(skip, 0, 40, seqs, rng)
	if r.Items != 4 || r.P < 0.035 || r.P > 0.07 {
		t.Errorf("4-item sweep skipping an item: %+v, want tested, p ≈ 0.05", r)
	}
	three := eventSpikes([]int{0, 0, 1, 1, 2, 2}, rng)
	_, r = o.Test(three, 0, 30, seqs, rng)
	if r.Significant || r.P != 1 || r.Items != 3 {
		t.Errorf("3-item sweep: %+v, want not tested (p 1)", r)
	}
}

// TestReplayTestFalsePositives: events whose five (or four) items come in
// random order, each in a block of 1–3 bins, are significant in at most
// about 5 % of cases, as a test at p < 0.05 must be (the item-order null
// keeps the blocks; a cell-identity or bin shuffle would not).
func TestReplayTestFalsePositives(t *testing.T) {
	o := DefaultReplayTest()
	o.Shuffles = 300
	seqs := [][]int{{0, 1, 2, 3, 4}}
	rng := rand.New(rand.NewPCG(2, 2))
	for _, items := range []int{5, 4} {
		for _, per := range []int{1, 2, 3} {
			const n = 300
			sig := 0
			for range n {
				var order []int
				for _, a := range rng.Perm(5)[:items] {
					for range per {
						order = append(order, a)
					}
				}
				_, r := o.Test(eventSpikes(order, rng), 0, float64(5*len(order)), seqs, rng)
				if r.Significant {
					sig++
				}
			}
			t.Logf("%d items in blocks of %d bins in random order: %d of %d significant", items, per, sig, n)
			if frac := float64(sig) / n; frac > 0.07 {
				t.Errorf("%d items in blocks of %d bins in random order: %d of %d significant (%.3f), want ≤ 0.05 (+ sampling error)", items, per, sig, n, frac)
			}
		}
	}
}
