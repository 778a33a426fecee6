package sim

import (
	"engram/param"
	"fmt"
	"math"
)

// NeuronParams describes a conductance-based integrate-and-fire cell with
// optional exponential spike initiation (AdEx) and spike-frequency
// adaptation. Every field has its unit in its name or doc line.
//
// With DeltaTmV = 0 the cell is a leaky integrate-and-fire neuron that spikes
// when V ≥ VthMV; with DeltaTmV > 0 it is the adaptive exponential
// integrate-and-fire neuron of Brette & Gerstner (2005), which spikes when V
// exceeds VpeakMV. With AnS = BpA = 0 there is no adaptation.
type NeuronParams struct {
	// CpF is the membrane capacitance, pF.
	CpF float64 `toml:"c_pf" unit:"pF" range:"0<..100000" doc:"membrane capacitance C"`
	// GLnS is the leak conductance, nS.
	GLnS float64 `toml:"gl_ns" unit:"nS" range:"0<..100000" doc:"leak conductance gL (τm = C/gL)"`
	// ELmV is the leak reversal (resting) potential, mV.
	ELmV float64 `toml:"el_mv" unit:"mV" range:"-150..50" doc:"leak reversal (resting) potential EL"`
	// VthMV is the spike threshold (the AdEx soft threshold VT), mV.
	VthMV float64 `toml:"vth_mv" unit:"mV" range:"-150..1000" doc:"spike threshold of the LIF cell (delta_t_mv = 0; far above any potential, a passive cell); the soft threshold VT of the exponential term of an AdEx cell"`
	// VresetMV is the potential after a spike, mV.
	VresetMV float64 `toml:"vreset_mv" unit:"mV" range:"-150..50" doc:"potential after a spike, held during the refractory period"`
	// TrefMs is the absolute refractory period, ms.
	TrefMs float64 `toml:"tref_ms" unit:"ms" range:"0..1000" doc:"absolute refractory period"`
	// DeltaTmV is the AdEx slope factor ΔT, mV (0: plain LIF).
	DeltaTmV float64 `toml:"delta_t_mv" unit:"mV" range:"0..50" doc:"AdEx slope factor ΔT (0: a leaky integrate-and-fire cell)"`
	// VpeakMV is the AdEx spike cut-off, mV.
	VpeakMV float64 `toml:"vpeak_mv" unit:"mV" range:"-150..2000" doc:"AdEx spike cut-off, above vth_mv (read only when delta_t_mv > 0)"`
	// AnS is the subthreshold adaptation conductance a, nS.
	AnS float64 `toml:"a_ns" unit:"nS" range:"-1000..1000" doc:"subthreshold adaptation conductance a"`
	// BpA is the spike-triggered adaptation increment b, pA.
	BpA float64 `toml:"b_pa" unit:"pA" range:"-100000..100000" doc:"spike-triggered adaptation increment b"`
	// TauWMs is the adaptation time constant τw, ms.
	TauWMs float64 `toml:"tau_w_ms" unit:"ms" range:"0..100000" doc:"adaptation time constant τw (≥ 2·dt when a_ns or b_pa ≠ 0)"`
}

// TauMs returns the membrane time constant C/gL in ms.
func (p NeuronParams) TauMs() float64 { return p.CpF / p.GLnS }

// adaptive reports whether the cell has an adaptation current.
func (p NeuronParams) adaptive() bool { return p.AnS != 0 || p.BpA != 0 }

// Validate reports the first parameter outside its range (its tags), or a
// threshold out of order, as a *param.Error.
func (p NeuronParams) Validate() error {
	if err := param.Check(&p, ""); err != nil {
		return err
	}
	switch {
	case p.DeltaTmV == 0 && p.VthMV <= p.VresetMV:
		return param.Invalid(&p, &p.VthMV, fmt.Sprintf("vth_mv > vreset_mv (%g mV) for a LIF cell", p.VresetMV))
	case p.DeltaTmV > 0 && p.VpeakMV <= p.VthMV:
		return param.Invalid(&p, &p.VpeakMV, fmt.Sprintf("vpeak_mv > vth_mv (%g mV) when delta_t_mv > 0", p.VthMV))
	}
	return nil
}

// validate is Validate with the time step dt, ms, which the time constants
// must exceed.
func (p NeuronParams) validate(dt float64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.adaptive() && p.TauWMs < 2*dt {
		return param.Invalid(&p, &p.TauWMs, fmt.Sprintf("≥ 2·dt = %g ms when adapting", 2*dt))
	}
	if tau := p.TauMs(); tau < 2*dt {
		return param.Invalid(&p, &p.CpF, fmt.Sprintf("c_pf/gl_ns (the membrane time constant, %g ms) ≥ 2·dt = %g ms; lower dt", tau, 2*dt))
	}
	return nil
}

// Kind says how a receptor acts on its cell.
type Kind int

