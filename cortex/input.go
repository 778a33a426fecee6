package cortex

import (
	"context"
	"fmt"
	"math"

	"engram/param"
	"engram/sim"
	"engram/task"
)

// InputSpec describes an item-coded projection onto the cortex: each
// source cell that codes an item contacts each E cell of that item's
// assembly with probability P.
type InputSpec struct {
	// P is the connection probability from a source cell to each cell of
	// its item's assembly (docs/model.md §4: 0.25).
	P float64 `toml:"p" unit:"" range:"0..1" doc:"connection probability from a source cell to each cell of its item's assembly"`
	// WeightMV is the weight of each synapse, mV (docs/model.md §4: 2.5);
	// it is converted to a current by Params.PAPerMV.
	WeightMV float64 `toml:"weight_mv" unit:"mV" range:"0..20" doc:"weight of each synapse"`
	// DelayMs is the axonal delay, ms.
	DelayMs float64 `toml:"delay_ms" unit:"ms" range:"0..20" doc:"axonal delay"`
}

// Validate reports the first parameter outside its range (its tags), as a
// *param.Error.
func (spec InputSpec) Validate() error { return param.Check(&spec, "") }

// ConnectItemInput connects src onto the E cells of the cortex by item:
// source cell i, when itemOf(i) reports an item that has an assembly here,
// contacts each cell of that assembly with probability spec.P; cells that
// code no item (or an item the cortex does not know) contact nothing. This
// is how the layer above wires hippocampal CA1 to the cortex, and how the
// synthetic driver (AddDriver) is wired. The synapses are fixed excitatory
// currents on the same receptor as the recurrent E→E synapses. It must be
// called before the network's first step.
func (c *Cortex) ConnectItemInput(src sim.Source, itemOf func(cell int) (task.Item, bool), spec InputSpec) (*sim.Projection, error) {
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("cortex: input from %s: %w", src.Name(), err)
	}
	if itemOf == nil {
		return nil, fmt.Errorf("cortex: input from %s: itemOf is nil", src.Name())
	}
	// Pre cell → assembly index (−1: none).
	asm := make([]int32, src.Size())
	for i := range asm {
		asm[i] = -1
		if it, ok := itemOf(i); ok {
			if k, ok := c.assembly[it]; ok {
				asm[i] = int32(k)
			}
		}
	}
	w := spec.WeightMV * c.p.PAPerMV(c.p.TauExcMs)
	pr, err := c.net.Connect(src, c.eIn, sim.ConnSpec{Rule: sim.Random, P: spec.P, Weight: w, DelayMs: spec.DelayMs})
	if err != nil {
		return nil, fmt.Errorf("cortex: input from %s: %w", src.Name(), err)
	}
	keep := make([]bool, pr.Len())
	for i := range asm {
		lo, hi := pr.Row(i)
		for k := lo; k < hi; k++ {
			keep[k] = asm[i] >= 0 && c.cellAsm[pr.Target(k)] == asm[i]
		}
	}
	pr.Prune(func(k int) bool { return keep[k] })
	c.inputs = append(c.inputs, pr)
	return pr, nil
}

// DriverParams describes the synthetic "CA1" input of docs/model.md §4.1, which
// stands in for the hippocampus when the cortex runs alone: a block of
// Poisson cells per item, silent except when their item is driven.
type DriverParams struct {
	// CellsPerItem is the number of Poisson cells per item.
	CellsPerItem int `toml:"cells_per_item" range:"1..1000" doc:"Poisson cells per item"`
	// Input is how each item's cells contact its assembly.
	Input InputSpec `toml:"input"`
	// ReplayHz is the rate of an item's cells during a replay event, Hz.
	ReplayHz float64 `toml:"replay_hz" unit:"Hz" range:"0..1000" doc:"rate of an item's cells during a replay event"`
	// ReplayItemMs is how long each item of a replay event is driven, ms
	// (items follow each other without gap).
	ReplayItemMs float64 `toml:"replay_item_ms" unit:"ms" range:"1..200" doc:"how long each item of a replay event is driven (items follow without gap)"`
	// ReplayPeriodMs is the time from the start of one replay event to the
	// start of the next, ms (an event longer than it is followed at once
	// by the next). The default 500 ms is 2 events/s, the top of the
	// sharp-wave-ripple rates of docs/model.md §6 (V6: 0.2–2 per s), so that
	// the stand-alone experiments' nights of 10 events per sequence take
	// half the simulated time of the reference run's ≈ 1 event/s.
	ReplayPeriodMs float64 `toml:"replay_period_ms" unit:"ms" range:"1..100000" doc:"time from the start of one replay event to the start of the next (without a replay style)"`
	// AwakeHz is the rate of an item's cells while it is experienced
	// awake, Hz.
	AwakeHz float64 `toml:"awake_hz" unit:"Hz" range:"0..1000" doc:"rate of an item's cells while it is experienced awake"`
	// AwakeItemMs is how long each item is experienced awake, ms.
	AwakeItemMs float64 `toml:"awake_item_ms" unit:"ms" range:"1..2000" doc:"how long each item is experienced awake"`
	// AwakeGapMs is the quiet pause after each awake traversal of an
	// episode, ms.
	AwakeGapMs float64 `toml:"awake_gap_ms" unit:"ms" range:"0..10000" doc:"quiet pause after each awake traversal of an episode"`
	// CueHz is the rate of the cue item's cells at recall, Hz.
	CueHz float64 `toml:"cue_hz" unit:"Hz" range:"0..1000" doc:"rate of the cue item's cells at recall"`
	// CueMs is how long the cue is driven, ms.
	CueMs float64 `toml:"cue_ms" unit:"ms" range:"1..200" doc:"how long the cue is driven"`
	// SettleMs is the quiet time after each recall window before the next
	// recall or phase, ms, so that adaptation decays.
	SettleMs float64 `toml:"settle_ms" unit:"ms" range:"0..10000" doc:"quiet time after each recall window, so that adaptation decays"`
}

