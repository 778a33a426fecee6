package sim

import (
	"fmt"
	"math"
)

// CalciumParams describes the calcium-control plasticity rule of Shouval,
// Bear & Cooper (2002, PNAS 99:10831): calcium enters each synapse through
// its NMDA receptors, so the Mg²⁺ block decides which synapses learn, and
// the calcium level sets the sign of the change (moderate → LTD, high →
// LTP). Defaults are the paper's values.
type CalciumParams struct {
	// P0 is the fraction of NMDA receptors opened by a presynaptic spike.
	P0 float64
	// GNMDA is the calcium influx per open fraction per mV of driving
	// force, µM/(ms·mV) (negative: inward).
	GNMDA float64
	// VrMV is the calcium reversal potential, mV.
	VrMV float64
	// FastFrac is the fraction of the NMDA current in the fast component.
	FastFrac float64
	// TauFastMs and TauSlowMs are the NMDA current's decay times, ms.
	TauFastMs, TauSlowMs float64
	// TauCaMs is the calcium removal time constant, ms.
	TauCaMs float64
	// Alpha1, Alpha2 (µM) and Beta1, Beta2 (1/µM) shape Ω(Ca).
	Alpha1, Alpha2, Beta1, Beta2 float64
	// Eta1 (s), Eta2 (µM^Eta3), Eta3, Eta4 (s) shape the learning rate
	// η(Ca) = 1/(Eta1/(Eta2 + Ca^Eta3) + Eta4), 1/s.
	Eta1, Eta2, Eta3, Eta4 float64
	// WMax is the weight at efficacy ρ = 1 (nS, or pA for current
	// receptors); the rule moves ρ = w/WMax.
	WMax float64
}

// DefaultCalcium returns the parameters of Shouval et al. (2002): P0 0.5,
// G_NMDA −1/500 µM/(ms·mV), Vr 130 mV, NMDA current 50 % fast (50 ms) and
// 50 % slow (200 ms), τCa 50 ms, α1 0.35 µM, α2 0.55 µM, β1 = β2 = 80/µM,
// η with P1 0.1 s, P2 1e-4·P1, P3 3, P4 1 s, and WMax 1.
func DefaultCalcium() CalciumParams {
	return CalciumParams{P0: 0.5, GNMDA: -1.0 / 500, VrMV: 130, FastFrac: 0.5, TauFastMs: 50, TauSlowMs: 200,
		TauCaMs: 50, Alpha1: 0.35, Alpha2: 0.55, Beta1: 80, Beta2: 80,
		Eta1: 0.1, Eta2: 1e-5, Eta3: 3, Eta4: 1, WMax: 1}
}

// The back-propagating action potential that depolarises the dendrite
// after a postsynaptic spike (Shouval et al. 2002): 100 mV, 75 % decaying
// with 3 ms and 25 % with 25 ms.
const (
	bpapAmpMV    = 100.0
	bpapFastFrac = 0.75
	bpapTauFast  = 3.0
	bpapTauSlow  = 25.0
)

func bpapDecayF(dt float64) float64 { return math.Exp(-dt / bpapTauFast) }
func bpapDecayS(dt float64) float64 { return math.Exp(-dt / bpapTauSlow) }

// Omega returns Ω(Ca), the efficacy the synapse relaxes to at calcium
// level ca (µM): Ω = 0.25 + σ(Ca − α2, β2) − 0.25·σ(Ca − α1, β1), with
// σ(x, β) = 1/(1 + exp(−βx)) (Shouval et al. 2002). Ω ≈ 0.25 (no change)
// at rest, ≈ 0 (LTD) between α1 and α2, ≈ 1 (LTP) above α2.
func (c CalciumParams) Omega(ca float64) float64 {
	return 0.25 + sigmoid(c.Beta2*(ca-c.Alpha2)) - 0.25*sigmoid(c.Beta1*(ca-c.Alpha1))
}

// Eta returns the calcium-dependent learning rate η(Ca) in 1/s:
// η = 1/τ(Ca), τ = P1/(P2 + Ca^P3) + P4 (Shouval et al. 2002).
func (c CalciumParams) Eta(ca float64) float64 {
	return 1 / (c.Eta1/(c.Eta2+math.Pow(ca, c.Eta3)) + c.Eta4)
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func (c CalciumParams) validate(dt float64) error {
	vals := []float64{c.P0, c.GNMDA, c.VrMV, c.FastFrac, c.TauFastMs, c.TauSlowMs, c.TauCaMs,
		c.Alpha1, c.Alpha2, c.Beta1, c.Beta2, c.Eta1, c.Eta2, c.Eta3, c.Eta4, c.WMax}
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("calcium rule: a parameter is %v, want finite numbers", v)
		}
	}
	switch {
	case !(c.P0 > 0 && c.P0 <= 1):
		return fmt.Errorf("calcium rule: P0 = %v, want 0 < P0 ≤ 1", c.P0)
	case !(c.FastFrac >= 0 && c.FastFrac <= 1):
		return fmt.Errorf("calcium rule: FastFrac = %v, want 0 … 1", c.FastFrac)
	case c.TauFastMs < dt || c.TauSlowMs < dt || c.TauCaMs < dt:
		return fmt.Errorf("calcium rule: time constants %v, %v, %v ms, want ≥ dt = %v ms", c.TauFastMs, c.TauSlowMs, c.TauCaMs, dt)
	case !(c.Alpha2 > c.Alpha1 && c.Alpha1 > 0):
		return fmt.Errorf("calcium rule: α1 = %v, α2 = %v µM, want 0 < α1 < α2", c.Alpha1, c.Alpha2)
	case !(c.WMax > 0):
		return fmt.Errorf("calcium rule: WMax = %v, want > 0", c.WMax)
	case !(c.Eta1 > 0 && c.Eta2 > 0 && c.Eta4 > 0):
		return fmt.Errorf("calcium rule: η parameters %v, %v, %v, want > 0", c.Eta1, c.Eta2, c.Eta4)
	}
	return nil
}

