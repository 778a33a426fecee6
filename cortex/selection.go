package cortex

import (
	"fmt"
	"math"

	"engram/sim"
)

// PairingProtocol is a plasticity induction protocol on one plastic E→E
// synapse of the cortex, with the cortex's own rule (Build): pairs of a
// presynaptic spike and a postsynaptic spike LagMs later, one pair per
// PeriodMs, while the postsynaptic cell is held depolarised by DepolMV
// through its item-input receptor (the input that, in the brain, comes
// from CA1), as slice experiments pair with depolarisation (e.g. Cummings
// et al. 1996; validation row V4 for the engine's calcium rule).
type PairingProtocol struct {
	// Pairs is the number of pairings, ≥ 1. Default 20.
	Pairs int
	// LagMs is the postsynaptic spike's lag after the presynaptic one, ms
	// (negative: before it). Default 5.
	LagMs float64
	// PeriodMs is the time from one pairing to the next, ms, ≥ 50.
	// Default 1000 (1 Hz).
	PeriodMs float64
}

// DefaultPairing returns 20 pairings at 1 Hz, the postsynaptic spike 5 ms
// after the presynaptic one.
func DefaultPairing() PairingProtocol { return PairingProtocol{Pairs: 20, LagMs: 5, PeriodMs: 1000} }

// Potentiation measures the weight change per pairing (mV) of one plastic
// E→E synapse of a cortex with parameters p at [Mg²⁺] mgMM (mM), starting
// from half of WEEMaxMV (so that neither bound is reached), for each held depolarisation of depolMV (mV): the
// item-input receptor carries the steady current gL·depol, which
// depolarises the cell and, with GateOnInput, its dendrite. Learning runs
// at the sleep rate. The postsynaptic cell is a cortical E cell (p's
// membrane and adaptation) whose threshold is moved out of reach so that
// it fires only when the protocol makes it; everything else is the
// cortex's rule as Build sets it (window, gate, β at every pre- and
// postsynaptic spike, soft bound). Negative values are depression.
func Potentiation(p Params, mgMM float64, depolMV []float64, pp PairingProtocol) ([]float64, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if pp.Pairs < 1 || !(pp.PeriodMs >= 50) || math.IsNaN(pp.LagMs) || math.Abs(pp.LagMs) > pp.PeriodMs/4 {
		return nil, fmt.Errorf("cortex: pairing protocol %+v: want Pairs ≥ 1, PeriodMs ≥ 50 and |LagMs| ≤ PeriodMs/4", pp)
	}
	out := make([]float64, len(depolMV))
	for k, d := range depolMV {
		if !(d >= 0 && d <= 100) {
			return nil, fmt.Errorf("cortex: held depolarisation %v mV, want 0 … 100 mV", d)
		}
		dw, err := pairOnce(p, mgMM, d, pp)
		if err != nil {
			return nil, err
		}
		out[k] = dw
	}
	return out, nil
}

// pairOnce runs the protocol at one held depolarisation.
func pairOnce(p Params, mgMM, depolMV float64, pp PairingProtocol) (float64, error) {
	cfg := sim.DefaultConfig()
	cfg.MgMM = mgMM
	n, err := sim.New(cfg)
	if err != nil {
		return 0, err
	}
	defer n.Close()
	gL := p.CmPF / p.TauEMemMs
	cell := sim.NeuronParams{CpF: p.CmPF, GLnS: gL, ELmV: p.ELmV, VthMV: 1000, VresetMV: p.VresetMV,
		TrefMs: p.TrefEMs, BpA: p.AdaptMV * gL, TauWMs: p.TauAdaptMs}
	post, err := n.AddGroup("post", 1, cell)
	if err != nil {
		return 0, err
	}
	exc, err := post.AddReceptor(sim.ReceptorParams{Name: "exc", Kind: sim.Current, DecayMs: p.TauExcMs})
	if err != nil {
		return 0, err
	}
	in, err := post.AddReceptor(sim.ReceptorParams{Name: "input", Kind: sim.Current, DecayMs: p.TauExcMs})
	if err != nil {
		return 0, err
	}
	pre, err := n.AddPoisson("pre", 1, 0)
	if err != nil {
		return 0, err
	}
	toPA := p.PAPerMV(p.TauExcMs)
	w0 := p.WEEMaxMV / 2
	syn, err := n.Connect(pre, exc, sim.ConnSpec{Rule: sim.OneToOne, Weight: w0 * toPA, DelayMs: p.EEDelayMs})
	if err != nil {
		return 0, err
	}
	sp := eeSTDP(p)
	if err := syn.SetSTDP(sp); err != nil {
		return 0, err
	}
	syn.LearningRate = p.STDP.SleepRate
	post.SetV(0, p.ELmV)
	dt := n.Dt()
	period := int(math.Round(pp.PeriodMs / dt))
	preAt := period / 2
	// The presynaptic spike reaches the synapse EEDelayMs after it is
	// emitted; the pairing lag is between the two somatic spikes.
	postAt := preAt + int(math.Round(pp.LagMs/dt))
	hold := depolMV * gL // pA
	for range pp.Pairs {
		for s := 0; s < period; s++ {
			post.SetConductance(in, 0, hold)
			if s == preAt {
				pre.Fire(0)
			}
			if s == postAt {
				post.SetV(0, cell.VthMV+100)
			}
			if err := n.Step(); err != nil {
				return 0, err
			}
		}
	}
	return (syn.Weight(0)/toPA - w0) / float64(pp.Pairs), nil
}
