package sim

import (
	"fmt"
	"math"
)

// PresynapticParams describes inhibition of a projection's transmitter
// release shared by all its synapses and set by the spikes of another
// population, the modulator: GABA released by interneurons during intense
// activity spills over onto excitatory terminals and depresses their
// release through presynaptic GABA_B receptors for hundreds of
// milliseconds (Isaacson, Solís & Nicoll 1993, Neuron 10:165). Because the
// transmitter diffuses, every synapse of the projection sees the same
// occupancy, whichever cells fired.
//
// The kinetics are the two-stage GABA_B scheme of Destexhe & Sejnowski
// (1995, PNAS 92:9515) driven by the modulator's population rate: receptor
// occupancy r, G-protein activation s, and a cooperative (Hill) effect,
//
//	dr/dt = −r/τr + α·(1 − r)·Σk δ(t − tk)/N
//	ds/dt = (r − s)/τs
//	release factor f = 1 − fmax · sⁿ/(sⁿ + Kⁿ),
//
// tk the spikes of the modulator's N cells (α is the occupancy a spike of
// every modulator cell at once would add to free receptors). Cooperativity
// (n = 4 in Destexhe & Sejnowski) makes the sparse background firing of
// interneurons nearly ineffective and their synchronous firing in a
// population burst strongly effective. Efficacy of a spike is w·f (times
// the projection's gain and any per-synapse depression).
type PresynapticParams struct {
	// Alpha is the occupancy added per modulator spike per modulator cell,
	// dimensionless, 0 < α ≤ 1000 (a burst of m spikes per cell adds about
	// α·m to free receptors while r ≪ 1).
	Alpha float64
	// TauRMs is the unbinding time constant of occupancy r, ms (> 0).
	TauRMs float64
	// TauSMs is the time constant of G-protein activation s, ms (> 0);
	// it delays the effect behind the burst that causes it.
	TauSMs float64
	// Hill is the cooperativity exponent n, 1 … 8.
	Hill float64
	// K is the activation at half effect, 0 < K < 1.
	K float64
	// MaxInhibition is the largest fraction of release removed, fmax,
	// 0 … 1.
	MaxInhibition float64
}

func (q PresynapticParams) validate() error {
	switch {
	case !(q.Alpha > 0 && q.Alpha <= 1000):
		return fmt.Errorf("presynaptic inhibition Alpha = %v, want 0 < α ≤ 1000", q.Alpha)
	case !(q.TauRMs > 0) || math.IsInf(q.TauRMs, 0):
		return fmt.Errorf("presynaptic inhibition TauRMs = %v ms, want a finite value > 0", q.TauRMs)
	case !(q.TauSMs > 0) || math.IsInf(q.TauSMs, 0):
		return fmt.Errorf("presynaptic inhibition TauSMs = %v ms, want a finite value > 0", q.TauSMs)
	case !(q.Hill >= 1 && q.Hill <= 8):
		return fmt.Errorf("presynaptic inhibition Hill = %v, want 1 … 8", q.Hill)
	case !(q.K > 0 && q.K < 1):
		return fmt.Errorf("presynaptic inhibition K = %v, want 0 < K < 1", q.K)
	case !(q.MaxInhibition >= 0 && q.MaxInhibition <= 1):
		return fmt.Errorf("presynaptic inhibition MaxInhibition = %v, want 0 … 1", q.MaxInhibition)
	}
	return nil
}

// presynaptic is the state of PresynapticParams on one projection.
type presynaptic struct {
	q      PresynapticParams
	mod    *population
	decR   float64 // exp(−dt/τr)
	decS   float64 // exp(−dt/τs)
	kn     float64 // Kⁿ
	r, s   float64
	factor float64 // release factor f of the current step
}

// SetPresynapticInhibition makes the projection's release depend on the
// spikes of mod as PresynapticParams describes. The zero state (no
// occupancy, f = 1) holds until mod fires.
func (p *Projection) SetPresynapticInhibition(mod Source, q PresynapticParams) error {
	if err := q.validate(); err != nil {
		return fmt.Errorf("sim: projection %s: %w", p.name, err)
	}
	dt := p.post.net.dt
	p.pinh = &presynaptic{q: q, mod: mod.pop(), decR: math.Exp(-dt / q.TauRMs), decS: math.Exp(-dt / q.TauSMs),
		kn: math.Pow(q.K, q.Hill), factor: 1}
	return nil
}

// update advances occupancy and activation by one step with the
// modulator's spikes of this step and sets the release factor. r decays
// exactly and takes the step's spikes at its end; s relaxes exactly
// toward the new r.
func (d *presynaptic) update() {
	m := float64(len(d.mod.spikes)) / float64(d.mod.size)
	d.r = d.r*d.decR + d.q.Alpha*(1-d.r)*m
	if d.r > 1 {
		d.r = 1
	}
	d.s = d.r + (d.s-d.r)*d.decS
	sn := math.Pow(d.s, d.q.Hill)
	d.factor = 1 - d.q.MaxInhibition*sn/(sn+d.kn)
}

// ReleaseFactor returns the present release factor f of the projection's
// presynaptic inhibition (1 without it).
func (p *Projection) ReleaseFactor() float64 {
	if p.pinh == nil {
		return 1
	}
	return p.pinh.factor
}

// clearPresynaptic returns the presynaptic inhibition to its resting
// state (no occupancy).
func (p *Projection) clearPresynaptic() {
	if d := p.pinh; d != nil {
		d.r, d.s, d.factor = 0, 0, 1
	}
}
