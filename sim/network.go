package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// Config holds the settings of a whole network.
type Config struct {
	// DtMs is the integration time step, ms (0 < dt ≤ 1).
	DtMs float64
	// Seed seeds every random draw of the network.
	Seed uint64
	// Workers is the number of goroutines that step the network (≥ 1).
	// Results do not depend on it.
	Workers int
	// MgMM is the extracellular [Mg²⁺], mM (0 ≤ Mg ≤ 10).
	MgMM float64
	// Method is the scheme that integrates the cells' membrane potential
	// and adaptation ("" is ExponentialEuler).
	Method Method
}

// Method is a scheme that integrates the membrane equation over a step
// (Group.integrate gives both). Receptor conductances decay exactly in
// either.
type Method string

const (
	// ExponentialEuler, the default, holds the conductances over the step
	// and integrates V (and w) exactly toward their momentary steady state.
	ExponentialEuler Method = "exponential_euler"
	// Euler is forward Euler: V ← V + (dt/C)·(total current), the scheme
	// Brian2 chooses for these equations unless told otherwise (Stimberg,
	// Brette & Goodman 2019). It costs about half as much a cell and is
	// first-order accurate in dt; results differ from ExponentialEuler's.
	Euler Method = "euler"
)

// DefaultConfig returns dt = 0.1 ms, seed 1, one worker, [Mg²⁺] = 1 mM.
func DefaultConfig() Config {
	return Config{DtMs: 0.1, Seed: 1, Workers: 1, MgMM: DefaultMgMM}
}

// MaxMgMM is the largest [Mg²⁺] the engine accepts, mM.
const MaxMgMM = 10.0

func (c Config) validate() error {
	switch {
	case !(c.DtMs > 0 && c.DtMs <= 1):
		return fmt.Errorf("sim: DtMs = %v ms, want 0 < dt ≤ 1", c.DtMs)
	case c.Workers < 1:
		return fmt.Errorf("sim: Workers = %d, want ≥ 1", c.Workers)
	case !(c.MgMM >= 0 && c.MgMM <= MaxMgMM):
		return fmt.Errorf("sim: MgMM = %v mM, want 0 ≤ [Mg²⁺] ≤ %v", c.MgMM, MaxMgMM)
	case c.Method != "" && c.Method != ExponentialEuler && c.Method != Euler:
		return fmt.Errorf("sim: Method = %q, want %q or %q", c.Method, ExponentialEuler, Euler)
	}
	return nil
}

// Network is a set of neuron groups, Poisson sources and projections that
// are stepped together.
type Network struct {
	dt      float64
	seed    uint64
	workers int
	step    int64
	frozen  bool
	euler   bool // Config.Method is Euler

	mg *mgTable

	// Modulation is the global neuromodulatory gain on every plasticity
	// rule (1 = neutral; a salience tag raises it, 0 stops learning).
	Modulation float64

	groups  []*Group
	sources []*Poisson
	projs   []*Projection
	recs    []recorder

	observe func() error // called after every step (SetObserver)

	pool     *pool
	bad      []int    // per worker: a cell that diverged, or −1
	badGroup []*Group // per worker: its group
	err      error
}

// New returns an empty network.
func New(c Config) (*Network, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	n := &Network{dt: c.DtMs, seed: c.Seed, workers: c.Workers, euler: c.Method == Euler, mg: newMgTable(c.MgMM), Modulation: 1}
	n.bad = make([]int, c.Workers)
	n.badGroup = make([]*Group, c.Workers)
	return n, nil
}

// Dt returns the time step, ms.
func (n *Network) Dt() float64 { return n.dt }

// Method returns the scheme that integrates the membrane equation.
func (n *Network) Method() Method {
	if n.euler {
		return Euler
	}
	return ExponentialEuler
}

// Steps returns the number of steps taken.
func (n *Network) Steps() int64 { return n.step }

// TimeMs returns the simulated time, ms.
func (n *Network) TimeMs() float64 { return float64(n.step) * n.dt }

// Workers returns the number of goroutines that step the network.
func (n *Network) Workers() int { return n.workers }

// Mg returns the extracellular [Mg²⁺], mM.
func (n *Network) Mg() float64 { return n.mg.mgMM }

// SetMg changes the extracellular [Mg²⁺] (mM); it takes effect from the
// next step, so it may be called while the network runs.
func (n *Network) SetMg(mM float64) error {
	if !(mM >= 0 && mM <= MaxMgMM) {
		return fmt.Errorf("sim: [Mg²⁺] = %v mM, want 0 … %v", mM, MaxMgMM)
	}
	if mM != n.mg.mgMM {
		n.mg = newMgTable(mM)
	}
	return nil
}

