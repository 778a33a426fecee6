package export

import (
	"fmt"
	"math"
	"strings"

	"engram/sim"
)

// Format is the version tag of network.json.
const Format = "engram-pynn-export/1"

// BackgroundDelaySteps is the delay, in steps, through which background
// events are delivered in the export (NEURON needs a delay of at least one
// step under MPI).
const BackgroundDelaySteps = 1

// minDelaySteps is the shortest exported delay, in steps. NEURON under MPI
// refuses a network whose shortest delay does not exceed dt
// (ParallelContext.psolve: "mindelay is 0 (or less than dt for fixed step
// method)" when mindelay − 1e-10 < dt), and its fixed-step method delivers
// an event at the step nearest its time, so 1.01·dt acts as one step.
const minDelaySteps = 1.01

// The phases, in steps, at which the events around presynaptic inhibition
// arrive within a NEURON step (see Release). With a modulator spike timed
// at the end of step k (k·dt) and delivered through minDelaySteps·dt, the
// order at the start of the NEURON step from (k+1)·dt is: EngramRelease
// begins Engram's step k (its self-event, releaseUpdatePhase), the
// modulator's spikes of step k arrive (minDelaySteps − 1), the inhibited
// projection's events arrive (releaseArrivalShift) and read the factor.
// NEURON's fixed step delivers every event up to half a step late at the
// start of that step, so none of the phases moves an event to another step.
const (
	releaseUpdatePhase  = 0.005
	releaseArrivalShift = 0.02
)

// releaseSlots is the number of presynaptic inhibitions one EngramCell
// population can receive (its POINTERs rel0 … rel3).
const releaseSlots = 4

// delayMs returns the exported delay of d steps of dt.
func delayMs(d int, dt float64) float64 {
	return math.Round(max(float64(d), minDelaySteps)*dt*1e9) / 1e9
}

// Network is an exported network: what network.json describes, with the
// data written beside it.
type Network struct {
	Format   string  `json:"format"`
	Scenario string  `json:"scenario"`
	Kind     string  `json:"kind"`
	Seed     uint64  `json:"seed"`
	At       string  `json:"at"`
	Label    string  `json:"label"`
	DtMs     float64 `json:"dt_ms"`
	WindowMs float64 `json:"window_ms"`
	// T0Ms is Engram's time at the export point; t = 0 in the export.
	T0Ms float64 `json:"engram_t0_ms"`
	MgMM float64 `json:"mg_mM"`
	// Plasticity says that no rule carries over.
	Plasticity string `json:"plasticity"`
	// Timing states the spike-time convention.
	Timing      string       `json:"timing"`
	Populations []Population `json:"populations"`
	Sources     []Source     `json:"sources"`
	Projections []Projection `json:"projections"`
	Backgrounds []Background `json:"backgrounds"`
	// LFP names the populations whose LFP proxy run.py records.
	LFP         []string         `json:"lfp"`
	Hippocampus *HippocampusInfo `json:"hippocampus,omitempty"`
	// InFlightDropped counts synaptic events that were on their way (within
	// an axonal delay) at the export point and are not carried over.
	InFlightDropped int64 `json:"in_flight_events_dropped"`

	// Written to files, not to network.json.
	Inputs       []Spikes `json:"-"`
	EngramSpikes []Spikes `json:"-"`
	EngramLFP    []LFP    `json:"-"`
	// EngramRelease holds the release factor of every presynaptically
	// inhibited projection in Engram's run of the window.
	EngramRelease []ReleaseTrace `json:"-"`
}

// ReleaseTrace is a projection's release factor over a window: F[k] is
// the factor applied to the events that arrive at k·DtMs (k = 0 … steps;
// F[0] is the factor at the export point).
type ReleaseTrace struct {
	Projection string
	DtMs       float64
	F          []float64
}

