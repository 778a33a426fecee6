package validation

import (
	"fmt"
	"math"

	"engram/sim"
)

func init() {
	register(Row{ID: "V2", Title: "LIF f–I curve", Run: runV2})
}

// v2Cell is the current-driven LIF cell of the f–I check (the COBA cell:
// τm 20 ms, EL −60, Vth −50, Vreset −60 mV, tref 5 ms; rheobase 100 pA).
var v2Cell = sim.NeuronParams{CpF: 200, GLnS: 10, ELmV: -60, VthMV: -50, VresetMV: -60, TrefMs: 5}

// lifRate returns the analytic firing rate (Hz) of a LIF cell driven by a
// constant current iPA (pA) (e.g. Gerstner & Kistler 2002, §4.1):
//
//	T = tref + τm·ln((R·I + EL − Vreset)/(R·I + EL − Vth)),  R = 1/gL,
//
// and 0 below rheobase gL·(Vth − EL).
func lifRate(p sim.NeuronParams, iPA float64) float64 {
	ri := iPA / p.GLnS
	if ri+p.ELmV <= p.VthMV {
		return 0
	}
	T := p.TrefMs + p.TauMs()*math.Log((ri+p.ELmV-p.VresetMV)/(ri+p.ELmV-p.VthMV))
	return 1000 / T
}

// runV2 drives one cell per current for 10 s (2 s when quick) and
// compares its steady-state rate (1/mean ISI) with lifRate, over currents from 1.1× rheobase to
// 3× rheobase (≈ 19–76 Hz), and checks silence below rheobase.
func runV2(o Options) ([]Check, error) {
	currents := []float64{90, 110, 120, 150, 200, 250, 300}
	dur := 10000.0
	if o.Quick {
		dur = 2000
	}
	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		return nil, err
	}
	g, err := n.AddGroup("lif", len(currents), v2Cell)
	if err != nil {
		return nil, err
	}
	for i, c := range currents {
		g.SetCurrent(i, c)
	}
	rec := n.RecordSpikes(g, 0)
	if err := n.Run(dur); err != nil {
		return nil, err
	}
	// The steady-state rate is 1/mean ISI: (spikes − 1)/(last − first).
	tm, cells := rec.Spikes()
	count := make([]int, len(currents))
	first, last := make([]float64, len(currents)), make([]float64, len(currents))
	for k, c := range cells {
		if count[c] == 0 {
			first[c] = tm[k]
		}
		last[c] = tm[k]
		count[c]++
	}
	worst, silent := 0.0, true
	for i, c := range currents {
		want := lifRate(v2Cell, c)
		if want == 0 {
			silent = silent && count[i] == 0
			continue
		}
		if count[i] < 3 {
			return nil, fmt.Errorf("cell at %g pA fired %d times, want ≥ 3", c, count[i])
		}
		got := 1000 * float64(count[i]-1) / (last[i] - first[i])
		worst = math.Max(worst, math.Abs(got-want)/want)
	}
	return []Check{
		Within(fmt.Sprintf("max relative rate error, %g–%g pA", currents[1], currents[len(currents)-1]), 100*worst, "%", 0, 1),
		True("silent below rheobase (90 pA)", silent),
	}, nil
}
