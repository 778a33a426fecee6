package export

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"engram/sim"
)

// The export carries each presynaptic inhibition: its parameters and
// modulator, its state at the export point (r and s, and the f they give,
// which is Engram's factor of the window's first events), the EngramCell
// slot that reads it, the delay shifted so that its events arrive after
// the modulator's spikes, and the mechanism that integrates it.
func TestReleaseExported(t *testing.T) {
	n, _ := testNet(t)
	defer n.Close()
	// 300 ms before the export, so that r and s are far from 0.
	pt := Point{Net: n, Scenario: "test", Kind: "test", At: "300 ms",
		Run: func(ctx context.Context) error { return n.RunContext(ctx, 1e6) }}
	if err := n.Run(300); err != nil {
		t.Fatal(err)
	}
	net, err := Capture(context.Background(), pt, 50)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Write(dir, net); err != nil {
		t.Fatal(err)
	}
	back, err := ReadNetwork(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		mod  string
		q    sim.PresynapticParams
		slot int
	}{"src→A:exc": {"src", srcInhibition, 0}, "B→A:inh": {"D", groupInhibition, 1}}
	found := 0
	for _, p := range back.Projections {
		r := p.Release
		w, inhibited := want[p.Name]
		if !inhibited {
			if r != nil {
				t.Errorf("%s: exported with presynaptic inhibition %+v it does not have", p.Name, r)
			}
			continue
		}
		found++
		if r == nil {
			t.Fatalf("%s: presynaptic inhibition not exported", p.Name)
		}
		q := sim.PresynapticParams{Alpha: r.Alpha, TauRMs: r.TauRMs, TauSMs: r.TauSMs, Hill: r.Hill, K: r.K, MaxInhibition: r.MaxInhibition}
		if r.Modulator != w.mod || q != w.q || r.Slot != w.slot {
			t.Errorf("%s: modulator %q, %+v, slot %d; want %q, %+v, slot %d", p.Name, r.Modulator, q, r.Slot, w.mod, w.q, w.slot)
		}
		if size := map[string]int{"src": 50, "D": 20}[w.mod]; r.ModulatorSize != size {
			t.Errorf("%s: modulator size %d, want %d", p.Name, r.ModulatorSize, size)
		}
		if !(r.R > 0.05 && r.S > 0.05 && r.F < 0.95) {
			t.Errorf("%s: state r = %v, s = %v, f = %v after 300 ms of modulator firing; want r, s > 0.05 and f < 0.95", p.Name, r.R, r.S, r.F)
		}
		sn := math.Pow(r.S, q.Hill)
		if f := 1 - q.MaxInhibition*sn/(sn+math.Pow(q.K, q.Hill)); math.Abs(f-r.F) > 1e-12 {
			t.Errorf("%s: f = %v, but s = %v gives %v", p.Name, r.F, r.S, f)
		}
		// Phases within a step: update < modulator arrival < events.
		dt := back.DtMs
		if !(r.UpdatePhaseMs > 0 && r.UpdatePhaseMs < r.ModulatorDelayMs-dt && r.ModulatorDelayMs-dt < r.ArrivalShiftMs && r.ArrivalShiftMs < dt/2) {
			t.Errorf("%s: update phase %v, modulator delay %v, arrival shift %v ms (dt %v): not in order within a step", p.Name, r.UpdatePhaseMs, r.ModulatorDelayMs, r.ArrivalShiftMs, dt)
		}
		if want := delayMs(p.DelaySteps, dt) + r.ArrivalShiftMs; math.Abs(p.DelayMs-want) > 1e-9 {
			t.Errorf("%s: delay %v ms, want %v (the arrival shift included)", p.Name, p.DelayMs, want)
		}
		b, err := os.ReadFile(filepath.Join(dir, p.File))
		if err != nil {
			t.Fatal(err)
		}
		if line := strings.Split(string(b), "\n")[1]; !strings.HasSuffix(line, "\t"+strconv.FormatFloat(p.DelayMs, 'g', -1, 64)) {
			t.Errorf("%s: connection line %q does not carry the shifted delay %v", p.Name, line, p.DelayMs)
		}
		// Engram's trace starts from the exported factor.
		var tr *ReleaseTrace
		for k := range net.EngramRelease {
			if net.EngramRelease[k].Projection == p.Name {
				tr = &net.EngramRelease[k]
			}
		}
		if tr == nil || len(tr.F) != 501 || tr.F[0] != r.F {
			t.Fatalf("%s: Engram's release trace %v, want 501 factors from %v", p.Name, tr, r.F)
		}
	}
	if found != 2 {
		t.Fatalf("%d inhibited projections exported, want 2", found)
	}
	for _, p := range back.Populations {
		if p.Name == "A" && p.Model != "EngramCell" {
			t.Fatalf("A, target of inhibited projections, is %s; want EngramCell", p.Model)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "engram_release.mod")); err != nil {
		t.Fatal(err)
	}
	got, err := ReadReleaseCSV(filepath.Join(dir, "engram", "release.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("release.csv has %d projections, want 2", len(got))
	}
	for k, tr := range got {
		c := CompareRelease(net.EngramRelease[k:k+1], []ReleaseTrace{tr})
		if tr.DtMs != back.DtMs || c[0].Steps != 501 || c[0].MeanRun != c[0].MeanEngram {
			t.Fatalf("release.csv does not read back: %+v, dt %v", c[0], tr.DtMs)
		}
	}
}

// CompareRelease measures the one-step lag it is built for: a run that is
// Engram's trace one step late agrees exactly, Engram's trace itself does
// not (negative control), and a projection the run lacks is reported.
func TestCompareRelease(t *testing.T) {
	e := ReleaseTrace{Projection: "p", DtMs: 0.1, F: []float64{1, 0.9, 0.7, 0.6, 0.65, 0.8}}
	late := ReleaseTrace{Projection: "p", DtMs: 0.1, F: append([]float64{1}, e.F[:5]...)}
	if c := CompareRelease([]ReleaseTrace{e}, []ReleaseTrace{late}); c[0].MaxLagDiff != 0 || c[0].Steps != 6 || c[0].MinEngram != 0.6 {
		t.Fatalf("one step late: %+v, want no difference", c[0])
	}
	if c := CompareRelease([]ReleaseTrace{e}, []ReleaseTrace{e}); math.Abs(c[0].MaxLagDiff-0.2) > 1e-12 {
		t.Fatalf("not late: max lagged difference %v, want 0.2", c[0].MaxLagDiff)
	}
	if c := CompareRelease([]ReleaseTrace{e}, nil); c[0].Steps != 0 {
		t.Fatalf("missing trace reported as %+v", c[0])
	}
}

// What the export cannot map is refused with an error naming the group or
// projection and the feature, never dropped: a paused group, more
// presynaptic inhibitions onto one group than EngramCell reads, a jump
// receptor, a clamp, and, during the window, a changed external current,
// clamp, weight or presynaptic inhibition. The unchanged network exports
// (the control).
func TestRefusesWhatDoesNotMap(t *testing.T) {
	// mid runs the network for 10 ms, applies change, and runs on.
	mid := func(n *sim.Network, change func()) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			if err := n.RunContext(ctx, 10); err != nil {
				return err
			}
			change()
			return n.RunContext(ctx, 1e6)
		}
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error
		want  []string // in the error
	}{
		{"control", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error { return nil }, nil},
		{"paused group", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			g[2].SetPaused(true)
			return nil
		}, []string{`"C"`, "paused"}},
		{"five inhibitions onto A", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			for range 4 {
				p, err := n.Connect(n.Sources()[0], g[0].Receptors()[0], sim.ConnSpec{Rule: sim.Random, P: 0.1, Weight: 1})
				if err != nil {
					t.Fatal(err)
				}
				if err := p.SetPresynapticInhibition(g[3], groupInhibition); err != nil {
					t.Fatal(err)
				}
			}
			return nil
		}, []string{"src→A:exc", `"A"`, "presynaptic inhibition"}},
		{"jump receptor", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			e, err := n.AddGroup("E", 5, g[3].Params())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.AddReceptor(sim.ReceptorParams{Name: "jump", Kind: sim.Jump}); err != nil {
				t.Fatal(err)
			}
			return nil
		}, []string{`"E"`, `"jump"`, "voltage jump"}},
		{"clamp", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			g[1].Clamp(3, -60)
			return nil
		}, []string{`"B"`, "clamp"}},
		{"clamp in the window", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			return mid(n, func() { g[1].Clamp(3, -60) })
		}, []string{`"B"`, "clamp"}},
		{"current in the window", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			return mid(n, func() { g[3].SetCurrent(7, 50) })
		}, []string{`"D" cell 7`, "external current"}},
		{"weight in the window", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			return mid(n, func() {
				p := n.Projections()[0]
				p.SetWeight(0, p.Weight(0)+1)
			})
		}, []string{"src→A:exc", "weights"}},
		{"inhibition in the window", func(t *testing.T, n *sim.Network, g []*sim.Group) func(ctx context.Context) error {
			return mid(n, func() {
				q := srcInhibition
				q.K = 0.2
				if err := n.Projections()[0].SetPresynapticInhibition(n.Sources()[0], q); err != nil {
					t.Fatal(err)
				}
			})
		}, []string{"src→A:exc", "presynaptic inhibition"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, groups := testNet(t)
			defer n.Close()
			run := c.setup(t, n, groups)
			if run == nil {
				run = func(ctx context.Context) error { return n.RunContext(ctx, 1e6) }
			}
			_, err := Capture(context.Background(), Point{Net: n, Scenario: "test", At: "start", Run: run}, 30)
			switch {
			case c.want == nil && err != nil:
				t.Fatalf("the unchanged network was refused: %v", err)
			case c.want != nil && err == nil:
				t.Fatalf("exported; want an error naming %q", c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}