// calcium is the state of a calcium rule on one projection: per synapse
// calcium (µM), per presynaptic cell the open NMDA fraction (two
// components), tables of Ω and η.
type calcium struct {
	p          CalciumParams
	c          []float32 // calcium per synapse, µM
	gf, gs     []float64 // open fraction per presynaptic cell
	decF, decS float64
	decCa      float64
	h          []float64 // per postsynaptic cell: influx per open fraction, µM/ms
	omega, eta []float64 // tabulated on caStep
}

const (
	caStep = 0.001 // µM, table resolution
	caMax  = 20.0  // µM, table range
)

// SetCalcium gives the projection the calcium-control rule of Shouval et
// al. (2002). It is meant for synapses onto NMDA-bearing cells; the target
// group gets back-propagating action potentials.
func (p *Projection) SetCalcium(c CalciumParams) error {
	dt := p.post.net.dt
	if err := c.validate(dt); err != nil {
		return fmt.Errorf("sim: projection %s: %w", p.name, err)
	}
	nPre := len(p.rowPtr) - 1
	p.ownWeights()
	st := &calcium{p: c, c: make([]float32, p.nSyn), gf: make([]float64, nPre), gs: make([]float64, nPre),
		decF: math.Exp(-dt / c.TauFastMs), decS: math.Exp(-dt / c.TauSlowMs), decCa: math.Exp(-dt / c.TauCaMs),
		h: make([]float64, p.post.size)}
	n := int(caMax/caStep) + 2
	st.omega, st.eta = make([]float64, n), make([]float64, n)
	for i := range st.omega {
		ca := float64(i) * caStep
		st.omega[i], st.eta[i] = c.Omega(ca), c.Eta(ca)
	}
	g := p.post
	if g.bpapF == nil {
		g.bpapF, g.bpapS = make([]float64, g.size), make([]float64, g.size)
	}
	p.ca = st
	return nil
}

// Calcium returns the calcium level of synapse k, µM.
func (p *Projection) Calcium(k int) float64 {
	if p.ca == nil {
		return 0
	}
	return float64(p.ca.c[k])
}

// update advances every synapse of the projection by one step (Shouval et
// al. 2002):
//
//	I_NMDA = P0·G_NMDA·(f·e^(−t/τf) + (1−f)·e^(−t/τs))·B(Vd)·(Vd − Vr)   [µM/ms]
//	dCa/dt = I_NMDA − Ca/τCa
//	dρ/dt  = η(Ca)·(Ω(Ca) − ρ),  ρ = w/WMax
//
// where t is the time since each presynaptic spike (summed over spikes),
// Vd = V + BPAP is the dendritic potential of the postsynaptic cell and B
// the Jahr–Stevens Mg²⁺ block at the network's [Mg²⁺]. Calcium is
// integrated exactly for the step, ρ by forward Euler (η ≤ 1/s ≪ 1/dt).
// The change of ρ is scaled by the projection's learning rate and the
// network's neuromodulatory gain.
func (st *calcium) update(p *Projection, n *Network) {
	c := &st.p
	g := p.post
	for j := range st.h {
		vd := g.v[j]
		if g.bpapF != nil {
			vd += g.bpapF[j] + g.bpapS[j]
		}
		st.h[j] = c.GNMDA * n.mg.at(vd) * (vd - c.VrMV)
	}
	for _, i := range p.due {
		st.gf[i] += c.P0 * c.FastFrac
		st.gs[i] += c.P0 * (1 - c.FastFrac)
	}
	dt := n.dt
	rate := p.rate() * dt / 1000 // η is per second
	for i := range st.gf {
		open := st.gf[i] + st.gs[i]
		for k := p.rowPtr[i]; k < p.rowPtr[i+1]; k++ {
			ca := float64(st.c[k])*st.decCa + dt*open*st.h[p.target(int(k))]
			if ca < 0 {
				ca = 0
			}
			st.c[k] = float32(ca)
			if rate != 0 && (p.frozen == nil || !p.Frozen(int(k))) {
				x := ca / caStep
				if x > float64(len(st.omega)-2) {
					x = float64(len(st.omega) - 2)
				}
				m := int(x)
				f := x - float64(m)
				om := st.omega[m] + f*(st.omega[m+1]-st.omega[m])
				et := st.eta[m] + f*(st.eta[m+1]-st.eta[m])
				rho := float64(p.w[k]) / c.WMax
				rho += rate * et * (om - rho)
				p.w[k] = float32(rho * c.WMax)
			}
		}
		st.gf[i] *= st.decF
		st.gs[i] *= st.decS
	}
}
