package sim

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
)

func lif() NeuronParams {
	return NeuronParams{CpF: 200, GLnS: 10, ELmV: -60, VthMV: -50, VresetMV: -60, TrefMs: 5}
}

func newNet(t testing.TB, workers int) *Network {
	t.Helper()
	c := DefaultConfig()
	c.Workers = workers
	return netOf(t, c)
}

// netOf returns an empty network of c, closed when the test ends.
func netOf(t testing.TB, c Config) *Network {
	t.Helper()
	n, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	return n
}

func TestMgBlockValues(t *testing.T) {
	// docs/model.md §1 and Jahr & Stevens (1990) at 1 mM.
	for _, c := range []struct{ v, want float64 }{{-80, 0.024}, {-65, 0.060}, {-50, 0.139}, {-20, 0.508}, {0, 0.781}} {
		if got := MgBlock(c.v, 1); math.Abs(got-c.want) > 0.0005 {
			t.Errorf("B(%v mV) = %.4f, want %.3f", c.v, got, c.want)
		}
	}
	if MgBlock(-70, 0) != 1 {
		t.Error("B at 0 mM should be 1")
	}
	tab := newMgTable(1.3)
	for v := -149.0; v < 99; v += 0.37 {
		if d := math.Abs(tab.at(v) - MgBlock(v, 1.3)); d > 1e-6 {
			t.Fatalf("table B(%v) off by %g", v, d)
		}
	}
}

func TestPeakNormalisation(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, err := g.AddReceptor(ReceptorParams{Name: "x", RiseMs: 1.3, DecayMs: 9.5, ErevMV: 0})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := n.AddPoisson("in", 1, 0)
	if _, err := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 2.5, DelayMs: 2.2}); err != nil {
		t.Fatal(err)
	}
	src.Fire(0)
	peak, peakStep := 0.0, 0
	for s := 0; s < 400; s++ {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
		if c := g.Conductance(r, 0); c > peak {
			peak, peakStep = c, s
		}
	}
	if math.Abs(peak-2.5) > 0.01 {
		t.Errorf("peak conductance %.4f nS, want 2.5 (weight)", peak)
	}
	// Spike in step 0, delay 22 steps, peak at τrτd/(τd−τr)·ln(τd/τr) = 2.99 ms.
	if want := 22 + 30; peakStep < want-2 || peakStep > want+2 {
		t.Errorf("peak at step %d, want ≈ %d", peakStep, want)
	}
}

func TestWorkersByteIdentical(t *testing.T) {
	for _, m := range methods {
		t.Run(string(m), func(t *testing.T) { workersByteIdentical(t, m) })
	}
}

// workersByteIdentical steps a COBA network with a Poisson background by
// 1, 2 and 3 workers, integrated by m, and requires the same spikes and
// membrane potentials bit for bit.
func workersByteIdentical(t *testing.T, m Method) {
	run := func(workers int) ([]float64, []int32, []float64) {
		c := DefaultConfig()
		c.Workers, c.Method = workers, m
		c.Seed = 42
		n, _ := New(c)
		defer n.Close()
		p := DefaultCOBA()
		p.NE, p.NI = 800, 200
		p.P = 0.08
		cb, err := BuildCOBA(n, p)
		if err != nil {
			t.Fatal(err)
		}
		bg, _ := n.AddPoisson("bg", 100, 20)
		re, _ := cb.E.Receptor("exc")
		if _, err := n.Connect(bg, re, ConnSpec{Rule: Random, P: 0.1, Weight: 3, DelayMs: 1}); err != nil {
			t.Fatal(err)
		}
		rec := n.RecordSpikes(cb.E, 0)
		if err := n.Run(300); err != nil {
			t.Fatal(err)
		}
		tm, cell := rec.Spikes()
		return tm, cell, append([]float64(nil), cb.E.v...)
	}
	t1, c1, v1 := run(1)
	t2, c2, v2 := run(2)
	t3, c3, v3 := run(3)
	if len(t1) == 0 {
		t.Fatal("no spikes")
	}
	for _, o := range []struct {
		t []float64
		c []int32
		v []float64
	}{{t2, c2, v2}, {t3, c3, v3}} {
		if len(o.t) != len(t1) {
			t.Fatalf("spike count differs: %d vs %d", len(o.t), len(t1))
		}
		for k := range t1 {
			if o.t[k] != t1[k] || o.c[k] != c1[k] {
				t.Fatalf("spike %d differs", k)
			}
		}
		for k := range v1 {
			if math.Float64bits(o.v[k]) != math.Float64bits(v1[k]) {
				t.Fatalf("V[%d] differs: %v vs %v", k, o.v[k], v1[k])
			}
		}
	}
}

