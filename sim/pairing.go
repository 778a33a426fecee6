package sim

import "math"

// Pairing is a plasticity induction protocol on one NMDA synapse with the
// calcium-control rule (SetCalcium): 100 presynaptic spikes at 1 Hz while
// the postsynaptic cell is held at a potential, or fires at a lag, as in
// the slice experiments the rule was built to explain (e.g. Cummings et
// al. 1996 for pairing with depolarisation; Shouval et al. 2002).
type Pairing struct {
	// MgMM is the extracellular [Mg²⁺], mM.
	MgMM float64
	// ClampMV holds the postsynaptic cell at this potential, mV (NaN: free).
	ClampMV float64
	// PostLagMs, when not 0, makes the postsynaptic cell fire that long
	// after each presynaptic spike (negative: before it), ms.
	PostLagMs float64
}

// WeightChange runs the protocol and returns the relative weight change
// Δw/w0 in %. The synapse starts at the rule's resting efficacy ρ = 0.25;
// the postsynaptic cell is a LIF cell (C 200 pF, gL 10 nS, EL −65 mV).
func (pp Pairing) WeightChange() (float64, error) {
	cfg := DefaultConfig()
	cfg.MgMM = pp.MgMM
	n, err := New(cfg)
	if err != nil {
		return 0, err
	}
	g, err := n.AddGroup("post", 1, NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -65, TrefMs: 2})
	if err != nil {
		return 0, err
	}
	r, err := g.AddReceptor(NMDA())
	if err != nil {
		return 0, err
	}
	src, err := n.AddPoisson("pre", 1, 0)
	if err != nil {
		return 0, err
	}
	const w0 = 0.25
	p, err := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: w0})
	if err != nil {
		return 0, err
	}
	if err := p.SetCalcium(DefaultCalcium()); err != nil {
		return 0, err
	}
	if !math.IsNaN(pp.ClampMV) {
		g.Clamp(0, pp.ClampMV)
	}
	stepsPerMs := 1 / n.Dt()
	pre := int(100 * stepsPerMs)
	post := pre + int(pp.PostLagMs*stepsPerMs)
	for k := 0; k < 100; k++ {
		for s := 0; s < int(1000*stepsPerMs); s++ {
			if s == pre {
				src.Fire(0)
			}
			if pp.PostLagMs != 0 && s == post {
				g.SetV(0, 0) // above threshold: the cell fires this step
			}
			if err := n.Step(); err != nil {
				return 0, err
			}
		}
	}
	return 100 * (p.Weight(0) - w0) / w0, nil
}
