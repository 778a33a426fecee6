package sim

import (
	"math"
	"testing"
)

// TestPresynapticInhibition: a synchronous burst of the modulator lowers
// the release factor of the projection after a delay (G-protein stage),
// the factor recovers with the occupancy's time constant, transmission is
// scaled by it, and RecoverDepression returns it to rest.
func TestPresynapticInhibition(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 1, 0)
	mod, _ := n.AddPoisson("mod", 10, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 1})
	q := PresynapticParams{Alpha: 0.1, TauRMs: 200, TauSMs: 20, Hill: 4, K: 0.3, MaxInhibition: 0.9}
	if err := p.SetPresynapticInhibition(mod, q); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []PresynapticParams{{}, {Alpha: 0.1, TauRMs: 200, TauSMs: 20, Hill: 4, K: 1.5, MaxInhibition: 0.9},
		{Alpha: 0.1, TauRMs: 200, TauSMs: 20, Hill: 0, K: 0.3, MaxInhibition: 0.9}} {
		if err := p.SetPresynapticInhibition(mod, bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	if err := p.SetPresynapticInhibition(mod, q); err != nil {
		t.Fatal(err)
	}
	// One sparse spike of one modulator cell: occupancy 0.01, far below K.
	mod.Fire(0)
	n.Run(50)
	if f := p.ReleaseFactor(); f < 0.99 {
		t.Errorf("after one sparse modulator spike f = %.4f, want ≈ 1 (cooperativity)", f)
	}
	// A burst: 10 spikes of every modulator cell in 10 ms, r ≈ 0.65.
	for range 10 {
		for i := range 10 {
			mod.Fire(i)
		}
		n.Run(1)
	}
	early := p.ReleaseFactor()
	n.Run(80)
	late := p.ReleaseFactor()
	if !(late < early && late < 0.25) {
		t.Errorf("f right after the burst %.3f, 80 ms later %.3f; want a delayed drop below 0.25", early, late)
	}
	// Transmission is scaled by f.
	src.Fire(0)
	n.Step()
	n.Step()
	if got := g.Conductance(r, 0); math.Abs(got-late)/late > 0.1 {
		t.Errorf("conductance after a spike %.4f nS, want ≈ w·f = %.4f", got, late)
	}
	n.Run(1500) // ≫ τr: recovered
	if f := p.ReleaseFactor(); f < 0.99 {
		t.Errorf("f 1.5 s after the burst = %.4f, want ≈ 1", f)
	}
	for range 10 {
		for i := range 10 {
			mod.Fire(i)
		}
		n.Run(1)
	}
	n.Run(80)
	p.RecoverDepression()
	if f := p.ReleaseFactor(); f != 1 {
		t.Errorf("f after RecoverDepression = %v, want 1", f)
	}
}