// Population is a group of cells.
type Population struct {
	Name string `json:"name"`
	Stem string `json:"file_stem"`
	Size int    `json:"size"`
	// Model is the PyNN cell type: IF_cond_exp, EIF_cond_exp_isfa_ista (PyNN
	// standard cells) or EngramCell (the NMODL mechanism engram_cell.mod).
	Model string `json:"model"`
	// Params are the model's parameters in PyNN's units (mV, ms, nF, nA,
	// µS for EngramCell's conductances).
	Params    map[string]float64 `json:"params"`
	Receptors []Receptor         `json:"receptors"`
	// Engram is the cell as Engram describes it.
	Engram sim.NeuronParams `json:"engram_cell"`
	// InitialFile holds each cell's state at the export point (CSV).
	InitialFile string `json:"initial"`
	// RefractoryDropped counts cells that were refractory at the export
	// point, for standard cells, which cannot start refractory.
	RefractoryDropped int         `json:"refractory_dropped,omitempty"`
	Initial           []CellState `json:"-"`
}

// Receptor is one synaptic channel of a population.
type Receptor struct {
	Name string `json:"name"`
	// Target is PyNN's receptor_type: "excitatory"/"inhibitory" for a
	// standard cell, "syn_" and the receptor's name for EngramCell (the
	// prefix keeps it apart from the attributes PyNN reads on a cell,
	// such as rec and source).
	Target string `json:"receptor_type"`
	// Channel is the receptor's channel of EngramCell (0 … 3).
	Channel    int     `json:"channel"`
	Kind       string  `json:"kind"` // "conductance" or "current"
	RiseMs     float64 `json:"rise_ms"`
	DecayMs    float64 `json:"decay_ms"`
	ErevMV     float64 `json:"erev_mV"`
	MgBlock    bool    `json:"mg_block"`
	PeakFactor float64 `json:"peak_factor"`
}

// CellState is one cell's state at the export point.
type CellState struct {
	VMV, WPA, RefractoryMs, IextPA float64
	// Receptors holds the decaying and rising components of each receptor
	// (nS or pA).
	Receptors [][2]float64
}

// Source is a population of spike sources whose spikes are exported.
type Source struct {
	Name       string `json:"name"`
	Stem       string `json:"file_stem"`
	Size       int    `json:"size"`
	SpikesFile string `json:"spikes"`
	Spikes     int    `json:"spike_count"`
}

// Projection is a set of synapses from a population or source onto one
// receptor of a population.
type Projection struct {
	Name     string `json:"name"`
	Pre      string `json:"pre"`
	Post     string `json:"post"`
	Receptor string `json:"receptor"`
	File     string `json:"file"`
	Synapses int    `json:"synapses"`
	// Dropped counts synapses left out because their effective weight is 0
	// (a gain of 0, or a weight of 0).
	Dropped int `json:"synapses_with_zero_weight_dropped"`
	// Gain is Engram's transmission gain, folded into the weights.
	Gain float64 `json:"gain"`
	// DelaySteps is Engram's delay; DelayMs the exported one.
	DelaySteps int     `json:"engram_delay_steps"`
	DelayMs    float64 `json:"delay_ms"`
	// Current is true when weights are currents (nA), false for
	// conductances (µS).
	Current bool `json:"current"`
	// Depression, when set, is Tsodyks–Markram depression.
	Depression *Depression `json:"depression,omitempty"`
	// Release, when set, is presynaptic inhibition of transmitter release
	// shared by all the projection's synapses.
	Release *Release `json:"release,omitempty"`

	// I, J and W are the synapses: presynaptic and postsynaptic cell
	// (indices within their populations) and weight (µS or nA).
	I, J []int32   `json:"-"`
	W    []float64 `json:"-"`
}

// Depression is a projection's short-term depression and its state.
type Depression struct {
	U        float64 `json:"U"`
	TauRecMs float64 `json:"tau_rec_ms"`
	// StateFile holds x and the last arrival time of every presynaptic
	// cell (ms, ≤ 0; ≤ Release.ArrivalShiftMs with presynaptic inhibition,
	// whose events arrive that much later).
	StateFile string    `json:"state"`
	X         []float64 `json:"-"`
	LastMs    []float64 `json:"-"`
}

