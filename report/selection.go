package report

import (
	"fmt"
	"slices"
	"strings"

	"engram/ann"
)

// selectionRow is the "selection" row of the comparison table, from the
// measurements of the summary's selection panel (nil: none were made).
func selectionRow(dn DayNight) TableRow {
	sel := dn.Selection
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
			ann.DefaultParams().Layers, ann.DefaultParams().Heads, dn.Alpha, dn.Beta, sel.ANNMode, strings.Join(parts, ", "))
	}
	return row
}
