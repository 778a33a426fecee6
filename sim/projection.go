package sim

import (
	"fmt"
	"math"
)

// Projection is a set of synapses from a Source onto one receptor of a
// Group, stored in compressed sparse row form: the synapses of presynaptic
// cell i are k = rowPtr[i] … rowPtr[i+1]−1, with their targets (ascending
// within a row) and weights (nS for conductance receptors, pA for current
// receptors). All synapses of a projection share one axonal delay, a whole
// number of steps.
//
// Targets take 2 bytes a synapse (col16) when the target group has at most
// 65 536 cells, 4 (col32) otherwise; weights take 4 (float32), or none when
// every synapse has the same weight (w is nil and w0 holds it) until one
// is set or a plasticity rule is given.
type Projection struct {
	name string
	pre  *population
	post *Group
	rec  int

	rowPtr []int32
	col16  []uint16 // targets, when the target group has ≤ 65 536 cells
	col32  []int32  // targets, otherwise
	w      []float32
	w0     float32 // the weight of every synapse while w is nil
	nSyn   int

	delay int       // steps
	queue [][]int32 // ring of spike lists, slot (step mod delay+1)

	// colPtr/colSyn index synapses by target (CSC), built when a rule
	// needs to visit the synapses onto a spiking cell.
	colPtr []int32
	colSyn []int32
	// blockRow[b] is the row of synapse b·256, so that preOf finds the
	// row of any synapse in a few steps.
	blockRow []int32

	// split[i*(W+1)+k] is the first synapse of row i that worker k delivers
	// (targets are split between workers by range).
	split []int32

	std  *depression
	stdp *STDP
	ca   *calcium
	pinh *presynaptic // presynaptic inhibition (nil: none)

	// LearningRate scales every plasticity rule of the projection
	// (1 = the rule's own rate; fast hippocampus, slow cortex).
	LearningRate float64

	// gain scales transmission (SetGain); 0 switches it off.
	gain float64
	// frozen marks synapses no rule may change (one bit each; nil: none).
	frozen []uint64

	events int64 // synaptic events delivered
	due    []int32
}

// Name returns the projection's name ("pre→post:receptor").
func (p *Projection) Name() string { return p.name }

// Len returns the number of synapses.
func (p *Projection) Len() int { return p.nSyn }

// Events returns the number of synaptic events delivered so far (one per
// synapse per presynaptic spike).
func (p *Projection) Events() int64 { return p.events }

// Post returns the target group.
func (p *Projection) Post() *Group { return p.post }

// DelaySteps returns the axonal delay in time steps.
func (p *Projection) DelaySteps() int { return p.delay }

// Weight returns the weight of synapse k.
func (p *Projection) Weight(k int) float64 {
	if p.w == nil {
		return float64(p.w0)
	}
	return float64(p.w[k])
}

// SetWeight sets the weight of synapse k.
func (p *Projection) SetWeight(k int, w float64) {
	if p.w == nil {
		if float32(w) == p.w0 {
			return
		}
		p.ownWeights()
	}
	p.w[k] = float32(w)
}

// ownWeights gives every synapse a weight of its own (the shared one).
func (p *Projection) ownWeights() {
	if p.w != nil {
		return
	}
	p.w = make([]float32, p.nSyn)
	for k := range p.w {
		p.w[k] = p.w0
	}
}

// Row returns the synapse index range [lo, hi) of presynaptic cell i.
func (p *Projection) Row(i int) (lo, hi int) { return int(p.rowPtr[i]), int(p.rowPtr[i+1]) }

// Target returns the postsynaptic cell of synapse k.
func (p *Projection) Target(k int) int { return int(p.target(k)) }

func (p *Projection) target(k int) int32 {
	if p.col16 != nil {
		return int32(p.col16[k])
	}
	return p.col32[k]
}

// Find returns the synapse from pre cell i to post cell j, or −1.
func (p *Projection) Find(i, j int) int {
	lo, hi := p.Row(i)
	for k := lo; k < hi; k++ {
		if p.Target(k) == j {
			return k
		}
	}
	return -1
}

