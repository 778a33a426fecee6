package validation

import (
	"math"

	"engram/sim"
)

func init() {
	register(Row{ID: "V4", Title: "NMDA-gated plasticity (Shouval et al. 2002)", Run: runV4})
}

// runV4 induces plasticity with the calcium-control rule of Shouval, Bear
// & Cooper (2002) under five protocols (100 presynaptic spikes at 1 Hz):
// pairing with depolarisation (clamp at −10 mV, as in Cummings et al.
// 1996) and pairing with a postsynaptic spike 10 ms later give LTP; the
// presynaptic spikes alone at rest give no change or LTD; with no Mg²⁺ they
// give LTP without any coincidence; at 3 mM Mg²⁺ (the top of Engram's
// range) spike pairing gives at most a quarter of the LTP it gives at 1 mM.
// Post-before-pre pairing is reported too (LTD in the model).
func runV4(Options) ([]Check, error) {
	nan := math.NaN()
	protocols := []struct {
		name string
		p    sim.Pairing
	}{
		{"pairing with depolarisation to −10 mV, 1 mM", sim.Pairing{MgMM: 1, ClampMV: -10}},
		{"pre then post spike (+10 ms), 1 mM", sim.Pairing{MgMM: 1, ClampMV: nan, PostLagMs: 10}},
		{"pre alone at rest, 1 mM", sim.Pairing{MgMM: 1, ClampMV: nan}},
		{"pre alone at rest, 0 mM", sim.Pairing{MgMM: 0, ClampMV: nan}},
		{"pre then post spike (+10 ms), 3 mM", sim.Pairing{MgMM: 3, ClampMV: nan, PostLagMs: 10}},
		{"post then pre spike (−10 ms), 1 mM", sim.Pairing{MgMM: 1, ClampMV: nan, PostLagMs: -10}},
	}
	dw := make([]float64, len(protocols))
	for k, pr := range protocols {
		var err error
		if dw[k], err = pr.p.WeightChange(); err != nil {
			return nil, err
		}
	}
	inf := math.Inf(1)
	checks := []Check{
		Within("Δw/w0, "+protocols[0].name+" (LTP)", dw[0], "%", 20, inf),
		Within("Δw/w0, "+protocols[1].name+" (LTP)", dw[1], "%", 20, inf),
		Within("Δw/w0, "+protocols[2].name+" (none or LTD)", dw[2], "%", -inf, 5),
		Within("Δw/w0, "+protocols[3].name+" (LTP without coincidence)", dw[3], "%", 20, inf),
		Within("LTP at 3 mM relative to 1 mM (spike pairing)", dw[4]/dw[1], "", -inf, 0.25),
		Within("Δw/w0, "+protocols[5].name+" (LTD)", dw[5], "%", -inf, -20),
	}
	return checks, nil
}