const (
	// Conductance receptors add g·(E − V) to the membrane current.
	Conductance Kind = iota
	// Current receptors add their state directly as a current, in pA
	// (current-based synapses).
	Current
	// Jump receptors move the membrane potential by the summed weight of
	// the spikes that arrived, in mV, at the next step (delta synapses;
	// no kinetics). Input arriving during the refractory period is lost.
	Jump
)

// ReceptorParams describes one synaptic channel of a neuron group. Every
// projection onto the group targets one of its receptors; spikes arriving
// through it increment the receptor's state by the synaptic weight.
//
// Kinetics are a single exponential (RiseMs = 0) or a difference of
// exponentials normalised so that one unit of weight gives a peak of one
// unit of conductance (nS) or current (pA):
//
//	g(t) = w·f·(exp(−t/τd) − exp(−t/τr)),  f = 1/max_t(exp(−t/τd) − exp(−t/τr)).
//
// Both exponentials are integrated exactly.
type ReceptorParams struct {
	// Name identifies the receptor in errors and recordings ("AMPA", …).
	Name string
	// Kind is Conductance or Current.
	Kind Kind
	// RiseMs is the rise time constant τr, ms (0: instantaneous rise).
	RiseMs float64
	// DecayMs is the decay time constant τd, ms (> RiseMs).
	DecayMs float64
	// ErevMV is the reversal potential of a Conductance receptor, mV.
	ErevMV float64
	// MgBlock applies the Jahr–Stevens Mg²⁺ block B(V) to the conductance
	// (NMDA receptors).
	MgBlock bool
}

// AMPA returns an AMPA receptor: single exponential, τ 5 ms, E 0 mV
// (docs/model.md §1; Vogels & Abbott 2005).
func AMPA() ReceptorParams {
	return ReceptorParams{Name: "AMPA", Kind: Conductance, DecayMs: 5, ErevMV: 0}
}

// NMDA returns an NMDA receptor: rise 2 ms, decay 100 ms, E 0 mV, with the
// voltage-dependent Mg²⁺ block of Jahr & Stevens (1990).
func NMDA() ReceptorParams {
	return ReceptorParams{Name: "NMDA", Kind: Conductance, RiseMs: 2, DecayMs: 100, ErevMV: 0, MgBlock: true}
}

// GABAA returns a GABA_A receptor: single exponential, τ 10 ms, E −80 mV
// (Vogels & Abbott 2005).
func GABAA() ReceptorParams {
	return ReceptorParams{Name: "GABA_A", Kind: Conductance, DecayMs: 10, ErevMV: -80}
}

func (r ReceptorParams) validate(dt float64) error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"RiseMs", r.RiseMs}, {"DecayMs", r.DecayMs}, {"ErevMV", r.ErevMV}} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return fmt.Errorf("receptor %q: %s = %v, want a finite number", r.Name, c.name, c.v)
		}
	}
	switch {
	case r.Kind != Conductance && r.Kind != Current && r.Kind != Jump:
		return fmt.Errorf("receptor %q: Kind = %d, want Conductance, Current or Jump", r.Name, r.Kind)
	case r.Kind != Conductance && r.MgBlock:
		return fmt.Errorf("receptor %q: MgBlock needs a Conductance receptor", r.Name)
	case r.Kind == Jump && (r.RiseMs != 0 || r.DecayMs != 0):
		return fmt.Errorf("receptor %q: a Jump receptor has no kinetics; leave RiseMs and DecayMs at 0", r.Name)
	case r.Kind == Jump:
		return nil
	case r.RiseMs < 0:
		return fmt.Errorf("receptor %q: RiseMs = %v ms, want ≥ 0", r.Name, r.RiseMs)
	case r.RiseMs > 0 && r.RiseMs < dt:
		return fmt.Errorf("receptor %q: RiseMs = %v ms is shorter than dt = %v ms; lower dt or use RiseMs = 0", r.Name, r.RiseMs, dt)
	case r.DecayMs < 2*dt:
		return fmt.Errorf("receptor %q: DecayMs = %v ms, want ≥ 2·dt = %v ms", r.Name, r.DecayMs, 2*dt)
	case r.RiseMs >= r.DecayMs:
		return fmt.Errorf("receptor %q: RiseMs = %v ms, want < DecayMs = %v ms", r.Name, r.RiseMs, r.DecayMs)
	}
	return nil
}

// peakFactor returns f, the factor that normalises the difference of
// exponentials exp(−t/τd) − exp(−t/τr) to a peak of 1. The peak is at
// t* = τr·τd/(τd−τr)·ln(τd/τr).
func (r ReceptorParams) peakFactor() float64 {
	if r.RiseMs == 0 {
		return 1
	}
	td, tr := r.DecayMs, r.RiseMs
	tp := tr * td / (td - tr) * math.Log(td/tr)
	return 1 / (math.Exp(-tp/td) - math.Exp(-tp/tr))
}
