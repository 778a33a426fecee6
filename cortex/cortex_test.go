package cortex

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"engram/param"
	"engram/sim"
	"engram/task"
)

// tinyParams is a small cortex for unit tests: 100 E cells in 10-cell
// assemblies, 25 I cells, in-degree 20.
func tinyParams() Params {
	p := DefaultParams()
	p.NE, p.NI, p.AssemblySize, p.EEIndegree = 100, 25, 10, 20
	return p
}

func items(n int) []task.Item {
	it := make([]task.Item, n)
	for i := range it {
		it[i] = task.Item(i)
	}
	return it
}

func newNet(t *testing.T) *sim.Network {
	t.Helper()
	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestValidate(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	if err := DefaultDriverParams().Validate(); err != nil {
		t.Fatalf("driver defaults invalid: %v", err)
	}
	if err := DefaultSetup().Validate(); err != nil {
		t.Fatalf("setup defaults invalid: %v", err)
	}
	for _, c := range []struct {
		key string
		mod func(*Params)
	}{
		{"ne", func(p *Params) { p.NE = 0 }},
		{"assembly_size", func(p *Params) { p.AssemblySize = 2000 }},
		{"stdp.tau_plus_ms", func(p *Params) { p.STDP.TauPlusMs = math.NaN() }},
		{"w_ee_init_mv", func(p *Params) { p.WEEInitMV = p.WEEMaxMV + 1 }},
		{"sleep_ee_gain", func(p *Params) { p.SleepEEGain = 1.5 }},
		{"prune_below_mv", func(p *Params) { p.PruneBelowMV = -1 }},
		{"vth_mv", func(p *Params) { p.VthMV = -80 }},
		{"stdp.beta_mv", func(p *Params) { p.STDP.BetaMV = -1 }},
		{"stdp.mg_gain", func(p *Params) { p.STDP.MgGain = 0 }},
		{"pruning", func(p *Params) { p.Pruning = "sometimes" }},
		{"prune_schedule", func(p *Params) { p.PruneSchedule = []float64{0.1, 1.5} }},
	} {
		p := DefaultParams()
		c.mod(&p)
		err := p.Validate()
		var pe *param.Error
		if !errors.As(err, &pe) || pe.Key != c.key || !strings.HasPrefix(err.Error(), c.key+" = ") {
			t.Errorf("%s: error %v, want a *param.Error naming the key", c.key, err)
		}
	}
	d := DefaultDriverParams()
	d.CueMs = 0
	if err := d.Validate(); err == nil || err.Error() != "cue_ms = 0 ms: want 1 ≤ cue_ms ≤ 200 ms" {
		t.Errorf("driver cue_ms = 0: %v", err)
	}
	s := DefaultSetup()
	s.Driver.Input.P = 2
	if err := s.Validate(); err == nil || err.Error() != "driver.input.p = 2: want 0 ≤ p ≤ 1" {
		t.Errorf("setup driver.input.p = 2: %v", err)
	}
	m := DefaultMgSweep()
	m.MgMM = []float64{1, 12}
	if err := m.Validate(); err == nil || err.Error() != "mg_mm = […, 12, …] mM: want 0 ≤ mg_mm ≤ 10 mM" {
		t.Errorf("mg sweep of 12 mM: %v", err)
	}
}

func TestBuild(t *testing.T) {
	p := tinyParams()
	if _, err := Build(newNet(t), p, items(11)); err == nil {
		t.Error("11 assemblies of 10 cells accepted in 100 cells")
	}
	if _, err := Build(newNet(t), p, []task.Item{3, 3}); err == nil {
		t.Error("duplicate item accepted")
	}
	c, err := Build(newNet(t), p, []task.Item{7, 2, 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Assembly(2); len(got) != 10 || got[0] != 10 {
		t.Errorf("Assembly(2) = %v, want cells 10…19", got)
	}
	if it, ok := c.ItemOf(25); !ok || it != 5 {
		t.Errorf("ItemOf(25) = %v, %v, want 5", it, ok)
	}
	if _, ok := c.ItemOf(40); ok {
		t.Error("cell 40 codes no item but ItemOf says it does")
	}
	total, plastic := c.Synapses()
	if total != p.NE*p.EEIndegree || plastic >= total || plastic == 0 {
		t.Errorf("synapses %d (plastic %d), want %d in all, some frozen", total, plastic, p.NE*p.EEIndegree)
	}
	w := c.WeightMatrix()
	for a := range w {
		for b := range w[a] {
			want := p.WEEInitMV
			if a == b {
				want = p.WAssemblyMV
			}
			if w[a][b] != 0 && math.Abs(w[a][b]-want) > 1e-6 {
				t.Errorf("mean weight %d→%d = %v mV, want %v", a, b, w[a][b], want)
			}
		}
	}
	for _, pr := range c.local[1:] { // I→E, I→I are inhibitory
		for k := 0; k < pr.Len(); k++ {
			if pr.Weight(k) >= 0 {
				t.Fatalf("%s synapse %d has weight %v, want < 0", pr.Name(), k, pr.Weight(k))
			}
		}
	}
	for _, m := range []Mode{Awake, Sleep, Test} {
		c.SetMode(m)
		want := map[Mode]float64{Awake: p.STDP.AwakeRate, Sleep: p.STDP.SleepRate, Test: 0}[m]
		gain := map[Mode]float64{Awake: 1, Sleep: p.SleepEEGain, Test: 1}[m]
		if c.ee.LearningRate != want || c.Mode() != m || c.ee.Gain() != gain {
			t.Errorf("mode %v: learning rate %v, E→E gain %v; want %v and %v", m, c.ee.LearningRate, c.ee.Gain(), want, gain)
		}
	}
	if err := c.Encode(task.Episode{Items: []task.Item{7, 2}}); err == nil || !strings.Contains(err.Error(), "driver") {
		t.Errorf("Encode without a driver: %v", err)
	}
}

// TestPSPPeak checks the unit conversion of Params.PAPerMV: a 1 mV input
// synapse onto a resting E cell gives a PSP peak of ≈ 0.63 mV
// (docs/model.md §4).
func TestPSPPeak(t *testing.T) {
	p := tinyParams()
	p.NE, p.NI, p.AssemblySize, p.EEIndegree, p.BackgroundHz, p.PIE = 1, 1, 1, 0, 0, 0
	n := newNet(t)
	c, err := Build(n, p, items(1))
	if err != nil {
		t.Fatal(err)
	}
	src, _ := n.AddPoisson("in", 1, 0)
	if _, err := c.ConnectItemInput(src, func(int) (task.Item, bool) { return 0, true }, InputSpec{P: 1, WeightMV: 1}); err != nil {
		t.Fatal(err)
	}
	c.E().SetV(0, p.ELmV)
	src.Fire(0)
	peak := 0.0
	for range 400 {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
		peak = max(peak, c.E().V(0)-p.ELmV)
	}
	if math.Abs(peak-0.63) > 0.01 {
		t.Errorf("PSP peak of a 1 mV synapse = %.4f mV, want 0.63", peak)
	}
}

func TestConnectItemInput(t *testing.T) {
	n := newNet(t)
	c, err := Build(n, tinyParams(), []task.Item{4, 8, 9})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := n.AddPoisson("CA1", 40, 0)
	// Cells 0–9 code item 8, 10–19 item 4, 20–29 item 6 (no assembly),
	// 30–39 nothing.
	itemOf := func(i int) (task.Item, bool) {
		switch {
		case i < 10:
			return 8, true
		case i < 20:
			return 4, true
		case i < 30:
			return 6, true
		}
		return 0, false
	}
	if _, err := c.ConnectItemInput(src, itemOf, InputSpec{P: 1.5, WeightMV: 1}); err == nil {
		t.Error("P = 1.5 accepted")
	}
	pr, err := c.ConnectItemInput(src, itemOf, InputSpec{P: 0.5, WeightMV: 2.5})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		lo, hi := pr.Row(i)
		want, ok := itemOf(i)
		for k := lo; k < hi; k++ {
			got, _ := c.ItemOf(pr.Target(k))
			if !ok || i >= 20 || got != want {
				t.Fatalf("input cell %d (item %v) contacts E cell %d (item %v)", i, want, pr.Target(k), got)
			}
		}
	}
	if m := pr.Len(); m < 60 || m > 140 { // 20 cells × 10 targets × 0.5 = 100
		t.Errorf("%d input synapses, want ≈ 100", m)
	}
}

func TestDecode(t *testing.T) {
	c, err := Build(newNet(t), tinyParams(), []task.Item{10, 11, 12, 13})
	if err != nil {
		t.Fatal(err)
	}
	// Threshold 0.2 × 10 = 2 spikes per bin.
	counts := [][]int{
		{5, 0, 0, 0}, // cue
		{3, 2, 1, 0}, // item 11 becomes active
		{0, 4, 0, 5}, // 13 then nothing new for 11
		{0, 0, 9, 0}, // 12
		{0, 0, 0, 0},
	}
	got := c.decodeCounts(counts, 10)
	if want := []task.Item{11, 13, 12}; !slices.Equal(got, want) {
		t.Errorf("decoded %v, want %v", got, want)
	}
	// From spike times: cells 10–19 code item 11, 30–39 item 13.
	tMs := []float64{100.5, 101, 101.2, 106, 106.1, 106.2, 200}
	cells := []int32{10, 11, 12, 30, 31, 32, 0}
	got = c.decodeCounts(c.binCounts(tMs, cells, 100, 150), 10)
	if want := []task.Item{11, 13}; !slices.Equal(got, want) {
		t.Errorf("decoded %v, want %v", got, want)
	}
}

// TestDeterministic runs a short stand-alone day twice and requires the
// same recall and weights.
func TestDeterministic(t *testing.T) {
	run := func() (TestResult, [][]float64) {
		s := DefaultSetup()
		s.Sequences, s.SequenceLen, s.Trials = 2, 3, 1
		s.Cortex.NE, s.Cortex.NI, s.Cortex.EEIndegree, s.Cortex.AssemblySize = 200, 50, 40, 25
		r, err := newRun(s, s.Cortex)
		if err != nil {
			t.Fatal(err)
		}
		defer r.close()
		if err := r.encode(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.c.Sleep(r.eps, SleepPlan{Replays: 2}); err != nil {
			t.Fatal(err)
		}
		res, err := r.c.Test(r.eps, 1)
		if err != nil {
			t.Fatal(err)
		}
		return res, r.c.WeightMatrix()
	}
	a, wa := run()
	b, wb := run()
	if a.Score != b.Score || a.EEEvents != b.EEEvents {
		t.Errorf("two runs differ: %+v vs %+v", a, b)
	}
	for i := range wa {
		if !slices.Equal(wa[i], wb[i]) {
			t.Fatalf("weights differ in row %d", i)
		}
	}
}

// TestEncodeContext stops an awake pass when its context is done, with the
// driver quiet, and leaves the cortex in Test mode.
func TestEncodeContext(t *testing.T) {
	n := newNet(t)
	defer n.Close()
	c, err := Build(n, tinyParams(), items(5))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddDriver(DefaultDriverParams()); err != nil {
		t.Fatal(err)
	}
	ep := task.Episode{Items: items(5)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.EncodeContext(ctx, ep); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled pass: %v, want context.Canceled", err)
	}
	if n.TimeMs() != 0 || c.Mode() != Test {
		t.Errorf("cancelled pass ran %v ms and left mode %v", n.TimeMs(), c.Mode())
	}
	if err := c.Encode(ep); err != nil || n.TimeMs() == 0 {
		t.Errorf("full pass: %v after %v ms", err, n.TimeMs())
	}
}