// Release is a projection's presynaptic inhibition of transmitter release
// (sim.PresynapticParams; Destexhe & Sejnowski 1995, Isaacson et al. 1993):
// occupancy r and activation s driven by the spikes of a modulator
// population of N cells,
//
//	r ← min(1, r·exp(−dt/τr) + α·(1 − r)·m),  m = spikes of the step / N
//	s ← r + (s − r)·exp(−dt/τs)
//	f = 1 − fmax·sⁿ/(sⁿ + Kⁿ),
//
// once per step, every synaptic event of the projection scaled by the f of
// its arrival step. run.py gives every MPI rank one EngramRelease
// (engram_release.mod) that receives every modulator spike (NetCons from
// the modulator's gids, so each rank integrates the same r and s) and
// updates r and s in the same order as Engram; the projection's EngramCell
// synapses read its f through the POINTER rel<Slot>. Modulator spikes
// reach it one step after Engram counts them (NEURON under MPI needs a
// delay of more than dt): an event arriving at t reads Engram's factor of
// t − dt.
type Release struct {
	Modulator     string  `json:"modulator"`
	ModulatorSize int     `json:"modulator_size"`
	Alpha         float64 `json:"alpha"`
	TauRMs        float64 `json:"tau_r_ms"`
	TauSMs        float64 `json:"tau_s_ms"`
	Hill          float64 `json:"hill"`
	K             float64 `json:"K"`
	MaxInhibition float64 `json:"max_inhibition"`
	// R, S and F are occupancy, activation and the release factor at the
	// export point.
	R float64 `json:"r"`
	S float64 `json:"s"`
	F float64 `json:"f"`
	// ModulatorDelayMs is the delay of the modulator's NetCons.
	ModulatorDelayMs float64 `json:"modulator_delay_ms"`
	// UpdatePhaseMs: EngramRelease begins Engram's step k (k ≥ 1, the step
	// whose spikes are timed k·dt) at (k+1)·dt + UpdatePhaseMs.
	UpdatePhaseMs float64 `json:"update_phase_ms"`
	// ArrivalShiftMs is added to the projection's delay (DelayMs includes
	// it) so that its events arrive after the modulator's spikes of the
	// step before.
	ArrivalShiftMs float64 `json:"arrival_shift_ms"`
	// Slot is the EngramCell POINTER (rel0 … rel3) that reads f.
	Slot int `json:"slot"`
}

// Background is a Poisson background of a population, exported as a spike
// source of one cell per target cell, connected one to one.
type Background struct {
	Name     string  `json:"name"`
	Stem     string  `json:"file_stem"`
	Group    string  `json:"population"`
	Receptor string  `json:"receptor"`
	Weight   float64 `json:"weight"` // µS or nA
	Current  bool    `json:"current"`
	DelayMs  float64 `json:"delay_ms"`
	File     string  `json:"spikes"`
	Spikes   int     `json:"spike_count"`

	WeightNative float64   `json:"-"` // nS or pA
	TMs          []float64 `json:"-"`
	Cells        []int32   `json:"-"`
	index        int
	on           bool
}

// Spikes are the spikes of one population: times (ms) and cells.
type Spikes struct {
	Population string
	TMs        []float64
	Cells      []int32
}

// LFP is a population's LFP proxy: the mean summed absolute synaptic
// current (pA) over successive intervals of DtMs.
type LFP struct {
	Population string
	DtMs       float64
	PA         []float64
}

// stem turns a population or projection name into a file name stem.
func stem(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		case r == '→':
			b.WriteString("-to-")
		default:
			b.WriteRune('_')
		}
	}
	return b.String()
}

