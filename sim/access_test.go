package sim

import (
	"math"
	"testing"
)

// BackgroundEvents must give the counts the network draws: a group with
// nothing but a background, after one step, holds count·w·exp(−dt/τ) in
// its receptor (the draw adds count·w, the step decays it once).
func TestBackgroundEventsMatchDraw(t *testing.T) {
	n, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	g, err := n.AddGroup("g", 500, NeuronParams{CpF: 200, GLnS: 10, ELmV: -70, VthMV: -50, VresetMV: -70, TrefMs: 2})
	if err != nil {
		t.Fatal(err)
	}
	r, err := g.AddReceptor(AMPA())
	if err != nil {
		t.Fatal(err)
	}
	if err := g.AddPoissonInput(r, 100, 200, 0.5); err != nil {
		t.Fatal(err)
	}
	for step := int64(0); step < 3; step++ {
		before := make([]float64, g.Size())
		for i := range before {
			before[i], _ = g.ReceptorState(r, i)
		}
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
		d := math.Exp(-n.Dt() / 5)
		nonzero := 0
		for i := range before {
			k := g.BackgroundEvents(0, step, i)
			nonzero += min(k, 1)
			got, _ := g.ReceptorState(r, i)
			if want := (before[i] + float64(k)*0.5) * d; math.Abs(got-want) > 1e-12 {
				t.Fatalf("step %d cell %d: receptor %v, want %v from %d events", step, i, got, want, k)
			}
		}
		if nonzero == 0 {
			t.Fatalf("step %d: no cell had a background event (λ = 2 per step)", step)
		}
	}
}

// The accessors describe a projection as it was built: its source, its
// receptor, its depression and what is in flight.
func TestProjectionAccessors(t *testing.T) {
	n, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	src, _ := n.AddPoisson("src", 3, 0)
	g, _ := n.AddGroup("g", 2, NeuronParams{CpF: 200, GLnS: 10, ELmV: -70, VthMV: -50, VresetMV: -70, TrefMs: 2})
	r, _ := g.AddReceptor(ReceptorParams{Name: "slow", Kind: Conductance, RiseMs: 1, DecayMs: 10})
	p, err := n.Connect(src, r, ConnSpec{Rule: AllToAll, Weight: 1, DelayMs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetDepression(0.5, 100); err != nil {
		t.Fatal(err)
	}
	if p.Pre() != Source(src) || p.Receptor().Group() != g || p.Receptor().Params().Name != "slow" {
		t.Fatalf("Pre %v, receptor %v of %v", p.Pre(), p.Receptor().Params().Name, p.Receptor().Group().Name())
	}
	if f := p.Receptor().PeakFactor(); !(f > 1) {
		t.Fatalf("peak factor of a difference of exponentials = %v, want > 1", f)
	}
	src.Fire(1)
	for range 3 {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
	}
	// Cell 1 fired in step 0; its two synapses arrive at step 10.
	if got := p.InFlight(); got != 2 {
		t.Fatalf("in flight after 3 steps = %d, want 2", got)
	}
	if x, _ := p.DepressionState(1); x != 1 {
		t.Fatalf("x before arrival = %v, want 1", x)
	}
	n.Run(1)
	if got := p.InFlight(); got != 0 {
		t.Fatalf("in flight after arrival = %d, want 0", got)
	}
	if x, step := p.DepressionState(1); x != 0.5 || step != 10 {
		t.Fatalf("x, step after arrival = %v, %d; want 0.5, 10", x, step)
	}
}

// PresynapticInhibition and PresynapticState describe the inhibition as
// set and as the steps left it: after one step in which half the
// modulator fired, r = α/2 and s = r·(1 − exp(−dt/τs)), and the release
// factor is 1 − fmax·sⁿ/(sⁿ + Kⁿ) of that s.
func TestPresynapticAccessors(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 1, 0)
	mod, _ := n.AddPoisson("mod", 4, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 1})
	if m, _, ok := p.PresynapticInhibition(); ok || m != nil {
		t.Fatalf("a plain projection reports presynaptic inhibition by %v", m)
	}
	if r, s := p.PresynapticState(); r != 0 || s != 0 {
		t.Fatalf("a plain projection: r, s = %v, %v; want 0, 0", r, s)
	}
	q := PresynapticParams{Alpha: 0.3, TauRMs: 200, TauSMs: 20, Hill: 4, K: 0.3, MaxInhibition: 0.9}
	if err := p.SetPresynapticInhibition(mod, q); err != nil {
		t.Fatal(err)
	}
	m, got, ok := p.PresynapticInhibition()
	if !ok || m != Source(mod) || got != q {
		t.Fatalf("PresynapticInhibition() = %v, %+v, %v; want mod, %+v, true", m, got, ok, q)
	}
	mod.Fire(0)
	mod.Fire(3)
	if err := n.Step(); err != nil {
		t.Fatal(err)
	}
	rr, s := p.PresynapticState()
	wantR := q.Alpha * 0.5
	wantS := wantR * (1 - math.Exp(-n.Dt()/q.TauSMs))
	if math.Abs(rr-wantR) > 1e-15 || math.Abs(s-wantS) > 1e-15 {
		t.Fatalf("after one step: r, s = %v, %v; want %v, %v", rr, s, wantR, wantS)
	}
	sn := math.Pow(s, q.Hill)
	if f, want := p.ReleaseFactor(), 1-q.MaxInhibition*sn/(sn+math.Pow(q.K, q.Hill)); math.Abs(f-want) > 1e-15 {
		t.Fatalf("ReleaseFactor = %v, want %v from s", f, want)
	}
}
