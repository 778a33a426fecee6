package sim

import (
	"engram/param"
	"fmt"
	"math"
)

// STDPParams describes pair-based additive spike-timing-dependent
// plasticity with exponential traces (Song, Miller & Abbott 2000), with an
// optional depression on every presynaptic spike (β) and an optional Mg²⁺
// gate on potentiation. Weights are in the projection's units (nS or pA).
type STDPParams struct {
	// TauPlusMs is the decay of the presynaptic trace x, ms.
	TauPlusMs float64 `toml:"tau_plus_ms" unit:"ms" range:"0<..10000" doc:"decay of the presynaptic trace x (≥ dt)"`
	// TauMinusMs is the decay of the postsynaptic trace y, ms.
	TauMinusMs float64 `toml:"tau_minus_ms" unit:"ms" range:"0<..10000" doc:"decay of the postsynaptic trace y (≥ dt)"`
	// APlus is the potentiation per pre-before-post pair, weight units.
	APlus float64 `toml:"a_plus" unit:"w" range:"-10000..10000" doc:"potentiation A+ per pre-before-post pair, in the weight unit w of the projection (nS for a conductance)"`
	// AMinus is the depression per post-before-pre pair, weight units.
	AMinus float64 `toml:"a_minus" unit:"w" range:"-10000..10000" doc:"depression A− per post-before-pre pair (negative: potentiation, a symmetric rule)"`
	// Beta is a depression on every presynaptic spike, weight units.
	Beta float64 `toml:"beta" unit:"w" range:"0..10000" doc:"depression on every presynaptic spike; keeps unused synapses near w_min"`
	// BetaPost is a depression of every synapse onto a cell at each of its
	// spikes, weight units: heterosynaptic depression (Chistiakova et al.
	// 2014; Zenke, Agnes & Gerstner 2015). A postsynaptic spike then
	// potentiates a synapse only if its presynaptic trace x exceeds
	// BetaPost/(A+·G).
	BetaPost float64 `toml:"beta_post" unit:"w" range:"0..10000" doc:"heterosynaptic depression of every synapse onto a cell at each of its spikes"`
	// SoftBound scales every potentiation by (WMax − w)/(WMax − WMin) (van
	// Rossum, Bi & Turrigiano 2000; Gütig et al. 2003); depression stays
	// additive, and a synapse settles at w* = WMax·(1 − D/P) for
	// potentiation P and depression D per pairing at w = 0.
	SoftBound bool `toml:"soft_bound" doc:"multiplicative potentiation, × (w_max − w)/(w_max − w_min); false: additive"`
	// WMin and WMax bound every weight, weight units.
	WMin float64 `toml:"w_min" unit:"w" range:"0..100000" doc:"lower bound of every weight"`
	WMax float64 `toml:"w_max" unit:"w" range:"0<..100000" doc:"upper bound of every weight (> w_min)"`
	// MgGate multiplies potentiation by MgGain·B(V̄), with B the Mg²⁺ block
	// at the postsynaptic cell's low-passed potential V̄ (time constant
	// VbarTauMs), so that only depolarised cells learn. It gates every
	// potentiating term: the postsynaptic-spike term A+·x and, when A− < 0
	// (both orders potentiate), the presynaptic-spike term −A−·y.
	MgGate    bool    `toml:"mg_gate" doc:"multiply potentiation by mg_gain·B(V̄), the NMDA receptor's Mg²⁺ block at the cell's low-passed potential V̄"`
	MgGain    float64 `toml:"mg_gain" unit:"" range:"0..1000" doc:"factor on B(V̄) when mg_gate (> 0 then)"`
	VbarTauMs float64 `toml:"vbar_tau_ms" unit:"ms" range:"0..10000" doc:"time constant of V̄ (≥ dt when mg_gate)"`
	// DendriteReceptor, when set (with MgGate), names a receptor of the
	// postsynaptic group whose input lands on the dendrite where these
	// synapses are: the gate then reads Vd = V̄ + D, with D the
	// depolarisation that input alone causes there, a passive dendrite
	// charged by it with time constant DendriteTauMs (the NMDA receptors
	// of these synapses unblock where that input depolarises the
	// dendrite; LTP at distal synapses needs such cooperative
	// depolarisation, Sjöström & Häusser 2006):
	//
	//	τd dD/dt = −D + I/gL,
	//
	// I the receptor's current (g·(E − V) for a conductance), gL the
	// cell's leak conductance. Synapses then learn when that input (for
	// example from another region) depolarises their dendrite, not when
	// the cell is driven by its neighbours alone. DendriteTauMs ≥ dt.
	DendriteReceptor string  `toml:"dendrite_receptor" doc:"receptor of the postsynaptic group whose input depolarises the dendrite the mg_gate reads (\"\": none)"`
	DendriteTauMs    float64 `toml:"dendrite_tau_ms" unit:"ms" range:"0..10000" doc:"time constant of the dendrite charged by dendrite_receptor (≥ dt when set)"`
	// TrackUsage keeps a usage trace per synapse: at every postsynaptic
	// spike u += x_pre (Navlakha et al. 2015 prune by use).
	TrackUsage bool `toml:"track_usage" doc:"keep a usage trace per synapse (u += x_pre at each postsynaptic spike) for pruning by use"`
	// DendriticDelayMs is the part of the projection's delay D spent on
	// the postsynaptic dendrite (Morrison, Diesmann & Gerstner 2008): a
	// presynaptic spike reaches the synapse D − d_D after it is emitted,
	// and a postsynaptic spike back-propagates to the synapse in d_D, so
	// the synapse pairs spikes whose somatic times differ by
	// Δ = t_post − t_pre − (D − 2·d_D). 0 (all of the delay axonal): the
	// synapse sees a presynaptic spike when it arrives; D/2: it pairs
	// somatic spike times. Rounded to whole steps.
	DendriticDelayMs float64 `toml:"dendritic_delay_ms" unit:"ms" range:"0..1000" doc:"part of the projection's delay spent on the dendrite, 0 … half the delay (half: pairs somatic spike times)"`
}