// TestFusedStepsMatch runs a network with every rule runFused steps
// (AdEx cells with rise-and-decay receptors, Mg²⁺-gated STDP with usage,
// short-term depression, delays, a Poisson input and background, LFP,
// state and spike recorders) by RunContext with 1, 2 and 3 workers (the
// last two fused) and step by step with 2 workers, in pieces whose
// lengths are not multiples of the context check, and 3 workers on one
// thread (GOMAXPROCS 1), and requires the same spikes, weights, usage,
// recordings and state bit for bit.
func TestFusedStepsMatch(t *testing.T) {
	type out struct {
		spikes []float64
		w, u   []float64
		lfp    []float64
		state  []float64
		v      []float64
	}
	run := func(workers int, stepwise bool) out {
		c := DefaultConfig()
		c.Workers, c.Seed = workers, 7
		n, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		defer n.Close()
		adex := NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -58, TrefMs: 2,
			DeltaTmV: 2, VpeakMV: 0, AnS: 2, BpA: 40, TauWMs: 150}
		g, _ := n.AddGroup("pc", 301, adex)
		e, _ := g.AddReceptor(ReceptorParams{Name: "E", Kind: Conductance, RiseMs: 0.5, DecayMs: 5, ErevMV: 0})
		nm, _ := g.AddReceptor(NMDA())
		in, _ := g.AddReceptor(GABAA())
		src, _ := n.AddPoisson("in", 200, 30)
		if _, err := n.Connect(src, e, ConnSpec{Rule: Random, P: 0.1, Weight: 1.2}); err != nil {
			t.Fatal(err)
		}
		rec, err := n.Connect(g, nm, ConnSpec{Rule: Random, P: 0.1, Weight: 0.4, DelayMs: 1.5})
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.SetDepression(0.3, 200); err != nil {
			t.Fatal(err)
		}
		if err := rec.SetSTDP(STDPParams{TauPlusMs: 20, TauMinusMs: 20, APlus: 0.05, AMinus: 0.06, Beta: 0.001,
			WMax: 2, MgGate: true, MgGain: 5, VbarTauMs: 10, TrackUsage: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := n.Connect(g, in, ConnSpec{Rule: Random, P: 0.05, Weight: 2}); err != nil {
			t.Fatal(err)
		}
		if err := g.AddPoissonInput(e, 50, 5, 0.5); err != nil {
			t.Fatal(err)
		}
		sr := n.RecordSpikes(g, 0)
		lr := n.RecordLFP(g, 1)
		st, err := n.RecordState(g, "Vbar", []int{0, 150, 300}, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		for _, ms := range []float64{0.3, 37.1, 150, 112.6} {
			if stepwise {
				for range int(math.Round(ms / n.Dt())) {
					if err := n.Step(); err != nil {
						t.Fatal(err)
					}
				}
			} else if err := n.Run(ms); err != nil {
				t.Fatal(err)
			}
		}
		var o out
		o.spikes, _ = sr.Spikes()
		for k := range rec.Len() {
			o.w = append(o.w, rec.Weight(k))
			o.u = append(o.u, rec.Usage(k))
		}
		o.lfp = lr.Samples
		for _, d := range st.Data {
			o.state = append(o.state, d...)
		}
		o.v = append(o.v, g.v...)
		return o
	}
	want := run(1, false)
	if len(want.spikes) < 100 {
		t.Fatalf("%d spikes; the test needs more", len(want.spikes))
	}
	for _, c := range []struct {
		workers  int
		stepwise bool
		procs    int // GOMAXPROCS during the run (0: unchanged)
	}{{2, false, 0}, {3, false, 0}, {2, true, 0}, {3, false, 1}} {
		got := func() out {
			if c.procs > 0 { // more workers than threads: spinning workers must yield
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.procs))
			}
			return run(c.workers, c.stepwise)
		}()
		for _, f := range []struct {
			name string
			a, b []float64
		}{{"spike times", got.spikes, want.spikes}, {"weights", got.w, want.w}, {"usage", got.u, want.u},
			{"LFP", got.lfp, want.lfp}, {"V̄", got.state, want.state}, {"V", got.v, want.v}} {
			if len(f.a) != len(f.b) {
				t.Fatalf("%d workers, stepwise %v: %d %s, want %d", c.workers, c.stepwise, len(f.a), f.name, len(f.b))
			}
			for k := range f.a {
				if math.Float64bits(f.a[k]) != math.Float64bits(f.b[k]) {
					t.Fatalf("%d workers, stepwise %v: %s[%d] = %v, want %v", c.workers, c.stepwise, f.name, k, f.a[k], f.b[k])
				}
			}
		}
	}
}

