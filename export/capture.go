package export

import (
	"context"
	"errors"
	"fmt"
	"math"

	"engram/sim"
)

// Point is a place in a scenario's run at which its network is exported.
type Point struct {
	// Net is the scenario's network, advanced to just before the point.
	Net *sim.Network
	// Run continues the scenario's run from the point (for example the
	// night's sleep). The export is taken after its first step, and the
	// window after it is recorded; Run must return the error its network
	// returns when an observer stops it.
	Run func(ctx context.Context) error
	// Scenario, Kind, Seed and At name the point.
	Scenario, Kind, At string
	Seed               uint64
	// Label says in words where the point is.
	Label string
	// LFP lists the groups whose LFP proxy (summed absolute synaptic
	// currents, Mazzoni et al. 2008) is recorded.
	LFP []*sim.Group
	// Hippocampus, when set, describes the CA3 assemblies and stored
	// sequences, so that sharp-wave ripples and replay can be analysed.
	Hippocampus *HippocampusInfo
}

// HippocampusInfo is what Engram's sharp-wave-ripple and replay analysis
// needs besides spikes and the LFP proxy.
type HippocampusInfo struct {
	// CA3, BC and CA1 name the populations of CA3 pyramidal and basket
	// cells and CA1 pyramidal cells.
	CA3 string `json:"ca3_pc"`
	BC  string `json:"ca3_bc"`
	CA1 string `json:"ca1_pc"`
	// AssemblyPC is the number of CA3 pyramidal cells per item.
	AssemblyPC int `json:"assembly_pc"`
	// Items is the number of items with an assembly.
	Items int `json:"items"`
	// Assembly is the assembly of each CA3 pyramidal cell (−1: none).
	Assembly []int `json:"assembly"`
	// Sequences lists the assemblies of each stored episode, in order.
	Sequences [][]int `json:"sequences"`
	// Salient marks the tagged episodes.
	Salient []bool `json:"salient"`
	// ItemMs is the awake interval between items, ms.
	ItemMs float64 `json:"item_ms"`
}

// LFPDtMs is the sampling interval of recorded LFP proxies, ms.
const LFPDtMs = 0.5

// errWindowDone stops the scenario's run at the end of the window.
var errWindowDone = errors.New("export: window recorded")

// Capture continues pt's run for one step, takes the export there, and
// records windowMs more of Engram's own run with plasticity off: the input
// spikes its Poisson sources and backgrounds draw (exported as spike
// sources) and the spikes of every group (for comparison). It stops the
// run at the end of the window.
func Capture(ctx context.Context, pt Point, windowMs float64) (*Network, error) {
	n := pt.Net
	if n == nil || pt.Run == nil {
		return nil, fmt.Errorf("export: point %q has no network or no run", pt.At)
	}
	dt := n.Dt()
	steps := int64(math.Round(windowMs / dt))
	if !(windowMs > 0) || steps < 1 || math.IsInf(windowMs, 0) {
		return nil, fmt.Errorf("export: window = %v ms, want ≥ dt = %v ms", windowMs, dt)
	}
	// Plasticity is frozen from the point on, in Engram's run too.
	n.Modulation = 0
	c := &capturer{pt: pt, steps: steps}
	n.SetObserver(c.observe)
	defer n.SetObserver(nil)
	err := pt.Run(ctx)
	switch {
	case c.err != nil:
		return nil, c.err
	case c.net == nil && err != nil:
		return nil, fmt.Errorf("export: before the point: %w", err)
	case c.net == nil:
		return nil, fmt.Errorf("export: the run from %q ended before its first step", pt.At)
	case c.done < steps && err != nil && !errors.Is(err, errWindowDone):
		return nil, fmt.Errorf("export: during the window (%.1f of %.1f ms): %w", float64(c.done)*dt, windowMs, err)
	case c.done < steps:
		return nil, fmt.Errorf("export: the run from %q ended %.1f ms into a window of %.1f ms; shorten -duration",
			pt.At, float64(c.done)*dt, windowMs)
	}
	c.finish()
	return c.net, nil
}