// MeanWeight returns the mean weight of all synapses (0 for none).
func (p *Projection) MeanWeight() float64 {
	if p.nSyn == 0 {
		return 0
	}
	s := 0.0
	for k := range p.nSyn {
		s += p.Weight(k)
	}
	return s / float64(p.nSyn)
}

// BytesPerSynapse returns the memory the projection holds per synapse, in
// bytes: target index, weight, and any per-synapse state of its rules and
// index, with the per-row and per-cell arrays shared out over the synapses.
func (p *Projection) BytesPerSynapse() float64 {
	if p.nSyn == 0 {
		return 0
	}
	b := 2*len(p.col16) + 4*(len(p.rowPtr)+len(p.col32)+len(p.w)+len(p.colPtr)+len(p.colSyn)+len(p.blockRow)+len(p.split)) + 8*len(p.frozen)
	if p.ca != nil {
		b += 4 * len(p.ca.c)
	}
	if p.stdp != nil {
		b += 4 * len(p.stdp.usage)
	}
	return float64(b) / float64(p.nSyn)
}

// buildCSR turns (pre, post, weight) triples, sorted by pre then post,
// into the projection's CSR arrays.
func (p *Projection) buildCSR(nPre int, pre, post []int32, w []float32) {
	p.rowPtr = make([]int32, nPre+1)
	for _, i := range pre {
		p.rowPtr[i+1]++
	}
	for i := 0; i < nPre; i++ {
		p.rowPtr[i+1] += p.rowPtr[i]
	}
	p.setTargets(post)
	p.setWeights(w)
}

// setTargets stores the targets in the narrowest form the target group
// allows.
func (p *Projection) setTargets(post []int32) {
	p.nSyn = len(post)
	p.col16, p.col32 = nil, nil
	if p.post.size > 1<<16 {
		p.col32 = post
		return
	}
	p.col16 = make([]uint16, len(post))
	for k, j := range post {
		p.col16[k] = uint16(j)
	}
}

// setWeights stores the weights, as one shared value when they are all
// the same (and no rule may change them).
func (p *Projection) setWeights(w []float32) {
	p.w, p.w0 = w, 0
	if len(w) == 0 || p.stdp != nil || p.ca != nil {
		return
	}
	for _, x := range w {
		if math.Float32bits(x) != math.Float32bits(w[0]) {
			return
		}
	}
	p.w, p.w0 = nil, w[0]
}

// buildCSC indexes the synapses by target cell.
func (p *Projection) buildCSC() {
	if p.colPtr != nil {
		return
	}
	n := p.post.size
	p.colPtr = make([]int32, n+1)
	for k := range p.nSyn {
		p.colPtr[p.target(k)+1]++
	}
	for j := 0; j < n; j++ {
		p.colPtr[j+1] += p.colPtr[j]
	}
	p.colSyn = make([]int32, p.nSyn)
	next := make([]int32, n)
	copy(next, p.colPtr[:n])
	for k := range p.nSyn {
		j := p.target(k)
		p.colSyn[next[j]] = int32(k)
		next[j]++
	}
	p.blockRow = make([]int32, (p.nSyn+255)/256)
	i := int32(0)
	for b := range p.blockRow {
		for p.rowPtr[i+1] <= int32(b*256) {
			i++
		}
		p.blockRow[b] = i
	}
}

// preOf returns the presynaptic cell of synapse k.
func (p *Projection) preOf(k int32) int32 {
	i := p.blockRow[k>>8]
	for p.rowPtr[i+1] <= k {
		i++
	}
	return i
}