// Rand returns a generator for building the network (wiring, initial
// conditions), seeded from the network seed and label, so that each
// builder draws its own reproducible stream.
func (n *Network) Rand(label string) *rand.Rand {
	return rand.New(rand.NewPCG(n.seed, hashString(label)))
}

// Groups returns the neuron groups in the order added.
func (n *Network) Groups() []*Group { return n.groups }

// Projections returns the projections in the order added.
func (n *Network) Projections() []*Projection { return n.projs }

// AddGroup adds size cells with parameters p, at rest (V = EL).
func (n *Network) AddGroup(name string, size int, p NeuronParams) (*Group, error) {
	if n.frozen {
		return nil, fmt.Errorf("sim: AddGroup %q after the network has started", name)
	}
	if size <= 0 {
		return nil, fmt.Errorf("sim: group %q: size = %d, want > 0", name, size)
	}
	if err := p.validate(n.dt); err != nil {
		return nil, fmt.Errorf("sim: group %q: %w", name, err)
	}
	g := &Group{population: population{name: name, size: size}, net: n, p: p}
	g.v = make([]float64, size)
	for i := range g.v {
		g.v[i] = p.ELmV
	}
	g.w = make([]float64, size)
	g.ref = make([]int32, size)
	g.iext = make([]float64, size)
	g.gSum = make([]float64, size)
	g.gESum = make([]float64, size)
	g.iSum = make([]float64, size)
	g.kStep = make([]float64, size)
	if p.DeltaTmV > 0 {
		g.iSpike = make([]float64, size)
	}
	g.wspikes = make([][]int32, n.workers)
	g.wdef = make([][]int32, n.workers)
	g.refSteps = int32(math.Round(p.TrefMs / n.dt))
	if p.adaptive() {
		g.decW = math.Exp(-n.dt / p.TauWMs)
		if n.euler {
			g.decW = 1 - n.dt/p.TauWMs // w ← w + (dt/τw)·(a(V − EL) − w)
		}
	}
	g.vSpike = p.VthMV
	if p.DeltaTmV > 0 {
		g.vSpike = p.VpeakMV
	}
	n.groups = append(n.groups, g)
	return g, nil
}

// Connect adds a projection from pre onto receptor rec according to spec.
// Pairs are drawn from the network's generator, so the wiring is the same
// for the same seed.
func (n *Network) Connect(pre Source, rec Receptor, spec ConnSpec) (*Projection, error) {
	if n.frozen {
		return nil, fmt.Errorf("sim: Connect after the network has started")
	}
	post := rec.g
	name := fmt.Sprintf("%s→%s:%s", pre.Name(), post.name, post.rec[rec.i].Name)
	if err := spec.validate(pre.Size(), post.size); err != nil {
		return nil, fmt.Errorf("sim: projection %s: %w", name, err)
	}
	rng := n.Rand(name)
	self := pre.pop() == &post.population
	is, js := pairs(spec, pre.Size(), post.size, self && !spec.Autapses, rng)
	if spec.Accept != nil {
		n := 0
		for k := range is {
			if spec.Accept(int(is[k]), int(js[k])) {
				is[n], js[n] = is[k], js[k]
				n++
			}
		}
		is, js = is[:n], js[:n]
	}
	w := make([]float32, len(is))
	for k := range w {
		wk := spec.Weight
		if spec.WeightFn != nil {
			wk = spec.WeightFn(int(is[k]), int(js[k]))
			if !(wk >= 0) || math.IsInf(wk, 0) {
				return nil, fmt.Errorf("sim: projection %s: WeightFn(%d, %d) = %v, want a finite value ≥ 0", name, is[k], js[k], wk)
			}
		}
		w[k] = float32(wk)
	}
	p := &Projection{name: name, pre: pre.pop(), post: post, rec: rec.i, LearningRate: 1, gain: 1}
	p.buildCSR(pre.Size(), is, js, w)
	p.delay = int(math.Round(spec.DelayMs / n.dt))
	p.queue = make([][]int32, p.delay+1)
	n.projs = append(n.projs, p)
	return p, nil
}

// Step advances the network by one time step. It returns an error, and
// stops advancing, when a state variable became NaN or infinite.
//
// A step integrates every group (phase 1, in parallel), collects the
// spikes and queues them on the projections (serial), delivers the spikes
// that are due and applies spike-triggered plasticity (phase 2, in
// parallel), then advances the plasticity rules' traces and records
// (serial). RunContext may overlap phase 2 of one step with phase 1 of the
// next (runFused); every value is computed by the same operations in the
// same order either way.
func (n *Network) Step() error {
	if err := n.beginStep(); err != nil {
		return err
	}
	n.parallel(phaseIntegrate)
	if err := n.afterIntegrate(); err != nil {
		return err
	}
	n.parallel(phaseDeliver)
	n.afterDeliver()
	return n.endStep()
}

