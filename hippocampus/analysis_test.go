package hippocampus

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBurstWindow: a ripple is extended to the population burst around it
// (coded cells' count at or above its mean), by at most burstPadMs a side.
func TestBurstWindow(t *testing.T) {
	asm := []int{0, 1, -1}
	var tm []float64
	var cells []int32
	// A burst of coded spikes from 100 to 160 ms (20 per 5 ms bin) with a
	// shoulder of 3 from 95 to 100 ms (above the mean count, 1.2, below
	// mean + 1 SD, 6.0), one uncoded spike per bin elsewhere, over 1 s.
	for b := 0; b < 200; b++ {
		t0 := float64(b) * 5
		n := 0
		switch {
		case t0 >= 100 && t0 < 160:
			n = 20
		case t0 == 95:
			n = 3
		}
		for k := range n {
			tm, cells = append(tm, t0+float64(k)*0.2), append(cells, int32(k%2))
		}
		if n == 0 {
			tm, cells = append(tm, t0+1), append(cells, 2)
		}
	}
	b := newBurstBounds(tm, cells, asm, 0, 1000)
	from, to := b.window(120, 140)
	if from != 95 || to != 160 {
		t.Errorf("window of a ripple at 120–140 ms = %v–%v, want the burst and its shoulder, 95–160", from, to)
	}
	from, to = b.window(500, 520)
	if from != 500 || to != 520 {
		t.Errorf("window away from any burst = %v–%v, want the ripple itself", from, to)
	}
}

// TestPermuteCoded: the negative control's labels keep every assembly's
// size and leave uncoded cells uncoded.
func TestPermuteCoded(t *testing.T) {
	asm := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, -1, -1}
	got := permuteCoded(asm, rand.New(rand.NewPCG(1, 2)))
	if slices.Equal(got, asm) {
		t.Error("labels not permuted")
	}
	count := func(x []int) map[int]int {
		m := map[int]int{}
		for _, a := range x {
			m[a]++
		}
		return m
	}
	if a, b := count(asm), count(got); len(a) != len(b) || a[0] != b[0] || a[1] != b[1] || a[2] != b[2] || a[-1] != b[-1] {
		t.Errorf("sizes changed: %v → %v", a, b)
	}
	if got[9] != -1 || got[10] != -1 {
		t.Errorf("uncoded cells relabelled: %v", got)
	}
}