// buildSplit finds, for every row, where each worker's target range starts.
func (p *Projection) buildSplit(workers int) {
	p.split = nil
	if workers <= 1 {
		return
	}
	nPre := len(p.rowPtr) - 1
	p.split = make([]int32, nPre*(workers+1))
	for i := 0; i < nPre; i++ {
		lo, hi := p.rowPtr[i], p.rowPtr[i+1]
		k := lo
		for wk := 0; wk <= workers; wk++ {
			bound := int32(chunk(p.post.size, workers, wk))
			for k < hi && p.target(int(k)) < bound {
				k++
			}
			p.split[i*(workers+1)+wk] = k
		}
	}
}

// SetGain scales the efficacy of every synapse of the projection by g
// (≥ 0) from the next step on, without changing the weights: 0 switches
// transmission off (as acetylcholine suppresses recurrent CA3 synapses
// while awake), values above 1 release it (as in sleep).
func (p *Projection) SetGain(g float64) error {
	if !(g >= 0) || math.IsInf(g, 0) {
		return fmt.Errorf("sim: projection %s: gain = %v, want a finite value ≥ 0", p.name, g)
	}
	p.gain = g
	return nil
}

// Gain returns the transmission gain.
func (p *Projection) Gain() float64 { return p.gain }

// Freeze marks synapse k as fixed: no plasticity rule changes its weight.
func (p *Projection) Freeze(k int) {
	if p.frozen == nil {
		p.frozen = make([]uint64, (p.nSyn+63)/64)
	}
	p.frozen[k>>6] |= 1 << (k & 63)
}

// Frozen reports whether synapse k is fixed.
func (p *Projection) Frozen(k int) bool {
	return p.frozen != nil && p.frozen[k>>6]&(1<<(k&63)) != 0
}

// push queues this step's presynaptic spikes and returns the spikes due
// for delivery now (those emitted delay steps ago), counting their events
// (none while the gain is 0: nothing is released).
func (p *Projection) push(step int64) []int32 {
	slots := p.delay + 1
	s := int(step % int64(slots))
	p.queue[s] = append(p.queue[s][:0], p.pre.spikes...)
	p.due = p.queue[int((step+int64(slots)-int64(p.delay))%int64(slots))]
	if st := p.stdp; st != nil {
		st.pre = p.queue[int((step+int64(slots)-int64(st.lag))%int64(slots))]
	}
	if p.gain > 0 && !p.post.paused {
		for _, i := range p.due {
			p.events += int64(p.rowPtr[i+1] - p.rowPtr[i])
		}
	}
	if p.std != nil {
		p.std.onSpikes(p.due, step)
	}
	if p.pinh != nil {
		p.pinh.update()
	}
	return p.due
}

// deliver adds the weights of the due spikes to the target receptor of
// the cells in worker wk's range, and applies spike-triggered plasticity
// on the presynaptic side.
func (p *Projection) deliver(wk, workers int) {
	g := p.post
	a := g.recA[p.rec]
	b := g.recB[p.rec]
	norm := g.norm[p.rec]
	for _, i := range p.due {
		lo, hi := p.share(i, wk, workers)
		scale := norm * p.gain
		if p.std != nil {
			scale *= p.std.eff[i]
		}
		if p.pinh != nil {
			scale *= p.pinh.factor
		}
		switch {
		case p.col16 != nil && p.w == nil:
			deliverShared(a, b, p.col16[lo:hi], float64(p.w0)*scale)
		case p.col16 != nil:
			deliverRow(a, b, p.col16[lo:hi], p.w[lo:hi], scale)
		case p.w == nil:
			deliverShared(a, b, p.col32[lo:hi], float64(p.w0)*scale)
		default:
			deliverRow(a, b, p.col32[lo:hi], p.w[lo:hi], scale)
		}
	}
}

// targetIndex is the type of a projection's target indices.
type targetIndex interface{ uint16 | int32 }

// deliverRow adds float64(ws[k])·scale to a[cols[k]], and to b[cols[k]]
// when b is not nil, for every k in order.
func deliverRow[T targetIndex](a, b []float64, cols []T, ws []float32, scale float64) {
	ws = ws[:len(cols)]
	if b == nil {
		for k, j := range cols {
			a[j] += float64(ws[k]) * scale
		}
		return
	}
	for k, j := range cols {
		x := float64(ws[k]) * scale
		a[j] += x
		b[j] += x
	}
}

