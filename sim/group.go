package sim

import (
	"fmt"
	"math"
)

// population is what every spike source shares: a name, a size and the
// indices that spiked in the current step (ascending).
type population struct {
	name   string
	size   int
	spikes []int32
	count  int64 // spikes since the network was built
	paused bool
}

// SetPaused pauses (true) or resumes (false) the population. A paused
// population is not stepped: its cells hold their state and emit no
// spikes, a paused group receives no input (spikes arriving at it are
// discarded, its Poisson background is not drawn, plasticity onto it
// stops), and no energy is spent in it. A region that is neither driven
// nor read during a phase can be paused so that it costs no time and is
// not changed by what the rest of the network does meanwhile. It may be
// called between steps, also while the network runs (from an observer).
func (p *population) SetPaused(paused bool) {
	p.paused = paused
	p.spikes = p.spikes[:0]
}

// Paused reports whether the population is paused (SetPaused).
func (p *population) Paused() bool { return p.paused }

// Name returns the population's name.
func (p *population) Name() string { return p.name }

// Size returns the number of cells.
func (p *population) Size() int { return p.size }

// Spikes returns the cells that spiked in the last step, ascending. The
// slice is reused by the next step; copy it to keep it.
func (p *population) Spikes() []int32 { return p.spikes }

// SpikeCount returns the number of spikes since the network was built.
func (p *population) SpikeCount() int64 { return p.count }

func (p *population) pop() *population { return p }

// Source is anything a projection can start from: a neuron Group or a
// Poisson input population.
type Source interface {
	Name() string
	Size() int
	pop() *population
}

// Receptor identifies one receptor of one group, as returned by
// Group.AddReceptor.
type Receptor struct {
	g *Group
	i int
}

// Name returns the receptor's name.
func (r Receptor) Name() string { return r.g.rec[r.i].Name }

// Group is a population of conductance-based integrate-and-fire cells
// stepped together, with its state held as one slice per variable.
type Group struct {
	population
	net *Network
	p   NeuronParams

	// State, one entry per cell.
	v    []float64 // membrane potential, mV
	w    []float64 // adaptation current, pA
	ref  []int32   // refractory steps left
	iext []float64 // external current, pA
	// iextSet is true once some cell was given a current that is not 0.
	iextSet bool
	// clamp holds a holding potential per cell (NaN: free); nil when no
	// cell of the group is clamped.
	clamp []float64

	// Receptors: parameters and the two exponential states of each.
	rec    []ReceptorParams
	recA   [][]float64 // decaying component, nS or pA
	recB   [][]float64 // rising component (nil for single exponentials)
	decA   []float64   // exp(−dt/τd)
	decB   []float64   // exp(−dt/τr)
	norm   []float64   // peak-normalisation factor f
	inputs []*poissonInput

	// Per-step scratch: summed conductance, summed g·E, summed current,
	// summed voltage jumps (nil without Jump receptors).
	gSum, gESum, iSum, jSum []float64
	// kStep and iSpike hold each cell's dt/C·φ(dt·G/C) and AdEx spike
	// current gL·ΔT·exp((V−VT)/ΔT) of the step (stepFull; iSpike nil
	// for LIF cells).
	kStep, iSpike []float64

	// lfp, when non-nil, holds each cell's summed |synaptic current| (pA)
	// of the last step, the LFP proxy of Mazzoni et al. (2008).
	lfp []float64
	// lfpStep and lfpVal cache the sum of lfp for the step lfpStep, so
	// that several recorders of one group sum it once.
	lfpStep int64
	lfpVal  float64
	// vbar, when non-nil, is V low-pass filtered with time constant
	// vbarTauMs, used by Mg²⁺-gated learning rules.
	vbar      []float64
	vbarDecay float64
	// bpap, when non-nil, is the back-propagating action potential seen by
	// dendritic NMDA receptors (mV above V), used by the calcium rule.
	bpapF, bpapS []float64

	// spikes found by each worker in the current step.
	wspikes [][]int32
	// wdef is each worker's scratch room for plainEIKernel.
	wdef [][]int32

	refSteps int32
	decW     float64
	vSpike   float64 // threshold (LIF) or peak (AdEx)
}