// STDP is the state of an STDP rule on one projection.
type STDP struct {
	P     STDPParams
	x     []float64 // presynaptic traces
	y     []float64 // postsynaptic traces
	decX  float64
	decY  float64
	usage []float32 // per synapse, when tracked
	// lag is D − 2·d_D in steps: a presynaptic spike counts for the rule
	// lag steps after it is emitted (the delay itself when d_D = 0).
	lag int
	// pre lists the presynaptic spikes the rule sees this step.
	pre []int32
	// dend is the receptor of DendriteReceptor (dendOn when set), dendD
	// the depolarisation D it holds each postsynaptic dendrite at (mV) and
	// decD its decay per step.
	dend   Receptor
	dendOn bool
	dendD  []float64
	decD   float64
}

// Validate reports the first parameter outside its range (its tags) or
// bounds out of order, as a *param.Error.
func (s STDPParams) Validate() error {
	if err := param.Check(&s, ""); err != nil {
		return err
	}
	switch {
	case s.WMax <= s.WMin:
		return param.Invalid(&s, &s.WMax, fmt.Sprintf("w_max > w_min (%g)", s.WMin))
	case s.MgGate && s.MgGain <= 0:
		return param.Invalid(&s, &s.MgGain, "> 0 when mg_gate")
	case s.DendriteReceptor != "" && !s.MgGate:
		return param.Invalid(&s, &s.DendriteReceptor, `"" unless mg_gate`)
	}
	return nil
}

func (s STDPParams) validate(dt float64) error {
	if err := s.Validate(); err != nil {
		return err
	}
	switch {
	case s.TauPlusMs < dt:
		return param.Invalid(&s, &s.TauPlusMs, fmt.Sprintf("≥ dt = %g ms", dt))
	case s.TauMinusMs < dt:
		return param.Invalid(&s, &s.TauMinusMs, fmt.Sprintf("≥ dt = %g ms", dt))
	case s.MgGate && s.VbarTauMs < dt:
		return param.Invalid(&s, &s.VbarTauMs, fmt.Sprintf("≥ dt = %g ms when mg_gate", dt))
	}
	return nil
}

