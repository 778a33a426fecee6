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
