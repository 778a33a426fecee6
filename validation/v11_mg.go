package validation

import (
	"context"
	"fmt"
	"math"
	"slices"

	"engram/brain"
)

func init() {
	register(Row{ID: "V11", Title: "Consolidation vs [Mg²⁺]: the whole brain's cortex learns through the NMDA Mg²⁺ gate", Run: runV11})
}

// v11MgMM are the [Mg²⁺] values of V11, mM.
var v11MgMM = []float64{0, 0.25, 0.5, 1, 2, 3}

// runV11 lives through the days of the default brain at each [Mg²⁺] of
// v11MgMM (brain.MgSweep; with opt.Quick at 0, 1 and 3 mM only, over 3
// days) and measures consolidation as the mean cortex-alone recall of all
// routes in the last test. It checks docs/model.md §7:
//
//   - physiological [Mg²⁺] (1 mM) consolidates within 0.1 of the best value;
//   - 3 mM consolidates at least 0.3 below the best (the block leaves too
//     little potentiation to outgrow depression);
//   - 0 mM loses selectivity: without the block every co-active pair
//     potentiates, so the links between a route's non-neighbouring items
//     grow towards those between neighbours. Selectivity is the ratio of the
//     mean neighbour link to the mean other within-route link; at 0 mM it
//     is at most half its value at 1 mM.
//
// The curve is drawn by the whole-brain sweep
// `simulate -set brain.mg_mm=0,0.25,0.5,1,2,3 day-night` (sweep.png); why
// it has its shape is explained at cortex.MgSweep (the stand-alone
// cortex) and in docs/model.md §4: the gate reads the dendrite's
// potential in the steep part of B, so [Mg²⁺] sets how far potentiation
// outgrows the depression at every spike.
func runV11(opt Options) ([]Check, error) {
	t, p, err := brainTask(opt)
	if err != nil {
		return nil, err
	}
	mgs := v11MgMM
	if opt.Quick {
		mgs = []float64{0, 1, 3}
	}
	runs, err := brain.MgSweep(context.Background(), t, p, mgs, 2)
	if err != nil {
		return nil, err
	}
	cons := make([]float64, len(runs))
	sel := make([]float64, len(runs))
	for k, r := range runs {
		d := r.Days[len(r.Days)-1]
		cons[k] = d.Cortex
		var nb, ot float64
		for _, l := range d.Links {
			nb += l.NeighbourMV
			ot += l.OtherMV
		}
		sel[k] = nb / math.Max(ot, 1e-9)
	}
	at := func(x []float64, mg float64) float64 { return x[slices.Index(mgs, mg)] }
	best := slices.Max(cons)
	inf := math.Inf(1)
	curve := ""
	for k, mg := range mgs {
		curve += fmt.Sprintf(" %g mM %.2f (selectivity %.1f);", mg, cons[k], sel[k])
	}
	return []Check{
		Within(fmt.Sprintf("consolidation at 1 mM below the best (recall by [Mg²⁺]:%s)", curve), scoreDiff(best, at(cons, 1)), "", -inf, 0.1),
		Within("consolidation at 3 mM below the best", scoreDiff(best, at(cons, 3)), "", 0.3, inf),
		Within("selectivity at 0 mM relative to 1 mM (neighbour over other within-route links)", at(sel, 0)/at(sel, 1), "", -inf, 0.5),
	}, nil
}