// SetSTDP gives the projection an STDP rule. The source must be a neuron
// group or a Poisson population; the target group tracks V̄ if the rule is
// Mg²⁺-gated.
func (p *Projection) SetSTDP(s STDPParams) error {
	if err := s.validate(p.post.net.dt); err != nil {
		return fmt.Errorf("sim: projection %s: %w", p.name, err)
	}
	dt := p.post.net.dt
	dD := int(math.Round(s.DendriticDelayMs / dt))
	if 2*dD > p.delay {
		return fmt.Errorf("sim: projection %s: %w", p.name,
			param.Invalid(&s, &s.DendriticDelayMs, fmt.Sprintf("0 … %v ms (half the delay)", float64(p.delay)*dt/2)))
	}
	p.buildCSC()
	p.ownWeights()
	nPre := len(p.rowPtr) - 1
	st := &STDP{P: s, x: make([]float64, nPre), y: make([]float64, p.post.size),
		decX: math.Exp(-dt / s.TauPlusMs), decY: math.Exp(-dt / s.TauMinusMs), lag: p.delay - 2*dD}
	if s.MgGate {
		p.post.TrackVbar(s.VbarTauMs)
	}
	if s.TrackUsage {
		st.usage = make([]float32, p.nSyn)
	}
	if s.DendriteReceptor != "" {
		r, err := p.post.Receptor(s.DendriteReceptor)
		if err != nil {
			return fmt.Errorf("sim: projection %s: STDP DendriteReceptor: %w", p.name, err)
		}
		if p.post.rec[r.i].Kind == Jump {
			return fmt.Errorf("sim: projection %s: STDP DendriteReceptor %q is a Jump receptor, want a current or conductance", p.name, s.DendriteReceptor)
		}
		if s.DendriteTauMs < dt {
			return fmt.Errorf("sim: projection %s: %w", p.name, param.Invalid(&s, &s.DendriteTauMs, fmt.Sprintf("≥ dt = %v ms when dendrite_receptor is set", dt)))
		}
		st.dend, st.dendOn = r, true
		st.dendD, st.decD = make([]float64, p.post.size), math.Exp(-dt/s.DendriteTauMs)
	}
	p.stdp = st
	return nil
}

// rate returns the learning-rate factor η of the projection now.
func (p *Projection) rate() float64 { return p.LearningRate * p.post.net.Modulation }

// onPre applies the presynaptic update to synapses lo..hi−1 of one row:
//
//	w ← clip(w − η·(A−·y_post·G + β)),
//
// G = 1, or the gate of the postsynaptic cell (see gate) when the term
// potentiates (A− < 0) and MgGate is set.
func (s *STDP) onPre(p *Projection, lo, hi int) {
	eta := p.rate()
	if eta == 0 {
		return
	}
	if (s.P.MgGate && s.P.AMinus < 0) || s.P.SoftBound {
		if p.col16 != nil {
			onPreGated(s, p, p.col16, lo, hi, eta)
		} else {
			onPreGated(s, p, p.col32, lo, hi, eta)
		}
		return
	}
	if p.col16 != nil {
		onPreRow(s, p, p.col16, lo, hi, eta)
	} else {
		onPreRow(s, p, p.col32, lo, hi, eta)
	}
}

// onPreRow is onPre for synapses lo..hi−1 with targets col.
func onPreRow[T targetIndex](s *STDP, p *Projection, col []T, lo, hi int, eta float64) {
	for k := lo; k < hi; k++ {
		if p.frozen != nil && p.Frozen(k) {
			continue
		}
		w := float64(p.w[k]) - eta*(s.P.AMinus*s.y[col[k]]+s.P.Beta)
		p.w[k] = float32(clamp(w, s.P.WMin, s.P.WMax))
	}
}

// onPost applies the postsynaptic update to every synapse onto the cells
// in lo..hi−1 that spiked this step:
//
//	w ← clip(w + η·(A+·x_pre·G − β_post)),  G = MgGain·B(V̄_post) or 1,
//
// the potentiation scaled by (WMax − w)/(WMax − WMin) with SoftBound.
func (s *STDP) onPost(p *Projection, lo, hi int) {
	eta := p.rate()
	if eta == 0 && s.usage == nil {
		return
	}
	g := p.post
	mg := g.net.mg
	for _, j := range g.spikes {
		if int(j) < lo || int(j) >= hi {
			continue
		}
		gain := eta * s.P.APlus
		if s.P.MgGate {
			gain *= s.gate(g, mg, int(j))
		}
		for m := p.colPtr[j]; m < p.colPtr[j+1]; m++ {
			k := p.colSyn[m]
			x := s.x[p.preOf(k)]
			if s.usage != nil {
				s.usage[k] += float32(x)
			}
			if (gain == 0 && (eta == 0 || s.P.BetaPost == 0)) || (p.frozen != nil && p.Frozen(int(k))) {
				continue
			}
			w := float64(p.w[k])
			if s.P.SoftBound {
				w += gain * x * (s.P.WMax - w) / (s.P.WMax - s.P.WMin)
			} else {
				w += gain * x
			}
			if s.P.BetaPost != 0 {
				w -= eta * s.P.BetaPost
			}
			p.w[k] = float32(clamp(w, s.P.WMin, s.P.WMax))
		}
	}
}