func TestDivergenceStops(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("pc", 10, lif())
	if _, err := g.AddReceptor(AMPA()); err != nil {
		t.Fatal(err)
	}
	if err := n.Run(1); err != nil {
		t.Fatal(err)
	}
	g.SetCurrent(7, math.NaN())
	err := n.Run(1)
	if err == nil || !strings.Contains(err.Error(), `group "pc" cell 7 diverged at step 10`) {
		t.Fatalf("got %v, want a divergence error naming group, cell and step", err)
	}
	if n.Step() == nil {
		t.Fatal("a diverged network kept stepping")
	}
}

func TestBadInput(t *testing.T) {
	if _, err := New(Config{DtMs: 0, Workers: 1}); err == nil || !strings.Contains(err.Error(), "DtMs = 0") {
		t.Errorf("dt 0: %v", err)
	}
	if _, err := New(Config{DtMs: 0.1, Workers: 1, MgMM: math.NaN()}); err == nil || !strings.Contains(err.Error(), "MgMM") {
		t.Errorf("NaN Mg: %v", err)
	}
	n := newNet(t, 1)
	cases := []struct {
		name string
		err  func() error
		want string
	}{
		{"size", func() error { _, e := n.AddGroup("a", 0, lif()); return e }, "size = 0"},
		{"negsize", func() error { _, e := n.AddGroup("a", -3, lif()); return e }, "size = -3"},
		{"C", func() error { p := lif(); p.CpF = -1; _, e := n.AddGroup("a", 1, p); return e }, "c_pf = -1"},
		{"nan", func() error { p := lif(); p.ELmV = math.NaN(); _, e := n.AddGroup("a", 1, p); return e }, "el_mv = NaN"},
		{"tau", func() error { p := lif(); p.GLnS = 1e4; _, e := n.AddGroup("a", 1, p); return e }, "lower dt"},
		{"rise", func() error {
			g, _ := n.AddGroup("b", 1, lif())
			_, e := g.AddReceptor(ReceptorParams{Name: "fast", RiseMs: 0.05, DecayMs: 1})
			return e
		}, "RiseMs = 0.05"},
		{"decay", func() error {
			g, _ := n.AddGroup("c", 1, lif())
			_, e := g.AddReceptor(ReceptorParams{Name: "fast", DecayMs: 0.1})
			return e
		}, "DecayMs = 0.1"},
		{"prob", func() error {
			g, _ := n.AddGroup("d", 5, lif())
			r, _ := g.AddReceptor(AMPA())
			_, e := n.Connect(g, r, ConnSpec{Rule: Random, P: 1.2})
			return e
		}, "P = 1.2"},
		{"weight", func() error {
			g, _ := n.AddGroup("e", 5, lif())
			r, _ := g.AddReceptor(AMPA())
			_, e := n.Connect(g, r, ConnSpec{Rule: Random, P: 0.5, Weight: math.Inf(1)})
			return e
		}, "Weight = +Inf"},
		{"rate", func() error { _, e := n.AddPoisson("p", 3, 20000); return e }, "rate = 20000 Hz"},
		{"mg", func() error { return n.SetMg(-1) }, "[Mg²⁺] = -1 mM"},
	}
	for _, c := range cases {
		err := c.err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestDepressionEfficacy(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 1, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 1})
	if err := p.SetDepression(0.4, 800); err != nil {
		t.Fatal(err)
	}
	var effs []float64
	for k := 0; k < 3; k++ {
		src.Fire(0)
		n.Step()
		effs = append(effs, p.std.eff[0])
	}
	// Back-to-back spikes 0.1 ms apart: x = 1, 0.6, 0.36 (almost no recovery).
	for k, want := range []float64{1, 0.6, 0.36} {
		if math.Abs(effs[k]-want) > 1e-3 {
			t.Errorf("spike %d efficacy %.4f, want %.2f", k, effs[k], want)
		}
	}
	n.Run(4000) // 5 τrec: recovered
	if x := p.Resources(); x < 0.99 {
		t.Errorf("resources after 4 s = %.3f, want ≈ 1", x)
	}
}

