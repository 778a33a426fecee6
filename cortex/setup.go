package cortex

import (
	"context"
	"fmt"

	"engram/param"
	"engram/sim"
	"engram/task"
)

// Setup is what every cortex experiment shares: the seed, the memory task
// (disjoint sequences of items), the cortex and its synthetic input. The
// experiments build their own network from it, so each is deterministic
// for a seed.
type Setup struct {
	// Seed seeds the task, the wiring and every random draw.
	Seed uint64 `toml:"-"`
	// Sequences is the number of episodes (sequences) to consolidate
	// (docs/model.md §4.1: 4).
	Sequences int `toml:"sequences" range:"1..20" doc:"episodes (sequences of disjoint items) to consolidate"`
	// SequenceLen is the number of items per sequence.
	SequenceLen int `toml:"sequence_len" range:"2..20" doc:"items per sequence"`
	// Trials is the number of recall trials per episode in each test;
	// scores are averaged over them.
	Trials int `toml:"trials" range:"1..20" doc:"recall trials per episode in each test (scores are their mean)"`
	// MgMM is the network's extracellular [Mg²⁺], mM; it acts only when
	// Cortex.STDP.MgGate is set.
	MgMM float64 `toml:"mg_mm" unit:"mM" range:"0..10" doc:"extracellular [Mg²⁺] (acts through cortex.stdp.mg_gate)"`
	// DtMs is the time step, ms.
	DtMs float64 `toml:"-"`
	// Cortex holds the cortex parameters. Default DefaultParams with
	// Pruning = PruneNone (the experiments choose the pruning rule).
	Cortex Params `toml:"cortex"`
	// Driver holds the synthetic input. Default DefaultDriverParams.
	Driver DriverParams `toml:"driver"`
	// Style is how the experiments' replay events run (SleepPlan.Style):
	// default DefaultReplayStyle, forward and reverse, compressed, some
	// partial, as the brain's CA1 delivers them; nil runs every event
	// forward at the driver's fixed replay timing.
	Style *ReplayStyle `toml:"-"`
}

// DefaultSetup returns 4 sequences of 5 items on the default cortex and
// driver, replay in the default style, 2 recall trials per episode, seed 1.
func DefaultSetup() Setup {
	p := DefaultParams()
	p.Pruning = PruneNone
	st := DefaultReplayStyle()
	return Setup{Seed: 1, Sequences: 4, SequenceLen: 5, Trials: 2, MgMM: sim.DefaultMgMM, DtMs: 0.1,
		Cortex: p, Driver: DefaultDriverParams(), Style: &st}
}

// Validate reports the first parameter outside its range (its tags), of
// the setup, its cortex, driver and replay style, as a *param.Error.
func (s Setup) Validate() error {
	if err := param.Check(&s, ""); err != nil {
		return err
	}
	if s.Style != nil {
		return param.Within("style.", s.Style.Validate())
	}
	return nil
}

// Chance returns the recall score of a guesser on the setup's task
// (task.ChanceScore).
func (s Setup) Chance() float64 { return task.ChanceScore(s.Sequences*s.SequenceLen, s.SequenceLen) }

// run is one built network of an experiment.
type run struct {
	c   *Cortex
	eps []task.Episode
}

// newRun generates the task and builds a cortex with parameters p and its
// driver on a fresh network, assemblies in episode order (the items of
// episode 0, then of episode 1, …), and lets it settle for SettleMs.
func newRun(s Setup, p Params) (*run, error) {
	tp := task.Params{VocabSize: s.Sequences * s.SequenceLen, EpisodeLen: s.SequenceLen, EpisodesPerDay: s.Sequences,
		Days: 1, ItemMs: s.Driver.AwakeItemMs, GapMs: s.Driver.AwakeGapMs, Reuse: task.Disjoint}
	return newTaskRun(s, p, tp)
}

// newTaskRun is newRun on the task tp (its episodes in the order
// experienced, one assembly per item).
func newTaskRun(s Setup, p Params, tp task.Params) (*run, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	tk, err := task.Generate(tp, s.Seed)
	if err != nil {
		return nil, err
	}
	eps := tk.Episodes()
	var items []task.Item
	for _, e := range eps {
		items = append(items, e.Items...)
	}
	n, err := sim.New(sim.Config{DtMs: s.DtMs, Seed: s.Seed, Workers: 1, MgMM: s.MgMM})
	if err != nil {
		return nil, err
	}
	c, err := Build(n, p, items)
	if err != nil {
		return nil, err
	}
	d, err := c.AddDriver(s.Driver)
	if err != nil {
		return nil, err
	}
	if err := d.play([]segment{{asm: -1, ms: s.Driver.SettleMs}}); err != nil {
		return nil, err
	}
	return &run{c: c, eps: eps}, nil
}

