package sim

import (
	"fmt"
	"math"
)

// depression is Tsodyks–Markram short-term depression (Tsodyks & Markram
// 1997) of one projection, per presynaptic cell: a resource x ∈ [0, 1]
// recovers as dx/dt = (1 − x)/τrec and each spike uses a fraction U of it,
// x ← (1 − U)·x. A spike is transmitted with efficacy w·x (x before the
// spike; the release fraction is folded into w).
type depression struct {
	u     float64
	tauMs float64
	dt    float64
	x     []float64
	last  []int64   // step of the last update of x
	eff   []float64 // efficacy of the spike being delivered
}

// SetDepression gives the projection short-term depression with release
// fraction u (0 < u ≤ 1) and recovery time constant tauRecMs (ms).
func (p *Projection) SetDepression(u, tauRecMs float64) error {
	if !(u > 0 && u <= 1) || !(tauRecMs > 0) || math.IsInf(tauRecMs, 0) {
		return fmt.Errorf("sim: projection %s: depression U = %v, τrec = %v ms; want 0 < U ≤ 1 and τrec > 0", p.name, u, tauRecMs)
	}
	n := len(p.rowPtr) - 1
	d := &depression{u: u, tauMs: tauRecMs, dt: p.post.net.dt,
		x: make([]float64, n), last: make([]int64, n), eff: make([]float64, n)}
	for i := range d.x {
		d.x[i] = 1
	}
	p.std = d
	return nil
}

// onSpikes updates x of the spiking cells: exact recovery since the last
// spike, then use.
func (d *depression) onSpikes(spk []int32, step int64) {
	for _, i := range spk {
		elapsed := float64(step-d.last[i]) * d.dt
		x := 1 - (1-d.x[i])*math.Exp(-elapsed/d.tauMs)
		d.eff[i] = x
		d.x[i] = (1 - d.u) * x
		d.last[i] = step
	}
}

// Resources returns the mean resource x over presynaptic cells, recovered
// to the present step.
func (p *Projection) Resources() float64 {
	d := p.std
	if d == nil {
		return 1
	}
	now := p.post.net.step
	s := 0.0
	for i := range d.x {
		s += 1 - (1-d.x[i])*math.Exp(-float64(now-d.last[i])*d.dt/d.tauMs)
	}
	return s / float64(len(d.x))
}

// RecoverDepression sets every presynaptic resource back to 1, and any
// presynaptic inhibition (SetPresynapticInhibition) back to rest, as a
// long rest (≫ τrec) would, without simulating the rest.
func (p *Projection) RecoverDepression() {
	p.clearPresynaptic()
	if p.std == nil {
		return
	}
	for i := range p.std.x {
		p.std.x[i] = 1
	}
}