// snapshot describes pt's network as it is now.
func snapshot(pt Point) (*Network, error) {
	n := pt.Net
	dt := n.Dt()
	s0 := n.Steps()
	out := &Network{Format: Format, Scenario: pt.Scenario, Kind: pt.Kind, Seed: pt.Seed, At: pt.At, Label: pt.Label,
		DtMs: dt, T0Ms: n.TimeMs(), MgMM: n.Mg(),
		Plasticity:  "frozen at the export point: weights as they were then; no STDP, calcium rule or pruning runs in the window (nor in Engram's reference run of it)",
		Timing:      "t = 0 is the export point; a spike is timed at the end of the step in which it is emitted (NEURON's convention); Engram's reference spikes are given the same way",
		Hippocampus: pt.Hippocampus, Sources: []Source{}, Backgrounds: []Background{}, LFP: []string{}}
	for _, g := range pt.LFP {
		out.LFP = append(out.LFP, g.Name())
	}
	// A standard cell's synapses (ExpSyn) have neither short-term
	// depression nor presynaptic inhibition.
	engramCell := map[*sim.Group]bool{}
	for _, p := range n.Projections() {
		_, _, dep := p.Depression()
		_, _, inh := p.PresynapticInhibition()
		if dep || inh {
			engramCell[p.Post()] = true
		}
	}
	for _, g := range n.Groups() {
		p, err := population(g, dt, engramCell[g])
		if err != nil {
			return nil, err
		}
		out.Populations = append(out.Populations, p)
		for k, b := range g.Backgrounds() {
			name := fmt.Sprintf("%s background %d", g.Name(), k)
			rp := b.Receptor.Params()
			out.Backgrounds = append(out.Backgrounds, Background{Name: name, Stem: stem(name), Group: g.Name(),
				Receptor: rp.Name, Weight: b.Weight / 1000, Current: rp.Kind == sim.Current,
				DelayMs: delayMs(BackgroundDelaySteps, dt), File: "inputs/" + stem(name) + ".spikes.csv",
				WeightNative: b.Weight, index: k, on: b.On})
		}
	}
	for _, s := range n.Sources() {
		out.Sources = append(out.Sources, Source{Name: s.Name(), Stem: stem(s.Name()), Size: s.Size(),
			SpikesFile: "inputs/" + stem(s.Name()) + ".spikes.csv"})
	}
	slots := map[*sim.Group]int{}
	for _, p := range n.Projections() {
		pr, err := projection(p, dt, s0)
		if err != nil {
			return nil, err
		}
		if r := pr.Release; r != nil {
			if r.Slot = slots[p.Post()]; r.Slot >= releaseSlots {
				return nil, fmt.Errorf("export: projection %s: group %q receives more than %d projections with presynaptic inhibition; EngramCell reads %d release factors", p.Name(), p.Post().Name(), releaseSlots, releaseSlots)
			}
			slots[p.Post()]++
		}
		out.Projections = append(out.Projections, pr)
		out.InFlightDropped += p.InFlight()
	}
	return out, nil
}