// close releases the run's network.
func (r *run) close() { r.c.net.Close() }

// stopOn makes the run's network stop, every step it takes returning
// ctx's error, once ctx is done: an experiment then ends within a step.
func (r *run) stopOn(ctx context.Context) {
	if ctx.Done() != nil {
		r.c.net.SetObserver(ctx.Err)
	}
}

// encode experiences every episode once while awake.
func (r *run) encode() error {
	for _, e := range r.eps {
		if err := r.c.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// fork builds a fresh network of the same setup with cortex parameters p
// (same seed, so the same wiring), copies the E→E weights and usage
// traces of from into it and lets it settle: the same trained cortex,
// ready to continue in another experimental arm. from must not have been
// pruned.
func fork(s Setup, p Params, from *run) (*run, error) {
	r, err := newRun(s, p)
	if err != nil {
		return nil, err
	}
	a, b := from.c.ee, r.c.ee
	if a.Len() != b.Len() {
		return nil, fmt.Errorf("cortex: fork: %d E→E synapses, want %d (was the source pruned?)", b.Len(), a.Len())
	}
	for k := 0; k < a.Len(); k++ {
		if a.Target(k) != b.Target(k) {
			return nil, fmt.Errorf("cortex: fork: synapse %d targets cell %d, want %d", k, b.Target(k), a.Target(k))
		}
		b.SetWeight(k, a.Weight(k))
		if err := b.SetUsage(k, a.Usage(k)); err != nil {
			return nil, err
		}
	}
	if err := r.c.driver.play([]segment{{asm: -1, ms: s.Driver.SettleMs}}); err != nil {
		return nil, err
	}
	return r, nil
}

// ChainWeights returns the mean weight (mV) of the plastic E→E synapses
// from each item's assembly to the next item's assembly of eps (forward),
// and of all other plastic E→E synapses.
func (c *Cortex) ChainWeights(eps []task.Episode) (forwardMV, otherMV float64) {
	na := len(c.items)
	fwd := make([]bool, na*na)
	for _, e := range eps {
		for k := 0; k+1 < len(e.Items); k++ {
			a, okA := c.assembly[e.Items[k]]
			b, okB := c.assembly[e.Items[k+1]]
			if okA && okB {
				fwd[a*na+b] = true
			}
		}
	}
	var sf, so float64
	var nf, no int
	for i := 0; i < c.p.NE; i++ {
		lo, hi := c.ee.Row(i)
		for k := lo; k < hi; k++ {
			if c.ee.Frozen(k) {
				continue
			}
			a, b := c.cellAsm[i], c.cellAsm[c.ee.Target(k)]
			if a >= 0 && b >= 0 && fwd[int(a)*na+int(b)] {
				sf += c.ee.Weight(k)
				nf++
			} else {
				so += c.ee.Weight(k)
				no++
			}
		}
	}
	toMV := 1 / c.p.PAPerMV(c.p.TauExcMs)
	if nf > 0 {
		forwardMV = sf / float64(nf) * toMV
	}
	if no > 0 {
		otherMV = so / float64(no) * toMV
	}
	return forwardMV, otherMV
}

// RouteLinks returns the mean weight (mV) of the E→E synapses between the
// assemblies of consecutive items of ep, in both directions (the links a
// recall walks along), and between its other pairs of items, in both
// directions (skip links: order lost when they are as strong).
func (c *Cortex) RouteLinks(ep task.Episode) (neighbourMV, otherMV float64) {
	W := c.WeightMatrix()
	var sn, so float64
	var nn, no int
	for i, a := range ep.Items {
		ka, okA := c.assembly[a]
		for j, b := range ep.Items {
			kb, okB := c.assembly[b]
			if i == j || !okA || !okB {
				continue
			}
			if j == i+1 || i == j+1 {
				sn += W[ka][kb]
				nn++
			} else {
				so += W[ka][kb]
				no++
			}
		}
	}
	if nn > 0 {
		neighbourMV = sn / float64(nn)
	}
	if no > 0 {
		otherMV = so / float64(no)
	}
	return neighbourMV, otherMV
}