// Params returns the group's neuron parameters.
func (g *Group) Params() NeuronParams { return g.p }

// V returns the membrane potential of cell i, mV.
func (g *Group) V(i int) float64 { return g.v[i] }

// W returns the adaptation current of cell i, pA.
func (g *Group) W(i int) float64 { return g.w[i] }

// SetV sets the membrane potential of cell i, mV (initial conditions).
func (g *Group) SetV(i int, mV float64) { g.v[i] = mV }

// SetCurrent sets the constant external current into cell i, pA.
func (g *Group) SetCurrent(i int, pA float64) {
	g.iext[i] = pA
	if pA != 0 {
		g.iextSet = true
	}
}

// Clamp holds cell i at mV (a voltage clamp); NaN releases it.
func (g *Group) Clamp(i int, mV float64) {
	if g.clamp == nil {
		g.clamp = make([]float64, g.size)
		for k := range g.clamp {
			g.clamp[k] = math.NaN()
		}
	}
	g.clamp[i] = mV
	if !math.IsNaN(mV) {
		g.v[i] = mV
	}
}

// Conductance returns the present value of receptor r in cell i (nS, or pA
// for current receptors), before any Mg²⁺ block.
func (g *Group) Conductance(r Receptor, i int) float64 {
	v := g.recA[r.i][i]
	if g.recB[r.i] != nil {
		v -= g.recB[r.i][i]
	}
	return v
}

// SetConductance sets receptor r of cell i to a conductance (nS) or
// current (pA) with no rising component left (initial conditions).
func (g *Group) SetConductance(r Receptor, i int, v float64) {
	g.recA[r.i][i] = v
	if g.recB[r.i] != nil {
		g.recB[r.i][i] = 0
	}
}

// lfpSum returns the summed absolute synaptic current of the group's
// cells in step (the last one), pA (0 unless RecordLFP was called),
// summing them once per step however many recorders ask.
func (g *Group) lfpSum(step int64) float64 {
	if g.lfpStep != step {
		s := 0.0
		for _, x := range g.lfp {
			s += x
		}
		g.lfpStep, g.lfpVal = step, s
	}
	return g.lfpVal
}

// AddReceptor adds a synaptic channel to the group. All receptors must be
// added before the network's first step.
func (g *Group) AddReceptor(r ReceptorParams) (Receptor, error) {
	if g.net.frozen {
		return Receptor{}, fmt.Errorf("sim: group %q: AddReceptor after the network has started", g.name)
	}
	if err := r.validate(g.net.dt); err != nil {
		return Receptor{}, fmt.Errorf("sim: group %q: %w", g.name, err)
	}
	dt := g.net.dt
	g.rec = append(g.rec, r)
	g.recA = append(g.recA, make([]float64, g.size))
	if r.Kind == Jump {
		g.decA = append(g.decA, 0)
		if g.jSum == nil {
			g.jSum = make([]float64, g.size)
		}
	} else {
		g.decA = append(g.decA, math.Exp(-dt/r.DecayMs))
	}
	if r.RiseMs > 0 {
		g.recB = append(g.recB, make([]float64, g.size))
		g.decB = append(g.decB, math.Exp(-dt/r.RiseMs))
	} else {
		g.recB = append(g.recB, nil)
		g.decB = append(g.decB, 0)
	}
	g.norm = append(g.norm, r.peakFactor())
	return Receptor{g: g, i: len(g.rec) - 1}, nil
}

// Receptor returns the receptor named name.
func (g *Group) Receptor(name string) (Receptor, error) {
	for i, r := range g.rec {
		if r.Name == name {
			return Receptor{g: g, i: i}, nil
		}
	}
	return Receptor{}, fmt.Errorf("sim: group %q has no receptor %q", g.name, name)
}

// TrackVbar makes the group keep V̄, the membrane potential low-pass
// filtered with time constant tauMs (dV̄/dt = (V − V̄)/τ), read by learning
// rules gated by the Mg²⁺ block.
func (g *Group) TrackVbar(tauMs float64) {
	if g.vbar == nil {
		g.vbar = make([]float64, g.size)
		copy(g.vbar, g.v)
	}
	g.vbarDecay = math.Exp(-g.net.dt / tauMs)
}