// population describes group g and its state, choosing a PyNN standard
// cell where one is exact and EngramCell otherwise (always for a group
// that a depressing or presynaptically inhibited projection targets:
// engramCell).
func population(g *sim.Group, dt float64, engramCell bool) (Population, error) {
	if g.Clamped() {
		return Population{}, fmt.Errorf("export: group %q has voltage-clamped cells; a clamp does not map to PyNN", g.Name())
	}
	if g.Paused() {
		return Population{}, fmt.Errorf("export: group %q is paused at the export point (it holds its state and receives nothing); a pause does not map to PyNN: export where it runs", g.Name())
	}
	c := g.Params()
	recs := g.Receptors()
	p := Population{Name: g.Name(), Stem: stem(g.Name()), Size: g.Size(), Engram: c,
		InitialFile: "populations/" + stem(g.Name()) + ".initial.csv"}
	if len(recs) > 4 {
		return p, fmt.Errorf("export: group %q has %d receptors; EngramCell has 4 channels", g.Name(), len(recs))
	}
	simple := len(recs) >= 1 && len(recs) <= 2 && !engramCell
	for _, r := range recs {
		rp := r.Params()
		if rp.Kind == sim.Jump {
			return p, fmt.Errorf("export: group %q: receptor %q is a voltage jump (delta synapse), which has no PyNN counterpart here", g.Name(), rp.Name)
		}
		simple = simple && rp.Kind == sim.Conductance && rp.RiseMs == 0 && !rp.MgBlock
	}
	iext := g.Current(0)
	for i := 0; i < g.Size(); i++ {
		simple = simple && g.Current(i) == iext
	}
	tref := roundDt(float64(g.RefractoryStepsAfterSpike())*dt, dt)
	switch {
	case simple && c.DeltaTmV == 0 && c.AnS == 0 && c.BpA == 0:
		p.Model = "IF_cond_exp"
		p.Params = map[string]float64{"cm": c.CpF / 1000, "tau_m": c.TauMs(), "v_rest": c.ELmV, "v_thresh": c.VthMV,
			"v_reset": c.VresetMV, "tau_refrac": tref, "i_offset": iext / 1000}
	case simple && c.DeltaTmV > 0:
		p.Model = "EIF_cond_exp_isfa_ista"
		p.Params = map[string]float64{"cm": c.CpF / 1000, "tau_m": c.TauMs(), "v_rest": c.ELmV, "v_thresh": c.VthMV,
			"v_reset": c.VresetMV, "tau_refrac": tref, "i_offset": iext / 1000, "a": c.AnS, "b": c.BpA / 1000,
			"tau_w": c.TauWMs, "delta_T": c.DeltaTmV, "v_spike": c.VpeakMV}
	default:
		p.Model = "EngramCell"
		vspike := c.VthMV
		if c.DeltaTmV > 0 {
			vspike = c.VpeakMV
		}
		tauw := c.TauWMs
		if tauw == 0 {
			tauw = 1 // unused: a = b = 0
		}
		p.Params = map[string]float64{"cm": c.CpF / 1000, "gl": c.GLnS / 1000, "el": c.ELmV, "vt": c.VthMV,
			"deltat": c.DeltaTmV, "vspike": vspike, "vreset": c.VresetMV, "trefrac": tref, "a": c.AnS / 1000,
			"b": c.BpA / 1000, "tauw": tauw}
	}
	for k, r := range recs {
		rp := r.Params()
		rec := Receptor{Name: rp.Name, Target: "syn_" + stem(rp.Name), Channel: k, Kind: "conductance", RiseMs: rp.RiseMs,
			DecayMs: rp.DecayMs, ErevMV: rp.ErevMV, MgBlock: rp.MgBlock, PeakFactor: r.PeakFactor()}
		if rp.Kind == sim.Current {
			rec.Kind = "current"
		}
		if p.Model != "EngramCell" {
			rec.Target = [2]string{"excitatory", "inhibitory"}[k]
			p.Params[[2]string{"tau_syn_E", "tau_syn_I"}[k]] = rp.DecayMs
			p.Params[[2]string{"e_rev_E", "e_rev_I"}[k]] = rp.ErevMV
		}
		p.Receptors = append(p.Receptors, rec)
	}
	if p.Model != "EngramCell" && len(recs) == 1 {
		p.Params["tau_syn_I"], p.Params["e_rev_I"] = 5, -80 // unused channel
	}
	p.Initial = make([]CellState, g.Size())
	for i := range p.Initial {
		st := CellState{VMV: g.V(i), WPA: g.W(i), RefractoryMs: roundDt(float64(g.RefractorySteps(i))*dt, dt), IextPA: g.Current(i)}
		for _, r := range recs {
			d, rs := g.ReceptorState(r, i)
			st.Receptors = append(st.Receptors, [2]float64{d, rs})
		}
		if st.RefractoryMs > 0 && p.Model != "EngramCell" {
			p.RefractoryDropped++
		}
		for _, x := range append([]float64{st.VMV, st.WPA}, flatten(st.Receptors)...) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return p, fmt.Errorf("export: group %q cell %d has a non-finite state", g.Name(), i)
			}
		}
		p.Initial[i] = st
	}
	return p, nil
}