func (n *Network) beginStep() error {
	if n.err != nil {
		return n.err
	}
	if !n.frozen {
		n.freeze()
	}
	return nil
}

// afterIntegrate checks for divergence, collects the step's spikes and
// queues them on the projections.
func (n *Network) afterIntegrate() error {
	for wk, b := range n.bad {
		if b >= 0 {
			n.err = n.divergence(wk, b)
			return n.err
		}
	}
	for _, g := range n.groups {
		g.spikes = g.spikes[:0]
		if g.paused {
			continue
		}
		for wk := range g.wspikes {
			g.spikes = append(g.spikes, g.wspikes[wk]...)
		}
		g.count += int64(len(g.spikes))
	}
	for _, s := range n.sources {
		s.collect()
	}
	for _, p := range n.projs {
		p.push(n.step)
	}
	return nil
}

// afterDeliver advances the plasticity rules by the step.
func (n *Network) afterDeliver() {
	for _, p := range n.projs {
		if p.post.paused {
			continue
		}
		if p.ca != nil {
			p.ca.update(p, n)
		}
		if p.stdp != nil {
			p.stdp.afterStep(p)
		}
	}
}

// endStep ends the step: the clock, the recorders and the observer.
func (n *Network) endStep() error {
	n.step++
	for _, r := range n.recs {
		r.record(n)
	}
	if n.observe != nil {
		return n.observe()
	}
	return nil
}

// runFused advances the network by steps steps with one parallel phase a
// step instead of two: phase 2 (delivery and spike-triggered plasticity)
// of a step runs in the same pass as phase 1 (integration) of the next,
// each worker delivering into its own range of cells before integrating
// it. The step's recorders run before its delivery, which changes nothing
// they read, and its STDP traces advance after the next integration, which
// does not read them. Nothing outside may read or change the state between
// the two, so RunContext uses it with several workers and no observer, and
// not with the calcium rule, whose update reads V between the phases. ctx
// is checked every check steps.
func (n *Network) runFused(ctx context.Context, steps, check int64) error {
	if steps == 0 {
		return nil
	}
	if err := n.beginStep(); err != nil {
		return err
	}
	n.parallel(phaseIntegrate)
	for s := int64(1); ; s++ {
		if err := n.afterIntegrate(); err != nil {
			return err
		}
		if err := n.endStep(); err != nil {
			return err
		}
		if s == steps || (s%check == 0 && ctx.Err() != nil) {
			n.parallel(phaseDeliver)
			n.afterDeliver()
			if s == steps {
				return nil
			}
			return ctx.Err()
		}
		n.parallel(phaseFused)
		n.afterDeliver()
	}
}

// fusable reports whether runFused may step the network.
func (n *Network) fusable() bool {
	if n.workers < 2 || n.observe != nil {
		return false
	}
	for _, p := range n.projs {
		if p.ca != nil {
			return false
		}
	}
	return true
}

// SetObserver makes fn run after every step, once the step's spikes are
// collected and recorded (nil removes it). It runs on the goroutine that
// steps the network, so it may read any state and change settings such as
// [Mg²⁺] or a projection's gain; a live viewer uses it to take snapshots,
// pace the simulation and apply commands. An error from fn is returned by
// that Step (and stops Run) but does not poison the network: stepping may
// go on afterwards.
func (n *Network) SetObserver(fn func() error) { n.observe = fn }

// Run advances the network by ms milliseconds (rounded to whole steps).
func (n *Network) Run(ms float64) error { return n.RunContext(context.Background(), ms) }

// RunContext is Run that stops early, returning ctx.Err(), when ctx is
// done. It checks ctx every simulated 100 ms.
func (n *Network) RunContext(ctx context.Context, ms float64) error {
	if !(ms >= 0) || math.IsInf(ms, 0) {
		return fmt.Errorf("sim: run length = %v ms, want a finite value ≥ 0", ms)
	}
	steps := int64(math.Round(ms / n.dt))
	check := int64(math.Max(1, math.Round(100/n.dt)))
	if n.fusable() {
		if err := ctx.Err(); err != nil {
			return err
		}
		return n.runFused(ctx, steps, check)
	}
	for s := int64(0); s < steps; s++ {
		if s%check == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := n.Step(); err != nil {
			return err
		}
	}
	return nil
}

// Close stops the network's worker goroutines. A closed network must not
// be stepped again.
func (n *Network) Close() {
	if n.pool != nil {
		n.pool.close()
		n.pool = nil
	}
}

func (n *Network) divergence(wk, i int) error {
	g := n.badGroup[wk]
	return fmt.Errorf("sim: group %q cell %d diverged at step %d (t = %.1f ms): V = %v mV, w = %v pA; lower dt or check the parameters",
		g.name, i, n.step, n.TimeMs(), g.v[i], g.w[i])
}

