package validation

import (
	"context"
	"fmt"
	"math"

	"engram/brain"
)

func init() {
	register(Row{ID: "V10", Title: "Online cortical pruning of synapses that fell out of use (Navlakha et al. 2015; Chechik et al. 1998)", Run: runV10})
}

// runV10 lives through the days of the default brain as it prunes its
// cortex after each night (brain.Pruning): pruned by its rule, with
// pruning off, and pruned at random by the same number of synapses each
// night. It checks docs/model.md §6 V10 and §7 on the mean cortex-alone recall
// of all routes in the last test:
//
//   - at least 40 % of all cortical E→E synapses are gone by the last day
//     (assembly synapses, never pruned, counted too);
//   - the pruned brain recalls at most 5 points below the same run with
//     pruning off;
//   - random pruning of the same amounts loses at least 20 points against
//     that run.
//
// With opt.Quick (3 days) the pruning schedule's first three nights
// remove less than 40 %; the quick row asks for ≥ 35 %.
func runV10(opt Options) ([]Check, error) {
	t, p, err := brainTask(opt)
	if err != nil {
		return nil, err
	}
	r, err := brain.Pruning(context.Background(), t, p)
	if err != nil {
		return nil, err
	}
	last := func(res brain.Result) float64 { return res.Days[len(res.Days)-1].Cortex }
	pruned, unpruned, random := last(r.Pruned), last(r.Unpruned), last(r.Random)
	frac := 100 * r.Pruned.PrunedFraction()
	var wP, wK float64
	var nights int
	for _, d := range r.Pruned.Days {
		if d.Prune.Removed > 0 {
			wP += d.Prune.MeanWeightPrunedMV
			wK += d.Prune.MeanWeightKeptMV
			nights++
		}
	}
	minFrac := 40.0
	if opt.Quick {
		minFrac = 35
	}
	inf := math.Inf(1)
	return []Check{
		Within(fmt.Sprintf("all cortical E→E synapses pruned by day %d (%d of %d; pruned synapses %.2f mV, kept %.2f mV on average over nights)",
			len(t.Days), r.Pruned.Days[0].Synapses+r.Pruned.Days[0].Prune.Removed-r.Pruned.Days[len(r.Pruned.Days)-1].Synapses,
			r.Pruned.Days[0].Synapses+r.Pruned.Days[0].Prune.Removed, wP/float64(max(nights, 1)), wK/float64(max(nights, 1))),
			frac, "%", minFrac, 100),
		Within(fmt.Sprintf("recall lost by pruning against the same run unpruned (%.2f vs %.2f)", pruned, unpruned), 100*scoreDiff(unpruned, pruned), "points", -inf, 5),
		Within(fmt.Sprintf("recall lost by random pruning of the same amounts (%.2f vs %.2f)", random, unpruned), 100*scoreDiff(unpruned, random), "points", 20, inf),
	}, nil
}
