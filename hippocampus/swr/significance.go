package swr

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// ReplayTest is the per-event test that decides whether a sharp-wave
// ripple replayed a stored sequence.
//
// The spikes of the event are decoded in bins (Decode: the assembly with
// the most spikes in each bin), and the decoded bins are scored against
// every stored sequence: the best match is the sequence with the most
// distinct decoded items (ties: the larger |r|), and the score is the
// correlation r (Pearson's) between bin time and the decoded item's
// position in that sequence — the weighted correlation of time and
// decoded position used for replay (Wu & Foster 2014; Grosmark & Buzsáki
// 2016), each decoded bin weighted equally.
//
// Significance comes from an item-order shuffle: the decoded bins are kept
// and the positions in the sequence that the decoded items stand for are
// permuted (each decoded item takes a random, distinct position of the
// sequence), Shuffles times, and
//
//	p = (1 + #{shuffles with |r| ≥ observed |r|}) / (1 + Shuffles).
//
// An event is a replay when it has at least MinItems distinct items of its
// best sequence and p < Alpha; its direction is the sign of r.
//
// The shuffle's unit is the item, not the bin or the cell: an item's
// spikes come in a contiguous block of bins, and a null that scatters
// them (shuffling bins, or cell identities, which breaks the assemblies)
// counts a block of bins as many independent observations and finds items
// fired in a random order significant far more often than 5 % of the time
// (25–30 % for five items in random order, three bins each). The item-
// order null is exact but coarse: with a sequence of L items and m of them
// decoded there are L!/(L−m)! assignments. A linear score tells them
// apart: of the 120 for four items of a five-item route, only the 4 that
// place the items on consecutive positions, forward or in reverse, reach
// r = 1 for an evenly paced sweep, so the smallest p is 1/30 (1/60 for all
// five items), and a sweep that skips an item, (0, 1, 3, 4), has p ≈ 0.05.
// A rank correlation (Spearman's ρ) scores the 10 monotone assignments
// alike, so that its smallest p for four items is 1/12 and only events of
// every item of a five-item route could be significant.
type ReplayTest struct {
	// BinMs is the decoding bin, ms (5).
	BinMs float64
	// MinSpikes is the least number of spikes of one assembly that decode
	// a bin (3).
	MinSpikes int
	// MinItems is the least number of distinct items of one stored
	// sequence a replay must contain (4).
	MinItems int
	// Shuffles is the number of item-order shuffles per event (1000).
	Shuffles int
	// Alpha is the significance level (0.05).
	Alpha float64
}

// DefaultReplayTest returns 5 ms bins, 3 spikes per decoded bin, ≥ 4
// distinct items, 1000 shuffles, p < 0.05.
func DefaultReplayTest() ReplayTest {
	return ReplayTest{BinMs: 5, MinSpikes: 3, MinItems: 4, Shuffles: 1000, Alpha: 0.05}
}

// EventSpikes are the spikes of a recording that an event test reads:
// times (ms, ascending), cells, and the assembly of each cell (−1 for
// cells that code nothing).
type EventSpikes struct {
	TMs      []float64
	Cells    []int32
	Assembly []int
	// NAsm is the number of assemblies.
	NAsm int
}