// frozen reports an error when a weight or a presynaptic inhibition
// changed during the window: plasticity is off in it, and nothing else
// may change what the export holds. It is called at the window's last
// step.
func (c *capturer) frozen() error {
	for k, p := range c.pt.Net.Projections() {
		pr := &c.net.Projections[k]
		n := 0
		for i := 0; i < p.Pre().Size(); i++ {
			lo, hi := p.Row(i)
			for s := lo; s < hi; s++ {
				w := p.Weight(s) * p.Gain()
				if w == 0 {
					continue
				}
				if n >= len(pr.W) || pr.I[n] != int32(i) || pr.J[n] != int32(p.Target(s)) || pr.W[n] != w/1000 {
					return fmt.Errorf("export: the weights of %s changed during the window; the export holds them at the export point", p.Name())
				}
				n++
			}
		}
		if n != len(pr.W) {
			return fmt.Errorf("export: the weights of %s changed during the window; the export holds them at the export point", p.Name())
		}
		mod, q, ok := p.PresynapticInhibition()
		if r := pr.Release; ok != (r != nil) || ok && (mod.Name() != r.Modulator || q.Alpha != r.Alpha || q.TauRMs != r.TauRMs ||
			q.TauSMs != r.TauSMs || q.Hill != r.Hill || q.K != r.K || q.MaxInhibition != r.MaxInhibition) {
			return fmt.Errorf("export: the presynaptic inhibition of %s changed during the window; the export holds it fixed", p.Name())
		}
	}
	return nil
}

// capturer takes the export at its first call and records the window.
type capturer struct {
	pt    Point
	steps int64
	done  int64
	s0    int64 // the network's step at the export
	net   *Network
	err   error

	spikes []*sim.SpikeRecorder // groups, then sources (as in net.Spikes order)
	lfps   []*sim.LFPRecorder
	gains  []float64
	mg     float64
	paused []bool
	bgOn   [][]bool
	bg     []*Background // in net.Backgrounds order
	// inhibited are the projections with presynaptic inhibition, release
	// their release factor over the window.
	inhibited []*sim.Projection
	release   []ReleaseTrace
}

func (c *capturer) observe() error {
	n := c.pt.Net
	if c.net == nil {
		var err error
		if c.net, err = snapshot(c.pt); err != nil {
			c.err = err
			return err
		}
		c.s0 = n.Steps()
		for _, g := range n.Groups() {
			c.spikes = append(c.spikes, n.RecordSpikes(g, 0))
			c.paused = append(c.paused, g.Paused())
			var on []bool
			for _, b := range g.Backgrounds() {
				on = append(on, b.On)
			}
			c.bgOn = append(c.bgOn, on)
		}
		for _, s := range n.Sources() {
			c.spikes = append(c.spikes, n.RecordSpikes(s, 0))
			c.paused = append(c.paused, s.Paused())
		}
		for _, g := range c.pt.LFP {
			c.lfps = append(c.lfps, n.RecordLFP(g, LFPDtMs))
		}
		for _, p := range n.Projections() {
			c.gains = append(c.gains, p.Gain())
			if _, _, ok := p.PresynapticInhibition(); ok {
				c.inhibited = append(c.inhibited, p)
				c.release = append(c.release, ReleaseTrace{Projection: p.Name(), DtMs: n.Dt(), F: []float64{p.ReleaseFactor()}})
			}
		}
		c.mg = n.Mg()
		for k := range c.net.Backgrounds {
			c.bg = append(c.bg, &c.net.Backgrounds[k])
		}
		// The backgrounds of the export's own step (drawn at its start)
		// belong to the window: folded into the initial state.
		c.foldBackgrounds()
		return nil
	}
	if err := c.unchanged(); err != nil {
		c.err = err
		return err
	}
	c.recordBackgrounds()
	for k, p := range c.inhibited {
		c.release[k].F = append(c.release[k].F, p.ReleaseFactor())
	}
	c.done++
	if c.done >= c.steps {
		// Checked here, within the window: the run may change the network
		// once it is stopped (a night ends by closing the recurrent gain).
		if err := c.frozen(); err != nil {
			c.err = err
			return err
		}
		return errWindowDone
	}
	return nil
}

