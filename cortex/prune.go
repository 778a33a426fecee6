package cortex

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"engram/sim"
)

// PruneRule chooses which plastic E→E synapses a night removes.
type PruneRule string

const (
	// PruneNone removes nothing.
	PruneNone PruneRule = "none"
	// PruneByUsage removes the least-used synapses (lowest usage trace;
	// ties go to the weaker synapse): use it or lose it.
	PruneByUsage PruneRule = "usage"
	// PruneDepressed removes synapses that learning has depressed below
	// Params.PruneBelowMV (weakest first): synapses whose presynaptic cell
	// took part in replay while the postsynaptic cell did not follow, so
	// that the depression on every presynaptic spike (β) wore them down —
	// used, then fallen out of use. Synapses no replay has touched yet
	// keep their initial weight and are kept for the memories to come.
	PruneDepressed PruneRule = "depressed"
	// PruneRandom removes synapses chosen at random: the control that
	// shows that selection by use is what keeps memories.
	PruneRandom PruneRule = "random"
)

func (r PruneRule) valid() bool {
	return r == PruneNone || r == PruneByUsage || r == PruneDepressed || r == PruneRandom
}

// PruneReport describes one pruning step.
type PruneReport struct {
	// Rule is how synapses were chosen; Fraction the fraction of plastic
	// synapses asked for.
	Rule     PruneRule
	Fraction float64
	// PlasticBefore is the number of plastic E→E synapses before the step,
	// Removed how many were removed, and Total and Plastic the E→E synapse
	// counts after it.
	PlasticBefore, Removed int
	Total, Plastic         int
	// MedianPctPruned and MedianPctKept are the median usage percentiles
	// (0 = least used, 1 = most used, ties at mid-rank) of the removed and
	// of the kept plastic synapses, among all plastic synapses before the
	// step.
	MedianPctPruned, MedianPctKept float64
	// MeanUsagePruned and MeanUsageKept are their mean usage traces
	// (summed presynaptic trace at postsynaptic spikes, decayed by
	// UsageDecay per night).
	MeanUsagePruned, MeanUsageKept float64
	// MeanWeightPrunedMV and MeanWeightKeptMV are their mean weights, mV.
	MeanWeightPrunedMV, MeanWeightKeptMV float64
}

// Prune removes the fraction of the remaining plastic E→E synapses chosen
// by rule; synapses inside assemblies are never removed. By usage, it is
// the activity-dependent pruning of developing cortex: synapses that are
// rarely co-active (low usage trace, the co-activation u += x_pre at each
// postsynaptic spike) go, frequently used ones stay (Chechik, Meilijson &
// Ruppin 1998, Neural Comput 10:1759, who show that removing the weakest
// synapses keeps memory performance with fewer synapses). Applied after each
// night with a decreasing rate (Params.PruneSchedule), it follows Navlakha,
// Barth & Bar-Joseph (2015, PLoS Comput Biol 11:e1004347): decreasing-rate
// pruning builds more efficient and robust networks than constant or
// increasing rates. Call it between steps.
func (c *Cortex) Prune(fraction float64, rule PruneRule) (PruneReport, error) {
	rep := PruneReport{Rule: rule, Fraction: fraction}
	if !(fraction >= 0 && fraction <= 1) {
		return rep, fmt.Errorf("cortex: prune fraction = %v, want 0 … 1", fraction)
	}
	if !rule.valid() {
		return rep, fmt.Errorf("cortex: prune rule %q, want %q, %q, %q or %q", rule, PruneNone, PruneByUsage, PruneDepressed, PruneRandom)
	}
	ee := c.ee
	var plastic []int
	for k := 0; k < ee.Len(); k++ {
		if !ee.Frozen(k) {
			plastic = append(plastic, k)
		}
	}
	rep.PlasticBefore = len(plastic)
	nRemove := int(math.Round(fraction * float64(len(plastic))))
	if rule == PruneNone {
		nRemove = 0
	}
	usage := make([]float64, len(plastic))
	for m, k := range plastic {
		usage[m] = ee.Usage(k)
	}
	// Candidates for removal, first to last.
	order := make([]int, len(plastic)) // positions in plastic
	for m := range order {
		order[m] = m
	}
	switch rule {
	case PruneByUsage:
		w := make([]float64, len(plastic))
		for m, k := range plastic {
			w[m] = ee.Weight(k)
		}
		// Least used first, then weakest, then in synapse order: a total
		// order, so any sort gives the same one.
		slices.SortFunc(order, func(a, b int) int {
			if c := cmp.Compare(usage[a], usage[b]); c != 0 {
				return c
			}
			if c := cmp.Compare(w[a], w[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	case PruneDepressed:
		w := make([]float64, len(plastic))
		for m, k := range plastic {
			w[m] = ee.Weight(k)
		}
		// Weakest first, then least used, then in synapse order; only
		// those below the threshold are candidates.
		slices.SortFunc(order, func(a, b int) int {
			if c := cmp.Compare(w[a], w[b]); c != 0 {
				return c
			}
			if c := cmp.Compare(usage[a], usage[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		below := c.p.PruneBelowMV * c.p.PAPerMV(c.p.TauExcMs)
		nRemove = min(nRemove, sort.Search(len(order), func(i int) bool { return w[order[i]] >= below }))
	case PruneRandom:
		rng := c.net.Rand(fmt.Sprintf("cortex random prune night %d", c.night))
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	}
	removed := make([]bool, len(plastic))
	for _, m := range order[:nRemove] {
		removed[m] = true
	}
	c.pruneStats(&rep, plastic, usage, removed)
	drop := make([]bool, ee.Len())
	for m, k := range plastic {
		drop[k] = removed[m]
	}
	rep.Removed = ee.Prune(func(k int) bool { return !drop[k] })
	rep.Total, rep.Plastic = c.Synapses()
	return rep, nil
}

// pruneStats fills the usage and weight statistics of a pruning step.
func (c *Cortex) pruneStats(rep *PruneReport, plastic []int, usage []float64, removed []bool) {
	sorted := slices.Clone(usage)
	sort.Float64s(sorted)
	pct := func(u float64) float64 {
		lo := sort.SearchFloat64s(sorted, u)
		hi := sort.Search(len(sorted), func(i int) bool { return sorted[i] > u })
		return (float64(lo) + 0.5*float64(hi-lo)) / float64(len(sorted))
	}
	var pPruned, pKept []float64
	var uP, uK, wP, wK float64
	toMV := 1 / c.p.PAPerMV(c.p.TauExcMs)
	for m, k := range plastic {
		w := c.ee.Weight(k) * toMV
		if removed[m] {
			pPruned = append(pPruned, pct(usage[m]))
			uP += usage[m]
			wP += w
		} else {
			pKept = append(pKept, pct(usage[m]))
			uK += usage[m]
			wK += w
		}
	}
	rep.MedianPctPruned, rep.MedianPctKept = sim.Median(pPruned), sim.Median(pKept)
	if n := float64(len(pPruned)); n > 0 {
		rep.MeanUsagePruned, rep.MeanWeightPrunedMV = uP/n, wP/n
	}
	if n := float64(len(pKept)); n > 0 {
		rep.MeanUsageKept, rep.MeanWeightKeptMV = uK/n, wK/n
	}
}
