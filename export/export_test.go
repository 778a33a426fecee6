package export

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"engram/sim"
)

// testNet builds a small network with every feature the export maps: a
// Poisson source, a background, a plain E/I pair of receptors (a standard
// cell), difference-of-exponentials and NMDA receptors (EngramCell),
// depression, presynaptic inhibition driven by a spike source (src→A) and
// by a group (D, on the depressing B→A), a projection of one synapse and
// one with gain 0.
func testNet(t *testing.T) (*sim.Network, []*sim.Group) {
	t.Helper()
	n, err := sim.New(sim.Config{DtMs: 0.1, Seed: 3, Workers: 1, MgMM: 1})
	if err != nil {
		t.Fatal(err)
	}
	lif := sim.NeuronParams{CpF: 200, GLnS: 10, ELmV: -60, VthMV: -50, VresetMV: -60, TrefMs: 2}
	adex := sim.NeuronParams{CpF: 180, GLnS: 4.3, ELmV: -75, VthMV: -24, VresetMV: -30, TrefMs: 3,
		DeltaTmV: 4, VpeakMV: -4, AnS: 1, BpA: 20, TauWMs: 80}
	src, _ := n.AddPoisson("src", 50, 40)
	a, _ := n.AddGroup("A", 40, lif)
	b, _ := n.AddGroup("B", 30, adex)
	c, _ := n.AddGroup("C", 20, adex)
	ce, _ := c.AddReceptor(sim.ReceptorParams{Name: "exc", DecayMs: 5})
	ci, _ := c.AddReceptor(sim.ReceptorParams{Name: "inh", DecayMs: 10, ErevMV: -80})
	d, _ := n.AddGroup("D", 20, lif)
	de, _ := d.AddReceptor(sim.ReceptorParams{Name: "exc", DecayMs: 3})
	ae, _ := a.AddReceptor(sim.ReceptorParams{Name: "exc", DecayMs: 5})
	ai, _ := a.AddReceptor(sim.ReceptorParams{Name: "inh", DecayMs: 10, ErevMV: -80})
	bf, _ := b.AddReceptor(sim.ReceptorParams{Name: "fast", RiseMs: 0.5, DecayMs: 4})
	bn, _ := b.AddReceptor(sim.NMDA())
	if err := a.AddPoissonInput(ae, 20, 10, 2); err != nil {
		t.Fatal(err)
	}
	conn := func(pre sim.Source, r sim.Receptor, spec sim.ConnSpec) *sim.Projection {
		p, err := n.Connect(pre, r, spec)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	srcA := conn(src, ae, sim.ConnSpec{Rule: sim.Random, P: 0.3, Weight: 3})
	if err := srcA.SetPresynapticInhibition(src, srcInhibition); err != nil {
		t.Fatal(err)
	}
	conn(src, bf, sim.ConnSpec{Rule: sim.Random, P: 0.3, Weight: 2, DelayMs: 1})
	conn(a, bn, sim.ConnSpec{Rule: sim.Random, P: 0.2, Weight: 1, DelayMs: 2})
	dep := conn(b, ai, sim.ConnSpec{Rule: sim.Random, P: 0.3, Weight: 5, DelayMs: 0.5})
	if err := dep.SetDepression(0.4, 300); err != nil {
		t.Fatal(err)
	}
	if err := dep.SetPresynapticInhibition(d, groupInhibition); err != nil {
		t.Fatal(err)
	}
	conn(a, bf, sim.ConnSpec{Rule: sim.AllToAll, Weight: 1, Accept: func(i, j int) bool { return i == 0 && j == 0 }})
	conn(src, ce, sim.ConnSpec{Rule: sim.Random, P: 0.4, Weight: 8, DelayMs: 0.3})
	conn(a, ci, sim.ConnSpec{Rule: sim.Random, P: 0.3, Weight: 0.3, DelayMs: 1})
	conn(src, de, sim.ConnSpec{Rule: sim.Random, P: 0.3, Weight: 4, DelayMs: 0.2})
	off := conn(b, bf, sim.ConnSpec{Rule: sim.Random, P: 0.2, Weight: 1})
	off.SetGain(0)
	return n, []*sim.Group{a, b, c, d}
}

// The presynaptic inhibitions of testNet: by the source (50 cells at 40 Hz)
// and by group D (20 cells firing at about 100 Hz), both strong enough to
// take f well below 1 within the window.
var (
	srcInhibition   = sim.PresynapticParams{Alpha: 0.5, TauRMs: 100, TauSMs: 50, Hill: 2, K: 0.4, MaxInhibition: 0.8}
	groupInhibition = sim.PresynapticParams{Alpha: 0.3, TauRMs: 100, TauSMs: 30, Hill: 4, K: 0.5, MaxInhibition: 0.6}
)

func capture(t *testing.T, n *sim.Network, windowMs float64) *Network {
	t.Helper()
	pt := Point{Net: n, Scenario: "test", Kind: "test", At: "start", LFP: []*sim.Group{n.Groups()[1]},
		Run: func(ctx context.Context) error { return n.RunContext(ctx, 1e6) }}
	net, err := Capture(context.Background(), pt, windowMs)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// The export's reference window is Engram's run of the network, unchanged
// by the export, and its inputs are the spikes the sources drew.
func TestCaptureRecordsTheRun(t *testing.T) {
	const window = 300.0
	n, _ := testNet(t)
	net := capture(t, n, window)
	n.Close()

	// The same network run plainly: the window is steps 1 … 3000.
	m, groups := testNet(t)
	defer m.Close()
	var recs []*sim.SpikeRecorder
	for _, g := range groups {
		recs = append(recs, m.RecordSpikes(g, 0))
	}
	src := m.RecordSpikes(m.Sources()[0], 0)
	if err := m.Run(window + 0.1); err != nil {
		t.Fatal(err)
	}
	shifted := func(r *sim.SpikeRecorder) Spikes {
		tMs, cells := r.Spikes()
		var s Spikes
		for k, x := range tMs {
			if x >= 0.1-1e-9 { // from the second step on
				s.TMs = append(s.TMs, roundDt(x, 0.1)) // start of step s ↦ end of step s − 1 in the export
				s.Cells = append(s.Cells, cells[k])
			}
		}
		return s
	}
	for k, r := range recs {
		want, got := shifted(r), net.EngramSpikes[k]
		if len(want.TMs) == 0 {
			t.Fatalf("%s did not fire; the test network is too quiet", r.Name())
		}
		if !slices.Equal(want.TMs, got.TMs) || !slices.Equal(want.Cells, got.Cells) {
			t.Fatalf("%s: %d reference spikes differ from the %d of a plain run", r.Name(), len(got.TMs), len(want.TMs))
		}
	}
	want := shifted(src)
	if got := net.Inputs[0]; !slices.Equal(want.TMs, got.TMs) || !slices.Equal(want.Cells, got.Cells) {
		t.Fatalf("exported input spikes (%d) differ from the source's (%d)", len(got.TMs), len(want.TMs))
	}
	if len(net.Backgrounds) != 1 || len(net.Backgrounds[0].TMs) == 0 {
		t.Fatalf("backgrounds %+v, want one with events", net.Backgrounds)
	}
	// λ = 20 synapses × 10 Hz × 0.1 ms = 0.02 events per cell per step.
	got := float64(len(net.Backgrounds[0].TMs)) / (40 * window / 0.1)
	if math.Abs(got-0.02) > 0.004 {
		t.Fatalf("background events per cell per step = %v, want ≈ 0.02", got)
	}
	if len(net.EngramLFP) != 1 || len(net.EngramLFP[0].PA) != int(window/LFPDtMs) {
		t.Fatalf("LFP %d series, want 1 of %d samples", len(net.EngramLFP), int(window/LFPDtMs))
	}
}

// Write lays out the files run.py reads, in PyNN's formats, with the
// mapping of each group and projection.
func TestWriteFiles(t *testing.T) {
	n, _ := testNet(t)
	defer n.Close()
	net := capture(t, n, 20)
	dir := t.TempDir()
	if err := Write(dir, net); err != nil {
		t.Fatal(err)
	}
	back, err := ReadNetwork(dir)
	if err != nil {
		t.Fatal(err)
	}
	models := map[string]string{}
	for _, p := range back.Populations {
		models[p.Name] = p.Model
	}
	if models["A"] != "EngramCell" || models["B"] != "EngramCell" || models["C"] != "EIF_cond_exp_isfa_ista" || models["D"] != "IF_cond_exp" {
		t.Fatalf("models %v, want A EngramCell (a depressing projection targets it), B EngramCell, C EIF_cond_exp_isfa_ista (AdEx, two exponential conductances), D IF_cond_exp (LIF, one)", models)
	}
	var one, off, dep *Projection
	for k := range back.Projections {
		p := &back.Projections[k]
		switch p.Name {
		case "A→B:fast":
			one = p
		case "B→B:fast":
			off = p
		case "B→A:inh":
			dep = p
		}
		b, err := os.ReadFile(filepath.Join(dir, p.File))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if lines[0] != `# columns = ["i", "j", "weight", "delay"]` || len(lines) != p.Synapses+1 {
			t.Fatalf("%s: header %q and %d lines for %d synapses", p.File, lines[0], len(lines), p.Synapses)
		}
		if p.DelayMs <= back.DtMs {
			t.Fatalf("%s: delay %v ms, want > dt (NEURON under MPI)", p.Name, p.DelayMs)
		}
	}
	switch {
	case one == nil || one.Synapses != 1:
		t.Fatalf("the one-synapse projection: %+v", one)
	case off == nil || off.Synapses != 0 || off.Dropped == 0:
		t.Fatalf("the projection with gain 0: %+v", off)
	case dep == nil || dep.Depression == nil || dep.Depression.U != 0.4:
		t.Fatalf("the depressing projection: %+v", dep)
	}
	sp, err := ReadSpikesCSV(filepath.Join(dir, "engram", "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got := Run{Spikes: sp}
	for _, s := range net.EngramSpikes {
		if !slices.Equal(got.spikesOf(s.Population).Cells, s.Cells) {
			t.Fatalf("engram/spikes.csv does not read back (%s)", s.Population)
		}
	}
	if d := Identical(back, Run{Name: "a", Spikes: sp}, Run{Name: "b", Spikes: net.EngramSpikes}); d != "" {
		t.Fatal(d)
	}
}

var featuresOut = flag.String("features-out", "", "write the export of the test network (every mapped feature, 2 s) to this new folder, for make pynn-check")

// TestFeaturesExport writes the test network for a run on NEURON (make
// pynn-check compares it with Engram's run); without -features-out it
// only exports.
func TestFeaturesExport(t *testing.T) {
	n, _ := testNet(t)
	defer n.Close()
	net := capture(t, n, 2000)
	net.Scenario, net.Label = "features", "a small network with every feature the export maps"
	dir := *featuresOut
	if dir == "" {
		dir = t.TempDir()
	}
	if err := Write(dir, net); err != nil {
		t.Fatal(err)
	}
}