// unchanged reports an error when a setting the export holds fixed (a
// projection's gain, [Mg²⁺], a paused population, a background switch, a
// cell's external current, a voltage clamp) changed during the window.
func (c *capturer) unchanged() error {
	n := c.pt.Net
	t := float64(c.done+1) * n.Dt()
	for k, p := range n.Projections() {
		if p.Gain() != c.gains[k] {
			return fmt.Errorf("export: the gain of %s changed %.1f ms into the window (%v → %v); the export holds it fixed: shorten -duration", p.Name(), t, c.gains[k], p.Gain())
		}
	}
	if n.Mg() != c.mg {
		return fmt.Errorf("export: [Mg²⁺] changed %.1f ms into the window; shorten -duration", t)
	}
	for k, g := range n.Groups() {
		if g.Paused() != c.paused[k] {
			return fmt.Errorf("export: group %q was paused or resumed %.1f ms into the window; shorten -duration", g.Name(), t)
		}
		for b, bg := range g.Backgrounds() {
			if bg.On != c.bgOn[k][b] {
				return fmt.Errorf("export: the background of %q was switched %.1f ms into the window; shorten -duration", g.Name(), t)
			}
		}
		for i, st := range c.net.Populations[k].Initial {
			if g.Current(i) != st.IextPA {
				return fmt.Errorf("export: the external current of %q cell %d changed %.1f ms into the window (%v → %v pA); the export holds it fixed: shorten -duration", g.Name(), i, t, st.IextPA, g.Current(i))
			}
		}
		if g.Clamped() {
			return fmt.Errorf("export: a cell of %q was voltage-clamped %.1f ms into the window; a clamp does not map to PyNN: shorten -duration", g.Name(), t)
		}
	}
	for k, s := range n.Sources() {
		if s.Paused() != c.paused[len(n.Groups())+k] {
			return fmt.Errorf("export: source %q was paused or resumed %.1f ms into the window; shorten -duration", s.Name(), t)
		}
	}
	return nil
}

// foldBackgrounds adds the background events of the first window step,
// which the network draws at the start of that step, to the exported
// initial receptor state (a spike source cannot deliver them at t = 0).
func (c *capturer) foldBackgrounds() {
	n := c.pt.Net
	step := n.Steps() // the first window step, not yet taken
	for _, b := range c.bg {
		g, pop := c.group(b.Group)
		if !b.on || g.Paused() {
			continue
		}
		r := g.Backgrounds()[b.index].Receptor
		x := b.WeightNative * r.PeakFactor()
		for i := 0; i < g.Size(); i++ {
			if k := g.BackgroundEvents(b.index, step, i); k > 0 {
				pop.Initial[i].Receptors[r.Index()][0] += float64(k) * x
				if r.Params().RiseMs > 0 {
					pop.Initial[i].Receptors[r.Index()][1] += float64(k) * x
				}
			}
		}
	}
}

// recordBackgrounds keeps the background events the next step draws. The
// events drawn at the start of step s act from the start of that step,
// time (s − s0)·dt in the export; they are exported as spikes one step
// earlier through a delay of one step (BackgroundDelaySteps).
func (c *capturer) recordBackgrounds() {
	n := c.pt.Net
	next := n.Steps() // drawn at the start of the next step
	if next-c.s0 >= c.steps {
		return
	}
	t := roundDt(float64(next-c.s0-BackgroundDelaySteps)*n.Dt(), n.Dt())
	for _, b := range c.bg {
		g, _ := c.group(b.Group)
		if !b.on || g.Paused() {
			continue
		}
		for i := 0; i < g.Size(); i++ {
			for k := g.BackgroundEvents(b.index, next, i); k > 0; k-- {
				b.TMs = append(b.TMs, t)
				b.Cells = append(b.Cells, int32(i))
			}
		}
	}
}

func (c *capturer) group(name string) (*sim.Group, *Population) {
	for k, g := range c.pt.Net.Groups() {
		if g.Name() == name {
			return g, &c.net.Populations[k]
		}
	}
	return nil, nil
}

// finish copies the recorded window into the export.
func (c *capturer) finish() {
	n := c.pt.Net
	dt := n.Dt()
	s0 := float64(c.s0)
	for _, r := range c.spikes {
		tMs, cells := r.Spikes()
		sp := Spikes{Population: r.Name(), TMs: make([]float64, len(tMs)), Cells: cells}
		for k, t := range tMs {
			// Engram's recorders time a spike at the start of its step;
			// the export times it at the step's end, as NEURON does.
			sp.TMs[k] = roundDt((math.Round(t/dt)-s0+1)*dt, dt)
		}
		if isSource(n, r.Name()) {
			c.net.Inputs = append(c.net.Inputs, sp)
		} else {
			c.net.EngramSpikes = append(c.net.EngramSpikes, sp)
		}
	}
	for k, r := range c.lfps {
		c.net.EngramLFP = append(c.net.EngramLFP, LFP{Population: c.pt.LFP[k].Name(), DtMs: r.DtMs, PA: append([]float64(nil), r.Samples...)})
	}
	c.net.WindowMs = float64(c.steps) * dt
	c.net.EngramRelease = c.release
}

func isSource(n *sim.Network, name string) bool {
	for _, s := range n.Sources() {
		if s.Name() == name {
			return true
		}
	}
	return false
}

// roundDt rounds t to a whole number of steps dt, written without
// floating-point noise.
func roundDt(t, dt float64) float64 {
	k := math.Round(t / dt)
	return math.Round(k*dt*1e9) / 1e9
}