// Test decodes the spikes of s in [t0, t1) and tests them against
// sequences (each a list of assemblies in stored order). It returns the
// decoded bins and the score; rng draws the shuffles.
func (o ReplayTest) Test(s EventSpikes, t0, t1 float64, sequences [][]int, rng *rand.Rand) ([]int, Replay) {
	lo, _ := slices.BinarySearch(s.TMs, t0)
	hi, _ := slices.BinarySearch(s.TMs, t1)
	nb := int(math.Ceil((t1 - t0) / o.BinMs))
	if nb <= 0 || s.NAsm <= 0 {
		return nil, Replay{Sequence: -1, Rho: math.NaN(), P: 1, MsPerItem: math.NaN()}
	}
	// The event's coded spikes: bin and compact cell index; labels holds
	// each active cell's assembly.
	var bins, cell []int32
	var labels []int
	index := map[int32]int32{}
	for k := lo; k < hi; k++ {
		a := s.Assembly[s.Cells[k]]
		if a < 0 {
			continue
		}
		c, ok := index[s.Cells[k]]
		if !ok {
			c = int32(len(labels))
			index[s.Cells[k]] = c
			labels = append(labels, a)
		}
		bins = append(bins, int32((s.TMs[k]-t0)/o.BinMs))
		cell = append(cell, c)
	}
	sc := newScorer(sequences, s.NAsm, nb)
	decoded := slices.Clone(sc.decode(bins, cell, labels, o.MinSpikes))
	r := sc.best(decoded, 3)
	r.P = 1
	if r.Sequence >= 0 {
		r.MsPerItem = msPerItem(sc.ps, sc.tb, o.BinMs)
	}
	if r.Items < o.MinItems || math.IsNaN(r.Rho) {
		return decoded, r
	}
	obs := math.Abs(r.Rho)
	seq := sequences[r.Sequence]
	// The decoded items of the sequence, and the bins that carry each.
	var keys []int
	slot := make([]int, len(sc.ps)) // index in keys of each bin's item
	for k, q := range sc.ps {
		a := seq[int(q)]
		i := slices.Index(keys, a)
		if i < 0 {
			i = len(keys)
			keys = append(keys, a)
		}
		slot[k] = i
	}
	tb := slices.Clone(sc.tb)
	sh := make([]float64, len(tb))
	order := make([]int, len(seq))
	hits := 0
	for range o.Shuffles {
		for i := range order {
			order[i] = i
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for k, i := range slot {
			sh[k] = float64(order[i])
		}
		if math.Abs(stat.Correlation(tb, sh, nil)) >= obs-1e-12 {
			hits++
		}
	}
	r.P = float64(hits+1) / float64(o.Shuffles+1)
	r.Significant = r.P < o.Alpha
	return decoded, r
}

// scorer decodes and scores events with reusable buffers.
type scorer struct {
	pos    [][]int // pos[s][a]: position of assembly a in sequence s, or −1
	nAsm   int
	counts []int
	out    []int
	tb, ps []float64
	seen   []bool
}

func newScorer(sequences [][]int, nAsm, nb int) *scorer {
	sc := &scorer{nAsm: nAsm, counts: make([]int, nb*nAsm), out: make([]int, nb), seen: make([]bool, nAsm)}
	for _, seq := range sequences {
		p := make([]int, nAsm)
		for a := range p {
			p[a] = -1
		}
		for k, a := range seq {
			if a >= 0 && a < nAsm {
				p[a] = k
			}
		}
		sc.pos = append(sc.pos, p)
	}
	return sc
}

// decode is Decode on the event's spikes (bin and active-cell index),
// with labels giving each active cell's assembly. The result is reused by
// the next call.
func (sc *scorer) decode(bins, cell []int32, labels []int, minSpikes int) []int {
	clear(sc.counts)
	for k, b := range bins {
		sc.counts[int(b)*sc.nAsm+labels[cell[k]]]++
	}
	for b := range sc.out {
		best, bestN := -1, minSpikes-1
		row := sc.counts[b*sc.nAsm : (b+1)*sc.nAsm]
		for a, c := range row {
			if c > bestN {
				best, bestN = a, c
			}
		}
		sc.out[b] = best
	}
	return sc.out
}

// best returns the best-matching sequence of decoded bins with at least
// minItems distinct items (Sequence −1 when none has), leaving its bin
// times and positions in sc.tb and sc.ps.
func (sc *scorer) best(decoded []int, minItems int) Replay {
	r := Replay{Sequence: -1, Rho: math.NaN(), MsPerItem: math.NaN()}
	var bestTB, bestPS []float64
	for s, pos := range sc.pos {
		tb, ps := sc.tb[:0], sc.ps[:0]
		clear(sc.seen)
		n := 0
		for b, a := range decoded {
			if a < 0 || pos[a] < 0 {
				continue
			}
			tb, ps = append(tb, float64(b)), append(ps, float64(pos[a]))
			if !sc.seen[a] {
				sc.seen[a] = true
				n++
			}
		}
		sc.tb, sc.ps = tb, ps
		if n < minItems || n < r.Items {
			continue
		}
		rho := stat.Correlation(tb, ps, nil)
		if n == r.Items && !(math.Abs(rho) > math.Abs(r.Rho)) {
			continue
		}
		r.Sequence, r.Rho, r.Items = s, rho, n
		bestTB, bestPS = append(bestTB[:0], tb...), append(bestPS[:0], ps...)
	}
	sc.tb, sc.ps = append(sc.tb[:0], bestTB...), append(sc.ps[:0], bestPS...)
	return r
}