// Vbar returns V̄ of cell i (mV), or V when V̄ is not tracked.
func (g *Group) Vbar(i int) float64 {
	if g.vbar == nil {
		return g.v[i]
	}
	return g.vbar[i]
}

// RecordLFP makes the group compute its LFP proxy every step.
func (g *Group) RecordLFP() {
	if g.lfp == nil {
		g.lfp = make([]float64, g.size)
		g.lfpStep = -1
	}
}

// integrate advances cells lo..hi−1 by one time step and appends the cells
// that spiked to g.wspikes[wk]. It returns the index of a cell whose state
// became NaN or infinite, or −1.
//
// Each receptor's components decay exactly, g ← g·exp(−dt/τ). The membrane
// equation (Brette & Gerstner 2005; conductance-based as in Vogels &
// Abbott 2005)
//
//	C dV/dt = −gL(V−EL) + gL·ΔT·exp((V−VT)/ΔT) − Σr gr·Br(V)·(V−Er) + Σr Ir − w + Iext
//
// with Br the Mg²⁺ block for NMDA receptors (1 otherwise), is integrated by
// exponential Euler: with the conductances and currents held over the step,
// G = gL + Σ gr·Br and V∞ = (gL·EL + Σ gr·Br·Er + I)/G,
//
//	V(t+dt) = V∞ + (V(t) − V∞)·exp(−dt·G/C)
//	        = V(t) + (dt/C)·φ(dt·G/C)·(G·V∞ − G·V(t)),  φ(x) = (1 − e^(−x))/x,
//
// the second form (used here) needs no division.
//
// Adaptation τw dw/dt = a(V − EL) − w is integrated the same way; a spike
// sets V to Vreset, adds b to w and holds V for the refractory period.
//
// With Config.Method Euler, V and w take forward-Euler steps instead:
// φ = 1, V(t+dt) = V(t) + (dt/C)·(G·V∞ − G·V(t)), and w ← w + (dt/τw)·
// (a(V − EL) − w); the conductances still decay exactly.
func (g *Group) integrate(lo, hi, wk int, mg *mgTable) int {
	if g.plainEI() {
		return g.stepPlainEI(lo, hi, wk)
	}
	v := g.v[lo:hi]
	gSum, gESum, iSum := g.gSum[lo:hi], g.gESum[lo:hi], g.iSum[lo:hi]
	clear(gSum)
	clear(gESum)
	clear(iSum)
	if g.jSum != nil {
		clear(g.jSum[lo:hi])
	}
	var lfp []float64
	if g.lfp != nil {
		lfp = g.lfp[lo:hi]
		clear(lfp)
	}
	for r := range g.rec {
		g.receptorPass(r, lo, hi, v, gSum, gESum, iSum, lfp, mg)
	}
	if g.bpapF != nil {
		decayInto(g.bpapF[lo:hi], bpapDecayF(g.net.dt))
		decayInto(g.bpapS[lo:hi], bpapDecayS(g.net.dt))
	}
	bad := g.stepFull(lo, hi, wk)
	if g.vbar != nil {
		vbar := g.vbar[lo:hi]
		for i, vi := range v {
			vbar[i] = vi + (vbar[i]-vi)*g.vbarDecay
		}
	}
	return bad
}

// plainEI reports whether the group is a plain LIF group with exactly two
// single-exponential conductance receptors without Mg²⁺ block (the E/I
// network of Vogels & Abbott 2005), which stepPlainEI steps in one pass.
func (g *Group) plainEI() bool {
	if g.p.DeltaTmV != 0 || g.p.adaptive() || g.clamp != nil || g.bpapF != nil || g.lfp != nil || g.vbar != nil || len(g.rec) != 2 {
		return false
	}
	for r, rp := range g.rec {
		if g.recB[r] != nil || rp.Kind != Conductance || rp.MgBlock {
			return false
		}
	}
	return true
}

