package scenarios

import (
	"slices"

	"engram/ann"
	"engram/brain"
	"engram/cortex"
	"engram/sim"
	"engram/viz"

	"gonum.org/v1/gonum/stat"
)

// selectionDepolMV are the held depolarisations of the brain synapse's
// pairing measurement, mV.
var selectionDepolMV = []float64{0, 5, 10, 15, 20, 25, 30, 40}

// selectionMgMM are the [Mg²⁺] values measured beside the run's, mM: no
// block and the top of the range.
var selectionMgMM = []float64{0, 3}

// selectionAlphas are the α values at which the trained Transformer's
// recall is measured: the α of 0, 0.5, 1, 2 and 3 mM Mg²⁺ (sim.MgAlpha),
// and 1 (SiLU, the default).
var selectionAlphas = []float64{sim.MgAlpha(0), sim.MgAlpha(0.5), sim.MgAlpha(1), sim.MgAlpha(2), sim.MgAlpha(3), 1}

// measureSelection measures what the summary's selection panel shows
// (viz.Selection): the brain cortex's own E→E synapse paired with a
// postsynaptic spike 5 ms after a presynaptic one, 10 times at 5 Hz, while
// held at each depolarisation of selectionDepolMV (cortex.Potentiation),
// at the run's [Mg²⁺] and at 0 and 3 mM; and the Transformer's recall at
// its last test repeated at each α of selectionAlphas with its trained
// weights (ann.Result.RecallAtAlpha), for the first of replay, finetune,
// rag and none that ran.
func measureSelection(bp brain.Params, annRes map[ann.Mode]*ann.Result, runAlpha float64) (viz.Selection, error) {
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
		res := annRes[m]
		if res == nil || len(res.Recall) == 0 {
			continue
		}
		sel.ANNMode = m
		for _, a := range selectionAlphas {
			sc, err := res.RecallAtAlpha(a)
			if err != nil {
				return sel, err
			}
			sel.Alphas = append(sel.Alphas, a)
			sel.ANNRecall = append(sel.ANNRecall, stat.Mean(sc, nil))
		}
		break
	}
	return sel, nil
}
