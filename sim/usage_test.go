package sim

import "testing"

func TestSetUsage(t *testing.T) {
	n, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	g, _ := n.AddGroup("post", 3, NeuronParams{CpF: 200, GLnS: 10, ELmV: -60, VthMV: -50, VresetMV: -60})
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 3, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: AllToAll, Weight: 1})
	if err := p.SetUsage(0, 1); err == nil {
		t.Error("SetUsage without a usage trace accepted")
	}
	if err := p.SetSTDP(STDPParams{TauPlusMs: 5, TauMinusMs: 5, WMax: 2, TrackUsage: true}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		k int
		u float64
	}{{-1, 1}, {9, 1}, {0, -1}} {
		if err := p.SetUsage(bad.k, bad.u); err == nil {
			t.Errorf("SetUsage(%d, %v) accepted", bad.k, bad.u)
		}
	}
	if err := p.SetUsage(4, 2.5); err != nil || p.Usage(4) != 2.5 {
		t.Fatalf("SetUsage(4, 2.5): %v, Usage = %v", err, p.Usage(4))
	}
	p.ScaleUsage(0.5)
	if p.Usage(4) != 1.25 {
		t.Errorf("Usage after halving = %v, want 1.25", p.Usage(4))
	}
}