// freeze fixes the network's structure before the first step: builds the
// indices that rules and workers need.
func (n *Network) freeze() {
	n.frozen = true
	for _, p := range n.projs {
		p.buildSplit(n.workers)
	}
	if n.workers > 1 {
		n.pool = newPool(n.workers, n.runPhase)
	}
}

type phase int

const (
	phaseIntegrate phase = iota
	phaseDeliver
	phaseFused // phaseDeliver of one step, then phaseIntegrate of the next
)

func (n *Network) parallel(ph phase) {
	if n.pool == nil {
		n.runPhase(ph, 0)
		return
	}
	n.pool.run(ph)
}

// runPhase does worker wk's share of a phase: its range of every group's
// cells, or its range of every projection's targets.
func (n *Network) runPhase(ph phase, wk int) {
	if ph == phaseFused {
		n.runPhase(phaseDeliver, wk)
		ph = phaseIntegrate
	}
	switch ph {
	case phaseIntegrate:
		n.bad[wk] = -1
		for _, s := range n.sources {
			if s.paused {
				continue
			}
			lo, hi := chunk(s.size, n.workers, wk), chunk(s.size, n.workers, wk+1)
			s.draw(lo, hi, wk, n)
		}
		for _, g := range n.groups {
			if g.paused {
				continue
			}
			lo, hi := chunk(g.size, n.workers, wk), chunk(g.size, n.workers, wk+1)
			for _, in := range g.inputs {
				in.draw(g, lo, hi, wk, n)
			}
			if b := g.integrate(lo, hi, wk, n.mg); b >= 0 && n.bad[wk] < 0 {
				n.bad[wk] = b
				n.badGroup[wk] = g
			}
		}
	case phaseDeliver:
		for _, p := range n.projs {
			if p.post.paused {
				continue
			}
			if len(p.due) > 0 {
				p.deliver(wk, n.workers)
			}
			if p.stdp != nil {
				p.stdpPre(wk, n.workers)
				lo, hi := chunk(p.post.size, n.workers, wk), chunk(p.post.size, n.workers, wk+1)
				p.stdp.onPost(p, lo, hi)
			}
		}
		for _, p := range n.projs {
			if p.stdp != nil && p.stdp.dendOn && !p.post.paused {
				lo, hi := chunk(p.post.size, n.workers, wk), chunk(p.post.size, n.workers, wk+1)
				p.stdp.stepDendrite(p.post, lo, hi)
			}
		}
	}
}

// chunk returns the start of worker k's share of n items split between w
// workers (chunk(n, w, w) = n).
func chunk(n, w, k int) int { return n * k / w }

// pool runs phases on a fixed set of goroutines; worker 0 is the caller.
// A phase lasts microseconds, so workers first spin on a generation
// counter and only sleep (on a condition variable) after spinLimit idle
// polls; the caller spins until every worker is done.
type pool struct {
	workers int
	fn      func(phase, int)
	phase   phase
	gen     atomic.Uint64
	pending atomic.Int32
	mu      sync.Mutex
	cond    *sync.Cond
	closed  bool
}

const (
	// spinLimit idle polls (≈ 0.1 ms) before a worker sleeps: the
	// serial work between two phases of a step (collecting spikes,
	// queueing them, recorders) must not put it to sleep, since waking
	// it costs more than a whole step.
	spinLimit = 200000
	// yieldEvery polls a spinning goroutine lets the scheduler run
	// others, so that fewer threads than workers still make progress.
	yieldEvery = 4096
)

func newPool(workers int, fn func(phase, int)) *pool {
	p := &pool{workers: workers, fn: fn}
	p.cond = sync.NewCond(&p.mu)
	for wk := 1; wk < workers; wk++ {
		go p.work(wk)
	}
	return p
}

func (p *pool) work(wk int) {
	var last uint64
	spins := 0
	for {
		g := p.gen.Load()
		if g == last {
			if spins < spinLimit {
				spins++
				if spins%yieldEvery == 0 {
					runtime.Gosched()
				}
				continue
			}
			p.mu.Lock()
			for p.gen.Load() == last && !p.closed {
				p.cond.Wait()
			}
			closed := p.closed
			p.mu.Unlock()
			if closed {
				return
			}
			spins = 0
			continue
		}
		last, spins = g, 0
		p.fn(p.phase, wk)
		p.pending.Add(-1)
	}
}

func (p *pool) run(ph phase) {
	p.phase = ph
	p.pending.Store(int32(p.workers - 1))
	p.mu.Lock()
	p.gen.Add(1)
	p.cond.Broadcast()
	p.mu.Unlock()
	p.fn(ph, 0)
	for spins := 1; p.pending.Load() != 0; spins++ {
		if spins%yieldEvery == 0 {
			runtime.Gosched()
		}
	}
}

func (p *pool) close() {
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
}

// hashString returns the FNV-1a hash of s.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