// stdpDw returns the weight change of one synapse (delay delayMs, rule sp,
// initial weight 1) after reps trials of a presynaptic spike emitted at
// step pre and a postsynaptic spike forced at step post, 1000 steps each.
func stdpDw(t *testing.T, sp STDPParams, delayMs float64, pre, post, reps int) float64 {
	t.Helper()
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 1, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 1, DelayMs: delayMs})
	if err := p.SetSTDP(sp); err != nil {
		t.Fatal(err)
	}
	for range reps {
		for s := 0; s < 1000; s++ {
			if s == pre {
				src.Fire(0)
			}
			if s == post {
				g.SetV(0, 0) // force a postsynaptic spike in the next step
			}
			if err := n.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	return p.Weight(0) - 1
}

func TestSTDPSign(t *testing.T) {
	// Pre 10 ms before post potentiates; post 10 ms before pre depresses.
	sp := STDPParams{TauPlusMs: 20, TauMinusMs: 20, APlus: 0.1, AMinus: 0.1, WMax: 10}
	ltp, ltd := stdpDw(t, sp, 0, 100, 200, 5), stdpDw(t, sp, 0, 200, 100, 5)
	want := 5 * 0.1 * math.Exp(-10.0/20)
	if math.Abs(ltp-want) > 0.01 {
		t.Errorf("pre→post Δw = %.4f, want ≈ %.4f", ltp, want)
	}
	if math.Abs(ltd+want) > 0.01 {
		t.Errorf("post→pre Δw = %.4f, want ≈ %.4f", ltd, -want)
	}
}

func TestAnalysis(t *testing.T) {
	// Regular spiking: CV 0.
	var tm []float64
	var cell []int32
	for k := 0; k < 20; k++ {
		tm, cell = append(tm, float64(10*k)), append(cell, 0)
	}
	if cv, n := CVISI(tm, cell, 1, 2); cv != 0 || n != 1 {
		t.Errorf("regular CV = %v over %d cells, want 0 over 1", cv, n)
	}
	if r := MeanRate(20, 1, 200); r != 100 {
		t.Errorf("rate = %v, want 100 Hz", r)
	}
	if f := FanoFactor([]float64{2, 2, 2}); f != 0 {
		t.Errorf("Fano of constant = %v", f)
	}
	pr := PopulationRate([]float64{0.5, 1.5, 1.7}, 2, 0, 2, 1)
	if len(pr) != 2 || pr[0] != 500 || pr[1] != 1000 {
		t.Errorf("PopulationRate = %v, want [500 1000]", pr)
	}
}

func TestBytesPerSynapse(t *testing.T) {
	n := newNet(t, 1)
	c, err := BuildCOBA(n, DefaultCOBA())
	if err != nil {
		t.Fatal(err)
	}
	_ = c
	for _, p := range n.Projections() {
		// 2-byte targets, one shared weight, row pointers shared out
		if b := p.BytesPerSynapse(); b > 2.5 {
			t.Errorf("%s: %.2f bytes per static synapse of one shared weight, want ≤ 2.5", p.Name(), b)
		}
	}
	p := n.Projections()[0]
	p.SetWeight(3, 1.5)
	if b := p.BytesPerSynapse(); b > 6.5 {
		t.Errorf("%.2f bytes per static synapse with its own weight, want ≤ 6.5", b)
	}
	if p.Weight(3) != 1.5 || p.Weight(4) != 6 {
		t.Errorf("weights %v, %v after SetWeight(3, 1.5), want 1.5, 6", p.Weight(3), p.Weight(4))
	}
	if err := p.SetSTDP(STDPParams{TauPlusMs: 20, TauMinusMs: 20, APlus: 0.1, AMinus: 0.1, WMax: 10}); err != nil {
		t.Fatal(err)
	}
	// + a 4-byte index of the synapses by target
	if b := p.BytesPerSynapse(); b > 10.5 {
		t.Errorf("%.2f bytes per plastic synapse, want ≤ 10.5", b)
	}
}

func TestPhi(t *testing.T) {
	for _, x := range []float64{1e-9, 1e-4, 0.01, 0.1, 0.2, 0.2499, 0.25, 0.7, 3, 40} {
		want := -math.Expm1(-x) / x
		if d := math.Abs(phi(x)-want) / want; d > 2e-9 {
			t.Errorf("phi(%v) relative error %g", x, d)
		}
	}
	if phi(0) != 1 {
		t.Error("phi(0) != 1")
	}
}

func TestGainJumpPruneFreeze(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 4, lif())
	jr, err := g.AddReceptor(ReceptorParams{Name: "delta", Kind: Jump})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.AddReceptor(ReceptorParams{Name: "bad", Kind: Jump, DecayMs: 5}); err == nil {
		t.Error("a Jump receptor with kinetics was accepted")
	}
	src, _ := n.AddPoisson("in", 4, 0)
	p, _ := n.Connect(src, jr, ConnSpec{Rule: AllToAll, Weight: 2})
	src.Fire(1)
	n.Step()
	n.Step()
	// One spike, 4 synapses of 2 mV: each cell jumps 2 mV above rest (minus a
	// step of leak).
	if dv := g.V(0) - (-60); dv < 1.98 || dv > 2 {
		t.Errorf("jump of %.4f mV, want ≈ 2", dv)
	}
	if err := p.SetGain(-1); err == nil {
		t.Error("negative gain accepted")
	}
	p.SetGain(0)
	before, events := g.V(0), p.Events()
	src.Fire(1)
	n.Step()
	n.Step()
	if g.V(0) <= before-0.5 || g.V(0) > before || p.Events() != events {
		t.Errorf("gain 0 still transmitted: V %.3f → %.3f, events %d → %d", before, g.V(0), events, p.Events())
	}

	if err := p.SetSTDP(STDPParams{TauPlusMs: 20, TauMinusMs: 20, APlus: 0.1, AMinus: 0.1, WMax: 10, TrackUsage: true}); err != nil {
		t.Fatal(err)
	}
	k := p.Find(2, 3)
	p.Freeze(k)
	p.SetGain(1)
	src.Fire(2)
	n.Step()
	g.SetV(3, 0)
	n.Step() // cell 3 fires 0.1 ms after the arrival from cell 2
	n.Step()
	if p.Weight(k) != 2 {
		t.Errorf("frozen synapse changed to %v", p.Weight(k))
	}
	if p.Usage(k) <= 0 {
		t.Errorf("usage of a co-active synapse = %v, want > 0", p.Usage(k))
	}
	u := p.Usage(k)
	p.ScaleUsage(0.5)
	if p.Usage(k) != u/2 {
		t.Error("ScaleUsage did not halve")
	}
	removed := p.Prune(func(s int) bool { return p.Target(s) != 0 })
	if removed != 4 || p.Len() != 12 {
		t.Fatalf("pruned %d, left %d, want 4 and 12", removed, p.Len())
	}
	k = p.Find(2, 3)
	if !p.Frozen(k) || p.Usage(k) != u/2 || p.Find(1, 0) != -1 {
		t.Error("pruning lost rule state or kept a pruned synapse")
	}
	n.Run(10) // still steps after pruning
}