func flatten(x [][2]float64) []float64 {
	var out []float64
	for _, v := range x {
		out = append(out, v[0], v[1])
	}
	return out
}

// projection describes p: its synapses with effective weights (weight ×
// gain, in µS or nA), its delay and its depression state. Engram delivers
// a spike emitted in step s, with a delay of d steps, to the start of step
// s + d + 1; with spikes timed at the end of their step the exported delay
// is d·dt, and at least one step (a delay of 0 or 1 step becomes
// minDelaySteps·dt, which NEURON delivers after one step).
func projection(p *sim.Projection, dt float64, s0 int64) (Projection, error) {
	pre := p.Pre()
	if pre == nil {
		return Projection{}, fmt.Errorf("export: projection %s: presynaptic population not found", p.Name())
	}
	r := p.Receptor()
	rp := r.Params()
	pr := Projection{Name: p.Name(), Pre: pre.Name(), Post: p.Post().Name(), Receptor: rp.Name,
		File: "connections/" + stem(p.Name()) + ".txt", Gain: p.Gain(), DelaySteps: p.DelaySteps(),
		DelayMs: delayMs(p.DelaySteps(), dt), Current: rp.Kind == sim.Current}
	for i := 0; i < pre.Size(); i++ {
		lo, hi := p.Row(i)
		for k := lo; k < hi; k++ {
			w := p.Weight(k) * p.Gain()
			if w == 0 {
				pr.Dropped++
				continue
			}
			pr.I, pr.J, pr.W = append(pr.I, int32(i)), append(pr.J, int32(p.Target(k))), append(pr.W, w/1000)
		}
	}
	pr.Synapses = len(pr.I)
	if u, tau, ok := p.Depression(); ok {
		d := &Depression{U: u, TauRecMs: tau, StateFile: "connections/" + stem(p.Name()) + ".depression.csv",
			X: make([]float64, pre.Size()), LastMs: make([]float64, pre.Size())}
		for i := range d.X {
			x, last := p.DepressionState(i)
			// The last arrival was delivered after step last, at the start of
			// step last + 1: (last + 1 − s0)·dt in the export's time.
			d.X[i], d.LastMs[i] = x, roundDt(float64(last+1-s0)*dt, dt)
		}
		pr.Depression = d
	}
	if mod, q, ok := p.PresynapticInhibition(); ok {
		if mod == nil {
			return pr, fmt.Errorf("export: projection %s: the modulator of its presynaptic inhibition is not in the network", p.Name())
		}
		r, s := p.PresynapticState()
		shift := math.Round(releaseArrivalShift*dt*1e9) / 1e9
		pr.Release = &Release{Modulator: mod.Name(), ModulatorSize: mod.Size(), Alpha: q.Alpha, TauRMs: q.TauRMs,
			TauSMs: q.TauSMs, Hill: q.Hill, K: q.K, MaxInhibition: q.MaxInhibition, R: r, S: s, F: p.ReleaseFactor(),
			ModulatorDelayMs: delayMs(0, dt), UpdatePhaseMs: math.Round(releaseUpdatePhase*dt*1e9) / 1e9, ArrivalShiftMs: shift}
		// The events arrive shift later; so does, in the depression state,
		// the last arrival before the export.
		pr.DelayMs = math.Round((pr.DelayMs+shift)*1e9) / 1e9
		if d := pr.Depression; d != nil {
			for i := range d.LastMs {
				d.LastMs[i] = math.Round((d.LastMs[i]+shift)*1e9) / 1e9
			}
		}
	}
	return pr, nil
}