// afterStep decays the traces by one step and adds this step's spikes
// (presynaptic arrivals to x, postsynaptic spikes to y).
func (s *STDP) afterStep(p *Projection) {
	decayInto(s.x, s.decX)
	decayInto(s.y, s.decY)
	for _, i := range s.pre {
		s.x[i]++
	}
	for _, j := range p.post.spikes {
		s.y[j]++
	}
}

// gate returns the Mg²⁺ gate on potentiation of synapses onto cell j,
// MgGain·B(Vd), with B the block of Jahr & Stevens (1990) at the
// network's [Mg²⁺] and Vd = V̄, plus D, the depolarisation by the
// DendriteReceptor's input, when one is named.
func (s *STDP) gate(g *Group, mg *mgTable, j int) float64 {
	vd := g.vbar[j]
	if s.dendOn {
		vd += s.dendD[j]
	}
	return s.P.MgGain * mg.at(vd)
}

// Dendrite returns D, the depolarisation of cell j's dendrite by the
// input of STDPParams.DendriteReceptor, mV (0 without one).
func (p *Projection) Dendrite(j int) float64 {
	if p.stdp == nil || !p.stdp.dendOn {
		return 0
	}
	return p.stdp.dendD[j]
}

// stepDendrite advances D of the postsynaptic cells lo..hi−1 by one step,
// exactly for an input held over the step:
//
//	D ← I/gL + (D − I/gL)·exp(−dt/τd).
//
// It runs at the end of a worker's delivery phase, on the worker's own
// cells, so that it reads V and the receptor's conductance after this
// step's delivery and before the next step's integration, whether or not
// the two phases are fused.
func (s *STDP) stepDendrite(g *Group, lo, hi int) {
	rp := &g.rec[s.dend.i]
	inv := 1 / g.p.GLnS
	for j := lo; j < hi; j++ {
		x := g.Conductance(s.dend, j)
		if rp.Kind == Conductance {
			x *= rp.ErevMV - g.v[j]
		}
		inf := x * inv
		s.dendD[j] = inf + (s.dendD[j]-inf)*s.decD
	}
}

// onPreGated is onPre for a rule whose presynaptic term potentiates
// (A− < 0) under the Mg²⁺ gate, or that has soft bounds:
//
//	w ← clip(w − η·(A−·y_post·G + β)),
//
// G the gate when the A− term potentiates and MgGate is set (1
// otherwise), potentiation scaled by (WMax − w)/(WMax − WMin) with
// SoftBound.
func onPreGated[T targetIndex](s *STDP, p *Projection, col []T, lo, hi int, eta float64) {
	g := p.post
	mg := g.net.mg
	for k := lo; k < hi; k++ {
		if p.frozen != nil && p.Frozen(k) {
			continue
		}
		j := int(col[k])
		w := float64(p.w[k])
		up, down := 0.0, eta*s.P.Beta
		if y := s.y[j]; y != 0 {
			switch a := -eta * s.P.AMinus * y; {
			case a > 0 && s.P.MgGate:
				up = a * s.gate(g, mg, j)
			case a > 0:
				up = a
			default:
				down -= a
			}
		}
		if s.P.SoftBound {
			up *= (s.P.WMax - w) / (s.P.WMax - s.P.WMin)
		}
		p.w[k] = float32(clamp(w+up-down, s.P.WMin, s.P.WMax))
	}
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// Usage returns the usage trace of synapse k (0 unless tracked).
func (p *Projection) Usage(k int) float64 {
	if p.stdp == nil || p.stdp.usage == nil {
		return 0
	}
	return float64(p.stdp.usage[k])
}

// ScaleUsage multiplies every usage trace by f (e.g. ½ each night).
func (p *Projection) ScaleUsage(f float64) {
	if p.stdp == nil {
		return
	}
	for k := range p.stdp.usage {
		p.stdp.usage[k] *= float32(f)
	}
}