// DefaultDriverParams returns the synthetic input of docs/model.md §4.1: 40
// Poisson cells per item, p 0.25 onto its assembly, w 2.5 mV; replay at
// 150 Hz for 15 ms per item, one sequence per event, two events per second;
// awake 40 Hz for 150 ms per item; cue 150 Hz for 15 ms.
func DefaultDriverParams() DriverParams {
	return DriverParams{
		CellsPerItem: 40, Input: InputSpec{P: 0.25, WeightMV: 2.5},
		ReplayHz: 150, ReplayItemMs: 15, ReplayPeriodMs: 500,
		AwakeHz: 40, AwakeItemMs: 150, AwakeGapMs: 300,
		CueHz: 150, CueMs: 15, SettleMs: 200,
	}
}

// Validate reports the first parameter outside its range (its tags), as a
// *param.Error.
func (d DriverParams) Validate() error { return param.Check(&d, "") }

// Driver is the synthetic item input of a stand-alone cortex: a Poisson
// population with CellsPerItem cells per assembly, wired by
// ConnectItemInput.
type Driver struct {
	// P holds the driver's parameters (read-only after AddDriver).
	P   DriverParams
	src *sim.Poisson
	c   *Cortex
}

// AddDriver adds the synthetic "CA1" input to the cortex (before the
// network's first step). Encode, Replay, Sleep and Recall drive it.
func (c *Cortex) AddDriver(d DriverParams) (*Driver, error) {
	if c.driver != nil {
		return nil, fmt.Errorf("cortex: driver added twice")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	src, err := c.net.AddPoisson("cortex driver", d.CellsPerItem*len(c.items), 0)
	if err != nil {
		return nil, err
	}
	items := c.items
	if _, err := c.ConnectItemInput(src, func(i int) (task.Item, bool) { return items[i/d.CellsPerItem], true }, d.Input); err != nil {
		return nil, err
	}
	c.driver = &Driver{P: d, src: src, c: c}
	return c.driver, nil
}

// Driver returns the synthetic input, or nil before AddDriver.
func (c *Cortex) Driver() *Driver { return c.driver }

// segment is a stretch of driven input: assembly asm (−1: none) at hz for
// ms.
type segment struct {
	asm int
	hz  float64
	ms  float64
}

// play drives the segments one after the other, stepping the network.
func (d *Driver) play(segs []segment) error { return d.playContext(context.Background(), segs) }

// playContext is play that stops, with the driver quiet and ctx.Err(),
// when ctx is done (checked every simulated 10 ms).
func (d *Driver) playContext(ctx context.Context, segs []segment) error {
	c := d.c
	n := c.net
	cpi := d.P.CellsPerItem
	check := max(1, int(math.Round(10/n.Dt())))
	for _, s := range segs {
		clear(d.src.Rates)
		if s.asm >= 0 {
			for k := s.asm * cpi; k < (s.asm+1)*cpi; k++ {
				d.src.Rates[k] = s.hz
			}
		}
		steps := int(math.Round(s.ms / n.Dt()))
		for k := range steps {
			if k%check == 0 && ctx.Err() != nil {
				clear(d.src.Rates)
				return ctx.Err()
			}
			if err := n.Step(); err != nil {
				return err
			}
			if c.probe != nil && c.mode == Sleep {
				c.probe.observe(c)
			}
		}
	}
	clear(d.src.Rates)
	return nil
}

// vbarProbe averages, over the E spikes of sleep, V̄ (the low-passed
// potential that gates LTP) and the dendritic potential Vd the Mg²⁺ gate
// reads (V̄ plus the depolarisation by item input with GateOnInput), and
// the gate B(Vd) itself at the network's [Mg²⁺].
type vbarProbe struct {
	sum, sumVd, sumB float64
	n                int64
}

func (p *vbarProbe) observe(c *Cortex) {
	e := c.e
	for _, j := range e.Spikes() {
		vb := e.Vbar(int(j))
		vd := vb + c.DendriteMV(int(j))
		p.sum += vb
		p.sumVd += vd
		p.sumB += sim.MgBlock(vd, c.net.Mg())
		p.n++
	}
}

// DendriteMV returns the depolarisation of E cell j's dendrite by item
// input (CA1, the driver) that the Mg²⁺ gate adds to V̄, mV (0 unless
// MgGate and GateOnInput are set).
func (c *Cortex) DendriteMV(j int) float64 {
	return c.ee.Dendrite(j)
}

// asmOf returns the assembly index of item it.
func (c *Cortex) asmOf(it task.Item) (int, error) {
	k, ok := c.assembly[it]
	if !ok {
		return 0, fmt.Errorf("cortex: item %d has no assembly", it)
	}
	return k, nil
}

// needDriver returns the driver or an error naming the operation.
func (c *Cortex) needDriver(op string) (*Driver, error) {
	if c.driver == nil {
		return nil, fmt.Errorf("cortex: %s needs the synthetic driver (AddDriver)", op)
	}
	return c.driver, nil
}