// stepPlainEI is integrate for a plainEI group: the same equations, with
// the receptor decay fused into the membrane update (one pass over memory),
// handing blocks of four cells to a vector kernel where there is one
// (kernels.go).
func (g *Group) stepPlainEI(lo, hi, wk int) int {
	p := &g.p
	dtC := g.net.dt / p.CpF
	gL, glEL, vSpike, vReset, refSteps := p.GLnS, p.GLnS*p.ELmV, g.vSpike, p.VresetMV, g.refSteps
	euler := g.net.euler
	v := g.v[lo:hi]
	n := len(v)
	ref, iext := g.ref[lo:hi][:n], g.iext[lo:hi][:n]
	a0, a1 := g.recA[0][lo:hi][:n], g.recA[1][lo:hi][:n]
	d0, d1, e0, e1 := g.decA[0], g.decA[1], g.rec[0].ErevMV, g.rec[1].ErevMV
	spikes := g.wspikes[wk][:0]
	if cap(spikes) < n+plainEISlack {
		spikes = make([]int32, 0, n+plainEISlack)
	}
	if len(g.wdef[wk]) < plainEIDefLen(n) {
		g.wdef[wk] = make([]int32, plainEIDefLen(n))
	}
	bad := -1
	for i := 0; i < n; {
		done, ns := plainEIKernel(v[i:], iext[i:], a0[i:], a1[i:], ref[i:], spikes[len(spikes):cap(spikes)], g.wdef[wk], lo+i,
			d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset, refSteps, !g.iextSet, euler)
		spikes = spikes[:len(spikes)+ns]
		i += done
		for end := kernelLeft(i, n); i < end; i++ {
			g0 := a0[i] * d0
			g1 := a1[i] * d1
			a0[i], a1[i] = g0, g1
			if ref[i] > 0 {
				ref[i]--
				continue
			}
			G := gL + g0 + g1
			x := dtC * G
			var phi float64 // φ(x) = (1 − e^(−x))/x, see integrate
			if euler {
				phi = 1
			} else if x < 0.25 {
				x2 := x * x // Estrin's scheme: a shorter chain of dependent operations
				phi = (1 - x*(1.0/2)) + x2*((1.0/6-x*(1.0/24))+x2*((1.0/120-x*(1.0/720))+x2*(1.0/5040)))
			} else {
				phi = -math.Expm1(-x) / x
			}
			vi := v[i] + dtC*phi*(glEL+g0*e0+g1*e1+iext[i]-G*v[i])
			if vi >= vSpike {
				vi = vReset
				ref[i] = refSteps
				spikes = append(spikes, int32(lo+i))
			}
			if vi-vi != 0 && bad < 0 {
				bad = lo + i
			}
			v[i] = vi
		}
	}
	g.wspikes[wk] = spikes
	return bad
}

