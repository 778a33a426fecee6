package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"engram/ann"
	"engram/cortex"
	"engram/viz"
)

// selectionDepolMV are the held depolarisations of the brain synapse's
// pairing measurement, mV.
var selectionDepolMV = []float64{0, 5, 10, 15, 20, 25, 30, 40}

// selectionMgMM are the [Mg²⁺] values measured beside the run's, mM: no
// block and the top of the range.
var selectionMgMM = []float64{0, 3}

// selectionAlphas are the α values at which the trained Transformer's
// recall is measured: [Mg²⁺]/3.57 mM for 0, 0.5, 1, 2 and 3 mM, and 1
// (SiLU, the default).
var selectionAlphas = []float64{0, 0.5 / 3.57, 1 / 3.57, 2 / 3.57, 3 / 3.57, 1}

// measureSelection measures what the summary's selection panel shows
// (viz.Selection): the brain cortex's own E→E synapse paired with a
// postsynaptic spike 5 ms after a presynaptic one, 10 times at 5 Hz, while
// held at each depolarisation of selectionDepolMV (cortex.Potentiation),
// at the run's [Mg²⁺] and at 0 and 3 mM; and the Transformer's recall at
// its last test repeated at each α of selectionAlphas with its trained
// weights (ann.Result.RecallAtAlpha), for the first of replay, finetune,
// rag and none that ran.
func measureSelection(dn *DayNight, runAlpha float64) (viz.Selection, error) {
	bp := dn.Brain.Params
	sel := viz.Selection{MgMM: bp.MgMM, DepolMV: selectionDepolMV, RunAlpha: runAlpha}
	mgs := append([]float64{bp.MgMM}, selectionMgMM...)
	slices.Sort(mgs)
	mgs = slices.Compact(mgs)
	pp := cortex.PairingProtocol{Pairs: 10, LagMs: 5, PeriodMs: 200}
	for _, mg := range mgs {
		dw, err := cortex.Potentiation(bp.Cortex, mg, selectionDepolMV, pp)
		if err != nil {
			return sel, err
		}
		sel.PotentiationMgMM = append(sel.PotentiationMgMM, mg)
		sel.Potentiation = append(sel.Potentiation, dw)
	}
	for _, m := range []ann.Mode{ann.ModeReplay, ann.ModeFinetune, ann.ModeRAG, ann.ModeNone} {
		res := dn.ANN[m]
		if res == nil || len(res.Recall) == 0 {
			continue
		}
		sel.ANNMode = m
		for _, a := range selectionAlphas {
			sc, err := res.RecallAtAlpha(a)
			if err != nil {
				return sel, err
			}
			mean := 0.0
			for _, x := range sc {
				mean += x / float64(len(sc))
			}
			sel.Alphas = append(sel.Alphas, a)
			sel.ANNRecall = append(sel.ANNRecall, mean)
		}
		break
	}
	return sel, nil
}

// selectionRow is the "selection" row of the comparison table, from the
// measurements of the summary's selection panel (nil: none were made).
func selectionRow(r *Result, sel *viz.Selection) TableRow {
	row := TableRow{Dimension: "selection"}
	if sel == nil {
		return row
	}
	at := func(mg float64) []float64 {
		if k := slices.Index(sel.PotentiationMgMM, mg); k >= 0 {
			return sel.Potentiation[k]
		}
		return nil
	}
	cross := func(dw []float64) string {
		if len(dw) > 0 && dw[0] > 0 {
			return "at rest already"
		}
		for i := 1; i < len(dw); i++ {
			if dw[i-1] <= 0 && dw[i] > 0 {
				return fmt.Sprintf("once depolarised by %g–%g mV", sel.DepolMV[i-1], sel.DepolMV[i])
			}
		}
		return fmt.Sprintf("not even %g mV depolarised", sel.DepolMV[len(sel.DepolMV)-1])
	}
	run := at(sel.MgMM)
	last := len(sel.DepolMV) - 1
	row.Brain = fmt.Sprintf("the cortex's E→E synapses learn through the NMDA Mg²⁺ gate (both spike orders potentiate where the hippocampal input depolarises the dendrite; β depression at every spike): "+
		"paired 10 times at 5 Hz at %g mM, Δw per pairing %+.3f mV at rest and %+.3f mV held %g mV depolarised: LTP %s; at 0 mM %+.3f mV at rest: LTP %s, no depolarisation needed; at 3 mM LTP %s",
		sel.MgMM, run[0], run[last], sel.DepolMV[last], cross(run), at(0)[0], cross(at(0)), cross(at(3)))
	if len(sel.Alphas) > 0 {
		var parts []string
		for i, a := range sel.Alphas {
			parts = append(parts, fmt.Sprintf("α %.2f: %.2f", a, sel.ANNRecall[i]))
		}
		row.ANN = fmt.Sprintf("self-attention (%d layers × %d heads) choosing which tokens combine; NMDA activation trained at α = %g, β = %g. Recall of every learned episode at the last test (%s), repeated with the trained weights at other α: %s",
			ann.DefaultParams().Layers, ann.DefaultParams().Heads, r.Scenario.ANN.Alpha, r.Scenario.ANN.Beta, sel.ANNMode, strings.Join(parts, ", "))
	}
	return row
}