// deliverShared adds x to a[j], and to b[j] when b is not nil, for every
// j in cols, in order: deliverRow for synapses that share one weight.
func deliverShared[T targetIndex](a, b []float64, cols []T, x float64) {
	if b == nil {
		for _, j := range cols {
			a[j] += x
		}
		return
	}
	for _, j := range cols {
		a[j] += x
		b[j] += x
	}
}

// share returns the synapses of row i that worker wk of workers handles
// (targets are split between workers by range).
func (p *Projection) share(i int32, wk, workers int) (lo, hi int32) {
	if p.split != nil {
		base := int(i) * (workers + 1)
		return p.split[base+wk], p.split[base+wk+1]
	}
	return p.rowPtr[i], p.rowPtr[i+1]
}

// stdpPre applies the presynaptic side of the STDP rule to the rows of
// the presynaptic spikes the rule sees this step (STDP.pre), in worker
// wk's range of targets, after this step's delivery.
func (p *Projection) stdpPre(wk, workers int) {
	for _, i := range p.stdp.pre {
		lo, hi := p.share(i, wk, workers)
		p.stdp.onPre(p, int(lo), int(hi))
	}
}

// ConnSpec says which pairs of cells a projection connects and with what
// weight and delay.
type ConnSpec struct {
	// Rule chooses the pairs: Random (each pair with probability P),
	// FixedIndegree (each target gets exactly Indegree distinct sources),
	// OneToOne (cell i → cell i) or AllToAll.
	Rule Rule
	// P is the connection probability of Random, in [0, 1].
	P float64
	// Indegree is the number of sources per target of FixedIndegree.
	Indegree int
	// Autapses allows i → i when the source is the target group itself.
	Autapses bool
	// Accept, when set, keeps only the pairs i → j it accepts among those
	// the rule draws (for example, only cells coding the same item).
	Accept func(i, j int) bool
	// Weight is the initial weight of every synapse, nS (conductance
	// receptor) or pA (current receptor), ≥ 0. WeightFn, when set,
	// overrides it per synapse.
	Weight float64
	// WeightFn, when set, gives the weight of synapse i → j.
	WeightFn func(i, j int) float64
	// DelayMs is the axonal delay, rounded to whole steps, ≥ 0. A delay of
	// 0 still acts from the next step on.
	DelayMs float64
}

// Rule names a connectivity rule.
type Rule int

// Connectivity rules of ConnSpec.
const (
	Random Rule = iota
	FixedIndegree
	OneToOne
	AllToAll
)

func (c ConnSpec) validate(nPre, nPost int) error {
	switch {
	case c.Rule == Random && !(c.P >= 0 && c.P <= 1):
		return fmt.Errorf("P = %v, want 0 ≤ P ≤ 1", c.P)
	case c.Rule == FixedIndegree && (c.Indegree < 0 || c.Indegree > nPre):
		return fmt.Errorf("Indegree = %d, want 0 ≤ Indegree ≤ %d (source size)", c.Indegree, nPre)
	case c.Rule == OneToOne && nPre != nPost:
		return fmt.Errorf("OneToOne needs equal sizes, have %d → %d", nPre, nPost)
	case c.Rule < Random || c.Rule > AllToAll:
		return fmt.Errorf("Rule = %d, want Random, FixedIndegree, OneToOne or AllToAll", c.Rule)
	case !(c.Weight >= 0) || math.IsInf(c.Weight, 0):
		return fmt.Errorf("Weight = %v, want a finite value ≥ 0", c.Weight)
	case !(c.DelayMs >= 0) || math.IsInf(c.DelayMs, 0):
		return fmt.Errorf("DelayMs = %v ms, want a finite value ≥ 0", c.DelayMs)
	}
	return nil
}