// stepFull advances the membrane potential and adaptation of cells
// lo..hi−1 given the summed synaptic input of this step.
//
// The two long chains of dependent operations of a cell's update, the
// factor dt/C·φ(dt·G/C) and the AdEx term gL·ΔT·exp((V−VT)/ΔT), are
// computed first for every cell in short loops of their own (into kStep
// and iSpike), so that the processor overlaps many cells' chains; the
// update itself then only combines them. The operations and their order
// are those of the single-loop form, so the results are the same. Each
// loop hands blocks of four cells to a vector kernel where the processor
// has one (kernels.go), with the same results.
func (g *Group) stepFull(lo, hi, wk int) int {
	p := &g.p
	dtC := g.net.dt / p.CpF
	gL, glEL := p.GLnS, p.GLnS*p.ELmV
	adex := p.DeltaTmV > 0
	adapt := p.adaptive()
	v := g.v[lo:hi]
	n := len(v)
	w, ref, iext := g.w[lo:hi][:n], g.ref[lo:hi][:n], g.iext[lo:hi][:n]
	gSum, gESum, iSum := g.gSum[lo:hi][:n], g.gESum[lo:hi][:n], g.iSum[lo:hi][:n]
	kStep := g.kStep[lo:hi][:n]
	if g.net.euler {
		for i := range kStep {
			kStep[i] = dtC // φ = 1
		}
	} else {
		for i := 0; i < n; {
			i += phiStepKernel(kStep[i:], gSum[i:], dtC, gL)
			for end := kernelLeft(i, n); i < end; i++ {
				// φ(x), inlined: the same operations as phi.
				x := dtC * (gL + gSum[i])
				var f float64
				if x > 0 && x < 0.25 {
					f = 1 - x*(1.0/2-x*(1.0/6-x*(1.0/24-x*(1.0/120-x*(1.0/720-x*(1.0/5040))))))
				} else {
					f = phi(x)
				}
				kStep[i] = dtC * f
			}
		}
	}
	var iSpike []float64
	if adex {
		iSpike = g.iSpike[lo:hi][:n]
		gLdT, vt, dT := gL*p.DeltaTmV, p.VthMV, p.DeltaTmV
		tab := expTab
		for i := 0; i < n; {
			i += adexSpikeKernel(iSpike[i:], v[i:], vt, dT, gLdT)
			for end := kernelLeft(i, n); i < end; i++ {
				// e^x, inlined: the same operations as fastExp.
				x := (v[i] - vt) / dT
				var e float64
				if x >= expTabLo && x < expTabHi {
					y := (x - expTabLo) * expTabRes
					k := int(y)
					d := (y - float64(k)) * (1 / expTabRes)
					e = tab[k] * (1 + d*(1+d*(0.5+d*(1.0/6))))
				} else {
					e = math.Exp(x)
				}
				iSpike[i] = gLdT * e
			}
		}
	}
	var clamp, jSum []float64
	if g.clamp != nil {
		clamp = g.clamp[lo:hi][:n]
	}
	if g.jSum != nil {
		jSum = g.jSum[lo:hi][:n]
	}
	el, aw, decW := p.ELmV, p.AnS, g.decW
	vSpike, vReset, bw, refSteps := g.vSpike, p.VresetMV, p.BpA, g.refSteps
	spikes := g.wspikes[wk][:0]
	bad := -1
	for i := 0; i < n; {
		if clamp == nil && jSum == nil {
			var sp []float64
			if adex {
				sp = iSpike[i:]
			}
			i += membraneKernel(v[i:], w[i:], iext[i:], gSum[i:], gESum[i:], iSum[i:], kStep[i:], sp, ref[i:], gL, glEL, el, aw, decW, vSpike, adapt)
		}
		for end := kernelLeft(i, n); i < end; i++ {
			vi := v[i]
			if adapt {
				winf := aw * (vi - el)
				w[i] = winf + (w[i]-winf)*decW
			}
			switch {
			case clamp != nil && clamp[i] == clamp[i]: // clamped (not NaN)
				vi = clamp[i]
			case ref[i] > 0:
				ref[i]--
			default:
				G := gL + gSum[i]
				I := glEL + gESum[i] + iSum[i] + iext[i] - w[i]
				if adex {
					I += iSpike[i]
				}
				vi += kStep[i] * (I - G*vi)
				if jSum != nil {
					vi += jSum[i]
				}
				if vi >= vSpike {
					vi = vReset
					ref[i] = refSteps
					w[i] += bw
					spikes = append(spikes, int32(lo+i))
					if g.bpapF != nil {
						g.bpapF[lo+i] += bpapAmpMV * bpapFastFrac
						g.bpapS[lo+i] += bpapAmpMV * (1 - bpapFastFrac)
					}
				}
				if vi-vi != 0 && bad < 0 {
					bad = lo + i
				}
			}
			v[i] = vi
		}
	}
	g.wspikes[wk] = spikes
	return bad
}

// phi returns φ(x) = (1 − e^(−x))/x for x > 0, the factor that turns an
// Euler step into an exact exponential one. For x < 0.25, the common case
// of a membrane step dt·G/C, it uses the Taylor polynomial to degree 6
// (relative error < 2e-9); otherwise −expm1(−x)/x. stepPlainEI inlines
// the same polynomial (Estrin's scheme), stepFull the same operations.
func phi(x float64) float64 {
	if x >= 0.25 || x <= 0 {
		if x == 0 {
			return 1
		}
		return -math.Expm1(-x) / x
	}
	return 1 - x*(1.0/2-x*(1.0/6-x*(1.0/24-x*(1.0/120-x*(1.0/720-x*(1.0/5040))))))
}