func TestFastExp(t *testing.T) {
	for x := -45.0; x < 10; x += 0.0137 {
		want := math.Exp(x)
		if d := math.Abs(fastExp(x)-want) / want; d > 3e-9 {
			t.Fatalf("fastExp(%v) relative error %g", x, d)
		}
	}
}

func TestRecorders(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("g", 3, lif())
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 3, 0)
	n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 10})
	if _, err := n.RecordState(g, "Q", []int{0}, 1); err == nil {
		t.Error("unknown variable accepted")
	}
	if _, err := n.RecordState(g, "V", []int{5}, 1); err == nil {
		t.Error("cell out of range accepted")
	}
	sr, err := n.RecordState(g, "V", []int{0, 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	lfp := n.RecordLFP(g, 0.5)
	spk := n.RecordSpikes(g, 2)
	src.Fire(0)
	g.SetCurrent(1, 1000) // cell 1 fires repeatedly
	n.Run(50)
	if len(sr.TMs) != 50 || len(sr.Data[0]) != 50 || sr.TMs[0] != 1 {
		t.Fatalf("state recorder: %d samples from %v ms", len(sr.TMs), sr.TMs[:1])
	}
	if sr.Data[0][2] <= -60 || sr.Data[1][2] != -60 {
		t.Errorf("cell 0 should be depolarised by its input, cell 2 at rest: %v, %v", sr.Data[0][2], sr.Data[1][2])
	}
	if len(lfp.Samples) != 100 || lfp.Samples[2] <= 0 {
		t.Errorf("LFP: %d samples, third %v; want 100 and > 0 after the input", len(lfp.Samples), lfp.Samples[2])
	}
	tm, cells := spk.Spikes()
	if len(tm) != 2 || spk.Dropped() == 0 || cells[0] != 1 || tm[0] >= tm[1] {
		t.Errorf("bounded spike ring: %v %v, dropped %d", tm, cells, spk.Dropped())
	}
}

// TestObserver checks that the observer runs after every step and that its
// error stops Run without poisoning the network.
func TestObserver(t *testing.T) {
	n, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if _, err := n.AddGroup("E", 10, lif()); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	n.SetObserver(func() error {
		calls++
		if calls == 25 {
			return stop
		}
		return nil
	})
	if err := n.Run(10); !errors.Is(err, stop) {
		t.Fatalf("Run: %v, want the observer's error", err)
	}
	if calls != 25 || n.Steps() != 25 {
		t.Errorf("%d calls, %d steps; want 25 and 25", calls, n.Steps())
	}
	n.SetObserver(nil)
	if err := n.Run(1); err != nil || n.Steps() != 35 {
		t.Errorf("after the observer: %v, %d steps, want nil and 35", err, n.Steps())
	}
}

func TestSTDPDendriticDelay(t *testing.T) {
	// Delay 5 ms; the post cell fires 3 ms after the pre cell (somatic
	// times). All axonal, the synapse sees the pre spike 2 ms after the
	// post spike: depression. With 2 ms on the dendrite the synapse pairs
	// them 1 ms apart, pre first: potentiation of A+·e^(−1/τ+).
	sp := STDPParams{TauPlusMs: 10, TauMinusMs: 10, APlus: 0.1, AMinus: 0.1, WMax: 10}
	axonal := stdpDw(t, sp, 5, 100, 130, 1)
	sp.DendriticDelayMs = 2
	split := stdpDw(t, sp, 5, 100, 130, 1)
	if axonal >= 0 {
		t.Errorf("all axonal: Δw = %.4f, want depression", axonal)
	}
	want := 0.1 * math.Exp(-1.0/10)
	if math.Abs(split-want) > 0.015 {
		t.Errorf("2 ms dendritic: Δw = %.4f, want ≈ %.4f", split, want)
	}
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	p, _ := n.Connect(g, r, ConnSpec{Rule: OneToOne, Weight: 1, DelayMs: 5})
	sp.DendriticDelayMs = 3
	if err := p.SetSTDP(sp); err == nil || !strings.Contains(err.Error(), "dendritic_delay_ms") {
		t.Errorf("dendritic delay 3 ms of 5: error %v, want one naming dendritic_delay_ms", err)
	}
}

// TestWideTargets connects onto a group of more than 65 536 cells, whose
// targets take 4 bytes, and checks that a spike lands on the right cells
// and that pruning keeps the right synapses.
func TestWideTargets(t *testing.T) {
	n := newNet(t, 1)
	src, err := n.AddPoisson("src", 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	g, err := n.AddGroup("big", 70000, lif())
	if err != nil {
		t.Fatal(err)
	}
	r, _ := g.AddReceptor(AMPA())
	p, err := n.Connect(src, r, ConnSpec{Rule: Random, P: 0.001, Weight: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.col32 == nil || p.col16 != nil {
		t.Fatal("targets of a group of 70 000 cells are not 4-byte")
	}
	lo, hi := p.Row(1)
	var high []int
	for k := lo; k < hi; k++ {
		if p.Target(k) >= 1<<16 {
			high = append(high, p.Target(k))
		}
	}
	if len(high) == 0 {
		t.Fatal("no target beyond 65 535; the test needs one")
	}
	src.Fire(1)
	if err := n.Step(); err != nil {
		t.Fatal(err)
	}
	for _, j := range high {
		if c := g.Conductance(r, j); c != 2 {
			t.Errorf("cell %d: conductance %v after one spike, want 2", j, c)
		}
	}
	keep := high[0]
	p.Prune(func(k int) bool { return p.Target(k) == keep })
	if p.Len() != 1 || p.Target(0) != keep || p.Weight(0) != 2 {
		t.Errorf("after pruning: %d synapses, target %d, weight %v; want 1, %d, 2", p.Len(), p.Target(0), p.Weight(0), keep)
	}
}
