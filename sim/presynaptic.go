package sim

import (
	"engram/param"
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
	// Alpha is the occupancy added per modulator spike per modulator cell
	// (a burst of m spikes per cell adds about α·m while r ≪ 1).
	Alpha float64 `toml:"alpha" unit:"" range:"0<..1000" doc:"receptor occupancy added per modulator spike per modulator cell"`
	// TauRMs is the unbinding time constant of occupancy r, ms.
	TauRMs float64 `toml:"tau_r_ms" unit:"ms" range:"0<..100000" doc:"unbinding time constant of the occupancy r"`
	// TauSMs is the time constant of G-protein activation s, ms; it delays
	// the effect behind the burst that causes it.
	TauSMs float64 `toml:"tau_s_ms" unit:"ms" range:"0<..100000" doc:"time constant of G-protein activation s (delays the effect behind the burst)"`
	// Hill is the cooperativity exponent n.
	Hill float64 `toml:"hill" unit:"" range:"1..8" doc:"cooperativity (Hill) exponent n"`
	// K is the activation at half effect.
	K float64 `toml:"k" unit:"" range:"0<..<1" doc:"activation s at half effect"`
	// MaxInhibition is the largest fraction of release removed, fmax.
	MaxInhibition float64 `toml:"max_inhibition" unit:"" range:"0..1" doc:"largest fraction of release removed, fmax"`
}

// Validate reports the first parameter outside its range (its tags), as a
// *param.Error.
func (q PresynapticParams) Validate() error { return param.Check(&q, "") }

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
	if err := q.Validate(); err != nil {
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