// receptorPass decays receptor r in cells lo..hi−1 and adds its
// conductance (and g·E) or current to the sums.
//
// With lfp non-nil it also adds each cell's absolute synaptic current of
// the receptor, |g·(E − V)| or |I| (pA), to lfp: the LFP proxy of Mazzoni
// et al. (2008). Voltage jumps are not currents and are left out. The
// common cases hand blocks of four cells to vector kernels (kernels.go).
func (g *Group) receptorPass(r, lo, hi int, v, gSum, gESum, iSum, lfp []float64, mg *mgTable) {
	rp := &g.rec[r]
	a := g.recA[r][lo:hi]
	da, db, e := g.decA[r], g.decB[r], rp.ErevMV
	gSum, gESum, iSum, v = gSum[:len(a)], gESum[:len(a)], iSum[:len(a)], v[:len(a)]
	switch {
	case g.recB[r] == nil && rp.Kind == Conductance && !rp.MgBlock && lfp == nil:
		for i := range a {
			a[i] *= da
			gSum[i] += a[i]
			gESum[i] += a[i] * e
		}
	case g.recB[r] == nil && rp.Kind == Current && lfp == nil:
		for i := decaySumKernel(a, iSum, da); i < len(a); i++ {
			a[i] *= da
			iSum[i] += a[i]
		}
	case g.recB[r] != nil && rp.Kind == Conductance && !rp.MgBlock && lfp == nil:
		b := g.recB[r][lo:hi][:len(a)]
		for i := cond2Kernel(a, b, gSum, gESum, nil, nil, da, db, e); i < len(a); i++ {
			ai, bi := a[i]*da, b[i]*db
			a[i], b[i] = ai, bi
			gr := ai - bi
			gSum[i] += gr
			gESum[i] += gr * e
		}
	case g.recB[r] != nil && rp.Kind == Conductance && !rp.MgBlock:
		b := g.recB[r][lo:hi][:len(a)]
		lfp = lfp[:len(a)]
		for i := cond2Kernel(a, b, gSum, gESum, lfp, v, da, db, e); i < len(a); i++ {
			ai, bi := a[i]*da, b[i]*db
			a[i], b[i] = ai, bi
			gr := ai - bi
			gSum[i] += gr
			gESum[i] += gr * e
			lfp[i] += math.Abs(gr * (e - v[i]))
		}
	case rp.Kind == Jump:
		jSum := g.jSum[lo:hi][:len(a)]
		for i := range a {
			jSum[i] += a[i]
			a[i] = 0
		}
	default:
		var b []float64
		if g.recB[r] != nil {
			b = g.recB[r][lo:hi]
			b = b[:len(a)]
		}
		for i := range a {
			a[i] *= da
			gr := a[i]
			if b != nil {
				b[i] *= db
				gr -= b[i]
			}
			if rp.Kind == Current {
				iSum[i] += gr
				if lfp != nil {
					lfp[i] += math.Abs(gr)
				}
				continue
			}
			if rp.MgBlock {
				gr *= mg.at(v[i])
			}
			gSum[i] += gr
			gESum[i] += gr * e
			if lfp != nil {
				lfp[i] += math.Abs(gr * (e - v[i]))
			}
		}
	}
}

func decayInto(x []float64, f float64) {
	for i := scaleKernel(x, f); i < len(x); i++ {
		x[i] *= f
	}
}

// SynapticCurrent returns the total synaptic current into cell i now, pA
// (positive: depolarising): Σ gr·Br(V)·(Er − V) over conductance receptors
// plus the current receptors, at the network's [Mg²⁺].
func (g *Group) SynapticCurrent(i int) float64 {
	s := 0.0
	for r, rp := range g.rec {
		gr := g.recA[r][i]
		if g.recB[r] != nil {
			gr -= g.recB[r][i]
		}
		switch rp.Kind {
		case Jump:
			continue
		case Current:
			s += gr
			continue
		}
		if rp.MgBlock {
			gr *= g.net.mg.at(g.v[i])
		}
		s += gr * (rp.ErevMV - g.v[i])
	}
	return s
}
