package validation

import (
	"math"

	"engram/sim"
)

func init() {
	register(Row{ID: "V4", Title: "NMDA-gated plasticity (Shouval et al. 2002)", Run: runV4})
}

// pairing describes one induction protocol of V4: 100 presynaptic spikes
// at 1 Hz onto one NMDA synapse with the calcium rule, and what the
// postsynaptic cell does meanwhile.
type pairing struct {
	mgMM float64
	// clampMV holds the cell at a potential during the protocol (NaN: free).
	clampMV float64
	// postLagMs, when not 0, makes the cell fire that long after each
	// presynaptic spike (negative: before it).
	postLagMs float64
}

// weightChange runs the protocol and returns the relative weight change
// Δw/w0 in %. The synapse starts at the rule's resting efficacy ρ = 0.25.
func (pp pairing) weightChange() (float64, error) {
	cfg := sim.DefaultConfig()
	cfg.MgMM = pp.mgMM
	n, err := sim.New(cfg)
	if err != nil {
		return 0, err
	}
	g, err := n.AddGroup("post", 1, sim.NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -65, TrefMs: 2})
	if err != nil {
		return 0, err
	}
	r, err := g.AddReceptor(sim.NMDA())
	if err != nil {
		return 0, err
	}
	src, _ := n.AddPoisson("pre", 1, 0)
	const w0 = 0.25
	p, err := n.Connect(src, r, sim.ConnSpec{Rule: sim.OneToOne, Weight: w0})
	if err != nil {
		return 0, err
	}
	if err := p.SetCalcium(sim.DefaultCalcium()); err != nil {
		return 0, err
	}
	if pp.clampMV == pp.clampMV {
		g.Clamp(0, pp.clampMV)
	}
	stepsPerMs := 1 / n.Dt()
	pre := int(100 * stepsPerMs)
	post := pre + int(pp.postLagMs*stepsPerMs)
	for k := 0; k < 100; k++ {
		for s := 0; s < int(1000*stepsPerMs); s++ {
			if s == pre {
				src.Fire(0)
			}
			if pp.postLagMs != 0 && s == post {
				g.SetV(0, 0) // above threshold: the cell fires this step
			}
			if err := n.Step(); err != nil {
				return 0, err
			}
		}
	}
	return 100 * (p.Weight(0) - w0) / w0, nil
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
		p    pairing
	}{
		{"pairing with depolarisation to −10 mV, 1 mM", pairing{mgMM: 1, clampMV: -10}},
		{"pre then post spike (+10 ms), 1 mM", pairing{mgMM: 1, clampMV: nan, postLagMs: 10}},
		{"pre alone at rest, 1 mM", pairing{mgMM: 1, clampMV: nan}},
		{"pre alone at rest, 0 mM", pairing{mgMM: 0, clampMV: nan}},
		{"pre then post spike (+10 ms), 3 mM", pairing{mgMM: 3, clampMV: nan, postLagMs: 10}},
		{"post then pre spike (−10 ms), 1 mM", pairing{mgMM: 1, clampMV: nan, postLagMs: -10}},
	}
	dw := make([]float64, len(protocols))
	for k, pr := range protocols {
		var err error
		if dw[k], err = pr.p.weightChange(); err != nil {
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
