package swr

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Decode returns, for each bin of binMs from t0 to t1, the assembly with
// the most spikes in that bin, or −1 when no assembly has at least
// minSpikes. tMs and asm are spike times and the assembly of each spike's
// cell (−1 for cells that code nothing); nAsm is the number of assemblies.
// This is the maximum-count decoder used for replay in population
// recordings (e.g. Ecker et al. 2022).
func Decode(tMs []float64, asm []int, nAsm int, t0, t1, binMs float64, minSpikes int) []int {
	nb := int(math.Ceil((t1 - t0) / binMs))
	if nb <= 0 || nAsm <= 0 {
		return nil
	}
	counts := make([]int, nb*nAsm)
	for k, t := range tMs {
		if t < t0 || t >= t1 || asm[k] < 0 {
			continue
		}
		counts[int((t-t0)/binMs)*nAsm+asm[k]]++
	}
	out := make([]int, nb)
	for b := range out {
		best, bestN := -1, minSpikes-1
		for a := 0; a < nAsm; a++ {
			if c := counts[b*nAsm+a]; c > bestN {
				best, bestN = a, c
			}
		}
		out[b] = best
	}
	return out
}

// Replay is the score of one decoded event against one stored sequence.
type Replay struct {
	// Sequence is the index of the best-matching stored sequence (−1 none).
	Sequence int
	// Rho is the correlation (Pearson's r) between decoded time bins and
	// the positions in the sequence of the items decoded in them
	// (> 0 forward, < 0 reverse).
	Rho float64
	// P is the significance against a shuffle null: for ReplayTest the
	// item-order shuffle's p, for ScoreReplay the fraction of shuffles
	// of item positions whose |r| reaches |Rho|.
	P float64
	// Significant reports whether ReplayTest counts the event as a replay
	// (enough items, P below its level); ScoreReplay leaves it false.
	Significant bool
	// Items is the number of distinct items of the sequence decoded.
	Items int
	// MsPerItem is the replayed time per step along the sequence, from a
	// least-squares fit of bin time on position (NaN when undefined).
	MsPerItem float64
}

// Forward reports whether the replay runs in the stored order.
func (r Replay) Forward() bool { return r.Rho > 0 }

// ScoreReplay scores a decoded event (bins of binMs) against stored
// sequences (each a list of assemblies in order) and returns the best
// match: the sequence with the most distinct decoded items (ties: larger
// |r|). Only bins decoded to an assembly of that sequence count. The null
// is built from shuffles permuted by rng; at least 3 distinct items are
// needed for a score (Sequence −1 otherwise).
func ScoreReplay(decoded []int, binMs float64, sequences [][]int, shuffles int, rng *rand.Rand) Replay {
	best := Replay{Sequence: -1, Rho: math.NaN(), P: 1, MsPerItem: math.NaN()}
	for s, seq := range sequences {
		pos := map[int]int{}
		for k, a := range seq {
			pos[a] = k
		}
		var tb, ps []float64
		distinct := map[int]bool{}
		for b, a := range decoded {
			if k, ok := pos[a]; ok {
				tb, ps = append(tb, float64(b)), append(ps, float64(k))
				distinct[a] = true
			}
		}
		if len(distinct) < 3 {
			continue
		}
		rho := stat.Correlation(tb, ps, nil)
		if len(distinct) < best.Items || (len(distinct) == best.Items && math.Abs(rho) <= math.Abs(best.Rho)) {
			continue
		}
		r := Replay{Sequence: s, Rho: rho, Items: len(distinct), MsPerItem: math.NaN()}
		// Shuffle null: permute which position each decoded assembly has.
		keys := make([]int, 0, len(distinct))
		for a := range distinct {
			keys = append(keys, a)
		}
		slices.Sort(keys)
		perm := make([]float64, len(ps))
		hits := 0
		for range shuffles {
			order := rng.Perm(len(seq))
			sh := map[int]float64{}
			for k, a := range keys {
				sh[a] = float64(order[k])
			}
			m := 0
			for _, a := range decoded {
				if _, ok := pos[a]; ok {
					perm[m] = sh[a]
					m++
				}
			}
			if math.Abs(stat.Correlation(tb, perm, nil)) >= math.Abs(rho)-1e-12 {
				hits++
			}
		}
		r.P = float64(hits+1) / float64(shuffles+1)
		r.MsPerItem = msPerItem(ps, tb, binMs)
		best = r
	}
	return best
}

// msPerItem returns the replayed time per step along a sequence, ms: the
// least-squares slope (stat.LinearRegression) of the decoded bins tb on
// the items' positions ps, unsigned, times binMs. It is NaN when the
// slope is undefined or below 1e-9 bins per item: a slope that is zero
// exactly leaves a rounding residue of order 1e-31 in floating point, and
// is no progression along the sequence.
func msPerItem(ps, tb []float64, binMs float64) float64 {
	_, slope := stat.LinearRegression(ps, tb, nil, false)
	if !(math.Abs(slope) >= 1e-9) {
		return math.NaN()
	}
	return math.Abs(slope) * binMs
}

// PooledShuffleP tests whether decoded events, taken together, follow
// their best-matching sequences more closely than chance: the statistic is
// the mean |r| over events, the null re-scores every event with item
// positions permuted (shuffles times). It returns the observed mean |r|
// and p = (hits + 1)/(shuffles + 1). events are decoded bins; each is
// scored against sequences as in ScoreReplay; events with fewer than 3
// items of any sequence are left out.
func PooledShuffleP(events [][]int, sequences [][]int, shuffles int, rng *rand.Rand) (meanAbsRho, p float64, used int) {
	type ev struct{ tb, ps []float64 }
	var evs []ev
	for _, dec := range events {
		r := ScoreReplay(dec, 1, sequences, 0, rng)
		if r.Sequence < 0 || math.IsNaN(r.Rho) {
			continue
		}
		pos := map[int]int{}
		for k, a := range sequences[r.Sequence] {
			pos[a] = k
		}
		var e ev
		for b, a := range dec {
			if k, ok := pos[a]; ok {
				e.tb, e.ps = append(e.tb, float64(b)), append(e.ps, float64(k))
			}
		}
		evs = append(evs, e)
		meanAbsRho += math.Abs(r.Rho)
	}
	if len(evs) == 0 {
		return math.NaN(), 1, 0
	}
	meanAbsRho /= float64(len(evs))
	hits := 0
	for range shuffles {
		sum := 0.0
		for _, e := range evs {
			// Permute the positions the decoded items stand for.
			distinct := map[float64]float64{}
			var keys []float64
			for _, q := range e.ps {
				if _, ok := distinct[q]; !ok {
					distinct[q] = 0
					keys = append(keys, q)
				}
			}
			order := rng.Perm(len(keys))
			for k, q := range keys {
				distinct[q] = keys[order[k]]
			}
			sh := make([]float64, len(e.ps))
			for i, q := range e.ps {
				sh[i] = distinct[q]
			}
			if r := stat.Correlation(e.tb, sh, nil); !math.IsNaN(r) {
				sum += math.Abs(r)
			}
		}
		if sum/float64(len(evs)) >= meanAbsRho-1e-12 {
			hits++
		}
	}
	return meanAbsRho, float64(hits+1) / float64(shuffles+1), len(evs)
}
