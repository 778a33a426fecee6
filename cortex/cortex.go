package cortex

import (
	"fmt"
	"slices"

	"engram/sim"
	"engram/task"
)

// Mode is what the cortex is doing; it sets the learning rate of the
// plastic E→E synapses.
type Mode int

const (
	// Test freezes learning (η = 0), as during a recall test.
	Test Mode = iota
	// Awake learns weakly (η = Params.STDP.AwakeRate) from waking input.
	Awake
	// Sleep learns at η = Params.STDP.SleepRate from replay.
	Sleep
)

// String names the mode.
func (m Mode) String() string {
	switch m {
	case Test:
		return "test"
	case Awake:
		return "awake"
	case Sleep:
		return "sleep"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Cortex is a built cortex inside a sim.Network: typed handles on its
// groups and projections, the item code of its assemblies and its pruning
// state. Its methods are the region's behaviour; the network it lives in
// may hold other regions, which step with it.
type Cortex struct {
	p   Params
	net *sim.Network

	e, i       *sim.Group
	eExc, eInh sim.Receptor
	iExc, iInh sim.Receptor
	// eIn is the receptor of item input onto E cells (CA1, the driver):
	// the same current kinetics as eExc, kept apart so that the Mg²⁺ gate
	// can read the dendritic depolarisation it causes (Params.STDP.GateOnInput).
	eIn sim.Receptor

	// ee is the recurrent E→E projection (plastic outside assemblies).
	ee *sim.Projection
	// local holds E→I, I→E and I→I.
	local []*sim.Projection
	// inputs are the item-coded projections onto E (ConnectItemInput).
	inputs []*sim.Projection

	items    []task.Item
	assembly map[task.Item]int // item → assembly index
	cellAsm  []int32           // E cell → assembly index, −1 for none

	spikes *sim.SpikeRecorder
	mode   Mode
	night  int // nights ended (EndNight calls)

	driver *Driver
	probe  *vbarProbe // when set, V̄ at E spikes during sleep is averaged
}

// Build adds a cortex with parameters p to n, with one assembly of
// p.AssemblySize E cells for each of items (assembly k is E cells
// k·AssemblySize … (k+1)·AssemblySize−1, coding items[k]). The network must
// not have started. Wiring and initial conditions are drawn from the
// network's generator, so the same seed gives the same cortex.
//
// Groups are named "cortex E" and "cortex I"; all synapses are exponential
// currents (Params.PAPerMV), inhibitory ones with negative weights. The
// cells are LIF neurons, E cells with an adaptation current (integrated by
// sim):
//
//	C dV/dt = −gL(V − EL) + Σ Isyn − w,   τa dw/dt = −w,   w += AdaptMV·gL at a spike.
//
// The plastic E→E synapses learn by pair STDP with exponential traces
// (Song, Miller & Abbott 2000), the cortex rule of docs/model.md §4
// (applied by sim's STDP):
//
//	presynaptic spike:  x += 1,  w ← w − η·(A−·y·G⁻ + β)
//	postsynaptic spike: y += 1,  w ← w + η·(A+·x·G·S − β_post)
//
// clipped to [0, WEEMaxMV], with η set by SetMode. G = MgGain·B(V̄ + D) if
// MgGate (else 1), B the Mg²⁺ block of Jahr & Stevens (1990) at the
// network's [Mg²⁺], V̄ the cell's potential low-passed over VbarTauMs and
// D the depolarisation item input holds its dendrite at (GateOnInput, τ =
// TauEMemMs; sim.STDPParams.DendriteReceptor); G⁻ = G when A− < 0 (both
// spike orders potentiate), 1 otherwise; S = (WEEMaxMV − w)/WEEMaxMV with
// SoftBound, 1 otherwise; β at every presynaptic arrival, β_post at every
// postsynaptic spike.
func Build(n *sim.Network, p Params, items []task.Item) (*Cortex, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("cortex: no items to code")
	}
	if need := len(items) * p.AssemblySize; need > p.NE {
		return nil, fmt.Errorf("cortex: %d items × AssemblySize %d = %d cells, want ≤ NE = %d", len(items), p.AssemblySize, need, p.NE)
	}
	c := &Cortex{p: p, net: n, items: slices.Clone(items), assembly: make(map[task.Item]int, len(items)), mode: Test}
	for k, it := range items {
		if _, dup := c.assembly[it]; dup {
			return nil, fmt.Errorf("cortex: item %d listed twice", it)
		}
		c.assembly[it] = k
	}
	c.cellAsm = make([]int32, p.NE)
	for j := range c.cellAsm {
		c.cellAsm[j] = -1
		if k := j / p.AssemblySize; k < len(items) {
			c.cellAsm[j] = int32(k)
		}
	}
	if err := c.addGroups(); err != nil {
		return nil, err
	}
	if err := c.wire(); err != nil {
		return nil, err
	}
	c.spikes = n.RecordSpikes(c.e, p.RecordCapacity)
	c.SetMode(Test)
	rng := n.Rand("cortex initial conditions")
	for _, g := range []*sim.Group{c.e, c.i} {
		for k := 0; k < g.Size(); k++ {
			g.SetV(k, p.VresetMV+rng.Float64()*(p.VthMV-p.VresetMV))
		}
	}
	return c, nil
}

// addGroups adds the E and I groups with their receptors and background.
func (c *Cortex) addGroups() error {
	p := c.p
	gE := p.CmPF / p.TauEMemMs
	eCell := sim.NeuronParams{CpF: p.CmPF, GLnS: gE, ELmV: p.ELmV, VthMV: p.VthMV, VresetMV: p.VresetMV,
		TrefMs: p.TrefEMs, BpA: p.AdaptMV * gE, TauWMs: p.TauAdaptMs}
	iCell := sim.NeuronParams{CpF: p.CmPF, GLnS: p.CmPF / p.TauIMemMs, ELmV: p.ELmV, VthMV: p.VthMV,
		VresetMV: p.VresetMV, TrefMs: p.TrefIMs}
	var err error
	if c.e, err = c.net.AddGroup("cortex E", p.NE, eCell); err != nil {
		return err
	}
	if c.i, err = c.net.AddGroup("cortex I", p.NI, iCell); err != nil {
		return err
	}
	exc := sim.ReceptorParams{Name: "exc", Kind: sim.Current, DecayMs: p.TauExcMs}
	inh := sim.ReceptorParams{Name: "inh", Kind: sim.Current, DecayMs: p.TauInhMs}
	for _, r := range []struct {
		g   *sim.Group
		rp  sim.ReceptorParams
		dst *sim.Receptor
	}{{c.e, exc, &c.eExc}, {c.e, inh, &c.eInh}, {c.i, exc, &c.iExc}, {c.i, inh, &c.iInh},
		{c.e, sim.ReceptorParams{Name: "input", Kind: sim.Current, DecayMs: p.TauExcMs}, &c.eIn}} {
		if *r.dst, err = r.g.AddReceptor(r.rp); err != nil {
			return err
		}
	}
	if p.BackgroundHz > 0 && p.BackgroundMV > 0 {
		w := p.BackgroundMV * p.PAPerMV(p.TauExcMs)
		if err := c.e.AddPoissonInput(c.eExc, 1, p.BackgroundHz, w); err != nil {
			return err
		}
		if err := c.i.AddPoissonInput(c.iExc, 1, p.BackgroundHz, w); err != nil {
			return err
		}
	}
	return nil
}

// wire adds the recurrent E→E projection (assemblies fixed, the rest
// plastic) and the local E→I, I→E and I→I projections.
func (c *Cortex) wire() error {
	p := c.p
	exc, inh := p.PAPerMV(p.TauExcMs), p.PAPerMV(p.TauInhMs)
	asm := c.cellAsm
	var err error
	c.ee, err = c.net.Connect(c.e, c.eExc, sim.ConnSpec{Rule: sim.FixedIndegree, Indegree: p.EEIndegree, DelayMs: p.EEDelayMs,
		WeightFn: func(i, j int) float64 {
			if asm[i] >= 0 && asm[i] == asm[j] {
				return p.WAssemblyMV * exc
			}
			return p.WEEInitMV * exc
		}})
	if err != nil {
		return err
	}
	for i := 0; i < p.NE; i++ {
		lo, hi := c.ee.Row(i)
		for k := lo; k < hi; k++ {
			if asm[i] >= 0 && asm[i] == asm[c.ee.Target(k)] {
				c.ee.Freeze(k)
			}
		}
	}
	stdp := eeSTDP(p)
	if err := c.ee.SetSTDP(stdp); err != nil {
		return err
	}
	if p.EEDepressionU > 0 {
		if err := c.ee.SetDepression(p.EEDepressionU, p.EEDepressionTauMs); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		pre  *sim.Group
		rec  sim.Receptor
		prob float64
		w    float64
		sign float64
	}{
		{c.e, c.iExc, p.PEI, p.WEIMV * exc, 1},
		{c.i, c.eInh, p.PIE, p.WIEMV * inh, -1},
		{c.i, c.iInh, p.PII, p.WIIMV * inh, -1},
	} {
		pr, err := c.net.Connect(l.pre, l.rec, sim.ConnSpec{Rule: sim.Random, P: l.prob, Weight: l.w, DelayMs: p.LocalDelayMs})
		if err != nil {
			return err
		}
		if l.sign < 0 {
			// Inhibitory currents: ConnSpec draws weights ≥ 0, so the sign
			// is set here; a Current receptor adds the weight as it is.
			for k := 0; k < pr.Len(); k++ {
				pr.SetWeight(k, -pr.Weight(k))
			}
		}
		c.local = append(c.local, pr)
	}
	return nil
}

// eeSTDP returns the rule of the plastic E→E synapses of a cortex with
// parameters p, in the units of its current synapses (pA).
func eeSTDP(p Params) sim.STDPParams {
	exc := p.PAPerMV(p.TauExcMs)
	s := sim.STDPParams{TauPlusMs: p.STDP.TauPlusMs, TauMinusMs: p.STDP.TauMinusMs,
		APlus: p.STDP.APlusMV * exc, AMinus: p.STDP.AMinusMV * exc, Beta: p.STDP.BetaMV * exc, BetaPost: p.STDP.BetaPostMV * exc, SoftBound: p.STDP.SoftBound,
		WMin: 0, WMax: p.WEEMaxMV * exc, MgGate: p.STDP.MgGate, MgGain: p.STDP.MgGain, VbarTauMs: p.STDP.VbarTauMs,
		TrackUsage: true, DendriticDelayMs: p.EEDendriticDelayMs}
	if p.STDP.MgGate && p.STDP.GateOnInput {
		s.DendriteReceptor, s.DendriteTauMs = "input", p.TauEMemMs
	}
	return s
}

// Params returns the cortex's parameters.
func (c *Cortex) Params() Params { return c.p }

// Network returns the network the cortex lives in.
func (c *Cortex) Network() *sim.Network { return c.net }

// E returns the excitatory group (for recorders and figures; its state is
// read-only to callers).
func (c *Cortex) E() *sim.Group { return c.e }

// I returns the inhibitory group.
func (c *Cortex) I() *sim.Group { return c.i }

// Items returns the items coded by assemblies, in assembly order.
func (c *Cortex) Items() []task.Item { return slices.Clone(c.items) }

// Assembly returns the E cells that code item it (nil if none).
func (c *Cortex) Assembly(it task.Item) []int {
	k, ok := c.assembly[it]
	if !ok {
		return nil
	}
	cells := make([]int, c.p.AssemblySize)
	for m := range cells {
		cells[m] = k*c.p.AssemblySize + m
	}
	return cells
}

// ItemOf returns the item coded by E cell j, or false when j belongs to no
// assembly.
func (c *Cortex) ItemOf(j int) (task.Item, bool) {
	if j < 0 || j >= len(c.cellAsm) || c.cellAsm[j] < 0 {
		return 0, false
	}
	return c.items[c.cellAsm[j]], true
}

// Mode returns what the cortex is doing.
func (c *Cortex) Mode() Mode { return c.mode }

// SetMode sets the learning rate of the plastic E→E synapses for m: 0 in
// Test, Params.STDP.AwakeRate when Awake, Params.STDP.SleepRate in Sleep. A layer
// that drives the cortex itself (from CA1) calls it at each phase of a day.
func (c *Cortex) SetMode(m Mode) {
	c.mode = m
	gain := 1.0
	switch m {
	case Awake:
		c.ee.LearningRate = c.p.STDP.AwakeRate
	case Sleep:
		c.ee.LearningRate = c.p.STDP.SleepRate
		gain = c.p.SleepEEGain
	default:
		c.ee.LearningRate = 0
	}
	if err := c.ee.SetGain(gain); err != nil {
		panic(err) // gain is validated by Params.Validate
	}
}

// SetPaused pauses (true) or resumes (false) the cortex's cells and its
// driver (sim.Group.SetPaused): while paused it holds its state, costs no
// time, and neither learns nor forgets. A brain pauses it while testing
// the hippocampus alone.
func (c *Cortex) SetPaused(paused bool) {
	c.e.SetPaused(paused)
	c.i.SetPaused(paused)
	if c.driver != nil {
		c.driver.src.SetPaused(paused)
	}
}

// Nights returns how many nights have ended (EndNight calls).
func (c *Cortex) Nights() int { return c.night }

// Synapses returns the number of E→E synapses now, and how many of them
// are plastic (outside assemblies).
func (c *Cortex) Synapses() (total, plastic int) {
	total = c.ee.Len()
	for k := 0; k < total; k++ {
		if !c.ee.Frozen(k) {
			plastic++
		}
	}
	return total, plastic
}

// EEEvents returns the synaptic events delivered by the E→E synapses so
// far (one per synapse per presynaptic spike).
func (c *Cortex) EEEvents() int64 { return c.ee.Events() }

// Events returns the synaptic events delivered onto cortical cells so far
// by the cortex's own synapses (E→E, E→I, I→E, I→I), not counting
// background or input.
func (c *Cortex) Events() int64 {
	s := c.ee.Events()
	for _, p := range c.local {
		s += p.Events()
	}
	return s
}

// WeightMatrix returns the mean E→E weight (mV) from assembly a to
// assembly b, indexed [a][b] in assembly order (Items), over the synapses
// that exist now.
func (c *Cortex) WeightMatrix() [][]float64 {
	na := len(c.items)
	sum := make([][]float64, na)
	cnt := make([][]int, na)
	for a := range sum {
		sum[a] = make([]float64, na)
		cnt[a] = make([]int, na)
	}
	for i := 0; i < c.p.NE; i++ {
		a := c.cellAsm[i]
		if a < 0 {
			continue
		}
		lo, hi := c.ee.Row(i)
		for k := lo; k < hi; k++ {
			if b := c.cellAsm[c.ee.Target(k)]; b >= 0 {
				sum[a][b] += c.ee.Weight(k)
				cnt[a][b]++
			}
		}
	}
	scale := 1 / c.p.PAPerMV(c.p.TauExcMs)
	for a := range sum {
		for b := range sum[a] {
			if cnt[a][b] > 0 {
				sum[a][b] *= scale / float64(cnt[a][b])
			}
		}
	}
	return sum
}

// MeanPlasticWeight returns the mean weight of the plastic E→E synapses,
// mV.
func (c *Cortex) MeanPlasticWeight() float64 {
	s, n := 0.0, 0
	for k := 0; k < c.ee.Len(); k++ {
		if !c.ee.Frozen(k) {
			s += c.ee.Weight(k)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n) / c.p.PAPerMV(c.p.TauExcMs)
}
