package validation

import (
	"context"
	"fmt"
	"math"

	"engram/cortex"
)

func init() {
	register(Row{ID: "V10", Title: "Cortical pruning by use (Navlakha et al. 2015; Chechik et al. 1998)", Run: runV10})
}

// v10Config is the pruning experiment of V10: the default (4 sequences, 4
// days of consolidation, 5 pruning nights of 2 replays per sequence, arms
// not pruned / by usage / random, 10 recall trials), or with opt.Quick 2
// sequences, 3 days of consolidation and no unpruned arm.
func v10Config(opt Options) cortex.PruningConfig {
	cfg := cortex.DefaultPruning()
	cfg.Seed = opt.Seed
	if opt.Quick {
		cfg.Sequences, cfg.Nights = 2, 3
		cfg.Rules = []cortex.PruneRule{cortex.PruneByUsage, cortex.PruneRandom}
	}
	return cfg
}

// runV10 runs cortex.Pruning and checks MODEL.md §6 V10: at least 40 % of
// the plastic E→E synapses pruned over the nights with a recall loss of
// at most 5 points; the pruned synapses are the little-used ones (median
// usage percentile below 0.25 on every night); random pruning of the same
// amounts loses at least 10 points more recall.
func runV10(opt Options) ([]Check, error) {
	r, err := cortex.Pruning(context.Background(), v10Config(opt))
	if err != nil {
		return nil, err
	}
	use, rnd := r.Arm(cortex.PruneByUsage), r.Arm(cortex.PruneRandom)
	if use == nil || rnd == nil {
		return nil, fmt.Errorf("V10: the pruning experiment lacks the usage or random arm")
	}
	last := len(use.Recall) - 1
	before := use.Recall[0]
	lossUse := 100 * (before - use.Recall[last])
	lossRnd := 100 * (before - rnd.Recall[last])
	worstMedian := 0.0
	for _, rep := range use.Reports {
		worstMedian = max(worstMedian, rep.MedianPctPruned)
	}
	allPruned := 100 * (1 - float64(use.Synapses[last])/float64(use.Synapses[0]))
	inf := math.Inf(1)
	checks := []Check{
		Within("plastic E→E synapses pruned by usage", 100*use.PrunedFraction(), "%", 40, 100),
		Within(fmt.Sprintf("recall loss after pruning by usage (%.2f → %.2f)", before, use.Recall[last]), lossUse, "points", -inf, 5),
		Within("highest nightly median usage percentile of the pruned synapses", worstMedian, "", 0, 0.25),
		Within(fmt.Sprintf("extra recall loss of random pruning (%.2f → %.2f)", before, rnd.Recall[last]), lossRnd-lossUse, "points", 10, inf),
		Within("all E→E synapses pruned (assembly synapses are never pruned)", allPruned, "%", -inf, inf),
		Within("change of E→E synaptic events per recall after pruning by usage",
			100*(use.EEEventsPerRecall[last]/use.EEEventsPerRecall[0]-1), "%", -inf, inf),
		Within("median usage percentile of randomly pruned synapses, night 1", rnd.Reports[0].MedianPctPruned, "", -inf, inf),
	}
	if none := r.Arm(cortex.PruneNone); none != nil {
		end := none.Recall[len(none.Recall)-1]
		checks = append(checks,
			Within("recall after the same nights without pruning", end, "", -inf, inf),
			Within("recall of pruning by usage below the unpruned control, last night",
				math.Round(1e6*100*(end-use.Recall[last]))/1e6, "points", -inf, inf)) // rounding error shown as 0
	}
	return checks, nil
}
