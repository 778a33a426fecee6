package sim

// Read-only accessors for exporters (package export writes a network for
// other simulators): what a projection connects, a receptor's kinetics,
// the state of cells, receptors, short-term depression and presynaptic
// inhibition, and the Poisson backgrounds. None of them changes the network.

// Sources returns the Poisson source populations in the order added.
func (n *Network) Sources() []*Poisson { return n.sources }

// Pre returns the projection's presynaptic population: a *Group or a
// *Poisson of the same network.
func (p *Projection) Pre() Source { return p.post.net.sourceOf(p.pre) }

// sourceOf returns the Group or Poisson population whose state is pop
// (nil if none of the network's).
func (n *Network) sourceOf(pop *population) Source {
	for _, g := range n.groups {
		if &g.population == pop {
			return g
		}
	}
	for _, s := range n.sources {
		if &s.population == pop {
			return s
		}
	}
	return nil
}

// PresynapticInhibition returns the modulator population (a *Group or a
// *Poisson) and the parameters of the projection's presynaptic inhibition
// (SetPresynapticInhibition); ok is false without it.
func (p *Projection) PresynapticInhibition() (mod Source, q PresynapticParams, ok bool) {
	if p.pinh == nil {
		return nil, PresynapticParams{}, false
	}
	return p.post.net.sourceOf(p.pinh.mod), p.pinh.q, true
}

// PresynapticState returns the occupancy r and activation s of the
// projection's presynaptic inhibition as the last step left them (both 0
// without it); ReleaseFactor is the factor they give.
func (p *Projection) PresynapticState() (r, s float64) {
	if p.pinh == nil {
		return 0, 0
	}
	return p.pinh.r, p.pinh.s
}

// Receptor returns the receptor of the target group the projection acts on.
func (p *Projection) Receptor() Receptor { return Receptor{g: p.post, i: p.rec} }

// Depression returns the release fraction U and recovery time constant
// (ms) of the projection's short-term depression; ok is false without it.
func (p *Projection) Depression() (u, tauRecMs float64, ok bool) {
	if p.std == nil {
		return 0, 0, false
	}
	return p.std.u, p.std.tauMs, true
}

// DepressionState returns the resource x of presynaptic cell i as left by
// its last spike and the step at which that spike arrived (x recovers
// from there as 1 − (1 − x)·exp(−elapsed/τrec)); x = 1, step 0 without
// depression or before any spike.
func (p *Projection) DepressionState(i int) (x float64, step int64) {
	if p.std == nil {
		return 1, 0
	}
	return p.std.x[i], p.std.last[i]
}

// InFlight returns the number of synaptic events emitted but not yet
// delivered (spikes waiting out the axonal delay), one per synapse.
func (p *Projection) InFlight() int64 {
	slots := int64(p.delay + 1)
	var n int64
	// Spikes emitted in the last delay steps arrive from the next step on.
	for e := p.post.net.step - 1; e >= 0 && e >= p.post.net.step-int64(p.delay); e-- {
		for _, i := range p.queue[e%slots] {
			n += int64(p.rowPtr[i+1] - p.rowPtr[i])
		}
	}
	return n
}

// Group returns the group the receptor belongs to.
func (r Receptor) Group() *Group { return r.g }

// Index returns the receptor's position among its group's receptors.
func (r Receptor) Index() int { return r.i }

// Params returns the receptor's parameters.
func (r Receptor) Params() ReceptorParams { return r.g.rec[r.i] }

// PeakFactor returns the factor f that normalises the receptor's
// difference of exponentials to a peak of one unit per unit of weight (1
// for a single exponential).
func (r Receptor) PeakFactor() float64 { return r.g.norm[r.i] }

// Receptors returns the group's receptors in the order added.
func (g *Group) Receptors() []Receptor {
	rs := make([]Receptor, len(g.rec))
	for i := range rs {
		rs[i] = Receptor{g: g, i: i}
	}
	return rs
}

// ReceptorState returns the two exponential components of receptor r in
// cell i (nS, or pA for current receptors): the decaying one and the
// rising one (0 for a single exponential); the receptor's value is their
// difference.
func (g *Group) ReceptorState(r Receptor, i int) (decay, rise float64) {
	decay = g.recA[r.i][i]
	if g.recB[r.i] != nil {
		rise = g.recB[r.i][i]
	}
	return decay, rise
}

// RefractorySteps returns the steps of refractory period left to cell i.
func (g *Group) RefractorySteps(i int) int { return int(g.ref[i]) }

// RefractoryStepsAfterSpike returns the steps a cell is held after a spike
// (its refractory period rounded to whole steps).
func (g *Group) RefractoryStepsAfterSpike() int { return int(g.refSteps) }

// Current returns the constant external current into cell i, pA.
func (g *Group) Current(i int) float64 { return g.iext[i] }

// Clamped reports whether any cell of the group is voltage-clamped.
func (g *Group) Clamped() bool {
	for _, c := range g.clamp {
		if c == c { // not NaN
			return true
		}
	}
	return false
}

// Background describes one Poisson background of a group
// (AddPoissonInput): independent events onto one receptor of every cell.
type Background struct {
	// Receptor is the receptor the events increment.
	Receptor Receptor
	// EventsPerStep is the expected number of events per cell per step.
	EventsPerStep float64
	// Weight is the weight of one event, nS or pA.
	Weight float64
	// On reports whether the background is switched on (SetBackground).
	On bool
}

// Backgrounds returns the group's Poisson backgrounds in the order added.
func (g *Group) Backgrounds() []Background {
	bs := make([]Background, len(g.inputs))
	for k, in := range g.inputs {
		bs[k] = Background{Receptor: Receptor{g: g, i: in.rec}, EventsPerStep: in.lambda, Weight: in.weight, On: in.enabled}
	}
	return bs
}

// BackgroundEvents returns the number of events background k of the group
// delivers to cell i in step (the step's index, Steps() before it is
// taken), drawn as the network draws it: the same counter-based stream, so
// it is the count the step used when the background was on and the group
// not paused.
func (g *Group) BackgroundEvents(k int, step int64, i int) int {
	in := g.inputs[k]
	if in.lambda == 0 {
		return 0
	}
	u := uniform(g.net.seed^in.stream, step, i)
	if u < in.cdf[0] {
		return 0
	}
	c := 1
	for c < len(in.cdf) && u >= in.cdf[c] {
		c++
	}
	return c
}
