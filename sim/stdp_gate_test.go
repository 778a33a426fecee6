package sim

import (
	"math"
	"testing"
)

// gatePairing is one synapse onto a LIF cell with an AMPA receptor and a
// current receptor "dend" that stands for input on its dendrite; the
// cell's threshold is out of reach (+50 mV), so it fires only when forced. Each of
// reps trials (1000 steps) fires the dendritic input (weight dendPA, pA)
// 5 ms before the later of the two spikes when dendPA > 0, the presynaptic cell at step pre and forces
// a postsynaptic spike at step post; the weight change of the synapse
// (starting at w0) is returned.
func gatePairing(t *testing.T, sp STDPParams, mgMM, dendPA, w0 float64, pre, post, reps int) float64 {
	t.Helper()
	cfg := DefaultConfig()
	cfg.MgMM = mgMM
	n := netOf(t, cfg)
	cell := lif()
	cell.VthMV = 50
	g, _ := n.AddGroup("post", 1, cell)
	r, _ := g.AddReceptor(AMPA())
	d, _ := g.AddReceptor(ReceptorParams{Name: "dend", Kind: Current, DecayMs: 5})
	src, _ := n.AddPoisson("in", 1, 0)
	dsrc, _ := n.AddPoisson("dendritic input", 1, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: w0})
	if _, err := n.Connect(dsrc, d, ConnSpec{Rule: OneToOne, Weight: max(dendPA, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := p.SetSTDP(sp); err != nil {
		t.Fatal(err)
	}
	for range reps {
		for s := 0; s < 1000; s++ {
			if s == max(pre, post)-50 && dendPA > 0 {
				dsrc.Fire(0)
			}
			if s == pre {
				src.Fire(0)
			}
			if s == post {
				g.SetV(0, 60)
			}
			if err := n.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	return p.Weight(0) - w0
}

// symmetricGated is a rule in which both spike orders potentiate, gated by
// the Mg²⁺ block at V̄ plus the depolarisation by receptor "dend".
func symmetricGated() STDPParams {
	return STDPParams{TauPlusMs: 10, TauMinusMs: 10, APlus: 0.1, AMinus: -0.1, WMax: 10,
		MgGate: true, MgGain: 1, VbarTauMs: 10, DendriteReceptor: "dend", DendriteTauMs: 20}
}

// TestDendriteGate: at 1 mM a pairing potentiates several times more while
// the dendrite is depolarised by its input than at rest, in both spike
// orders; at 0 mM the block is gone and the input makes no difference.
func TestDendriteGate(t *testing.T) {
	sp := symmetricGated()
	const pa = 2000 // ≈ 30 mV of dendritic depolarisation at the pairing
	for _, order := range []struct {
		name      string
		pre, post int
	}{{"pre→post", 100, 150}, {"post→pre", 150, 100}} {
		rest := gatePairing(t, sp, 1, 0, 1, order.pre, order.post, 5)
		dep := gatePairing(t, sp, 1, pa, 1, order.pre, order.post, 5)
		if !(rest > 0 && dep > 3*rest) {
			t.Errorf("%s at 1 mM: Δw %.5f at rest, %.5f with dendritic input; want > 0 and ≥ 3× more", order.name, rest, dep)
		}
		free0, dep0 := gatePairing(t, sp, 0, 0, 1, order.pre, order.post, 5), gatePairing(t, sp, 0, pa, 1, order.pre, order.post, 5)
		if math.Abs(free0-dep0) > 1e-6*free0 || free0 < dep {
			t.Errorf("%s at 0 mM: Δw %.5f at rest, %.5f with input; want equal and ≥ the 1 mM value %.5f", order.name, free0, dep0, dep)
		}
		ungated := sp
		ungated.MgGate, ungated.DendriteReceptor = false, ""
		want := gatePairing(t, ungated, 1, 0, 1, order.pre, order.post, 5)
		if math.Abs(free0-want) > 1e-6*want {
			t.Errorf("%s at 0 mM: Δw %.6f, want the ungated rule's %.6f", order.name, free0, want)
		}
	}
}

// TestDendriteDepolarisation: one input spike of weight W into a current
// receptor (decay τs) charges D as the passive dendrite
// τd dD/dt = −D + I/gL, D(t) = W/gL · τs/(τd − τs) · (e^(−t/τd) − e^(−t/τs)).
func TestDendriteDepolarisation(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	d, _ := g.AddReceptor(ReceptorParams{Name: "dend", Kind: Current, DecayMs: 5})
	src, _ := n.AddPoisson("in", 1, 0)
	dsrc, _ := n.AddPoisson("dendritic input", 1, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 0.1})
	const w = 100.0 // pA
	n.Connect(dsrc, d, ConnSpec{Rule: OneToOne, Weight: w})
	sp := symmetricGated()
	if err := p.SetSTDP(sp); err != nil {
		t.Fatal(err)
	}
	dsrc.Fire(0)
	gl, ts, td := lif().GLnS, 5.0, sp.DendriteTauMs
	worst := 0.0
	for s := 1; s <= 1000; s++ {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
		tt := n.TimeMs()
		want := w / gl * ts / (td - ts) * (math.Exp(-tt/td) - math.Exp(-tt/ts))
		worst = max(worst, math.Abs(p.Dendrite(0)-want))
	}
	peak := w / gl * ts / (td - ts) * (math.Pow(ts/td, ts/(td-ts)) - math.Pow(ts/td, td/(td-ts)))
	if worst > 0.02*peak {
		t.Errorf("D deviates from the passive dendrite by up to %.4f mV (peak %.3f mV)", worst, peak)
	}
}

// TestSoftBoundAndBetaPost: with SoftBound a pairing potentiates a synapse
// near WMax by (WMax − w)/WMax of what it gives a weak one, and BetaPost
// depresses a synapse by η·BetaPost at each postsynaptic spike.
func TestSoftBoundAndBetaPost(t *testing.T) {
	sp := STDPParams{TauPlusMs: 10, TauMinusMs: 10, APlus: 0.1, AMinus: 0.1, WMax: 10, SoftBound: true}
	low := stdpDwFrom(t, sp, 0.5, 100, 150, 1)
	high := stdpDwFrom(t, sp, 9, 100, 150, 1)
	if math.Abs(high/low-(10-9.0)/(10-0.5)) > 0.01 {
		t.Errorf("soft bound: Δw %.5f at w = 9, %.5f at w = 0.5; ratio %.3f, want %.3f", high, low, high/low, 1/9.5)
	}
	bp := STDPParams{TauPlusMs: 10, TauMinusMs: 10, WMax: 10, BetaPost: 0.01}
	if dw := stdpDwFrom(t, bp, 1, 900, 150, 3); math.Abs(dw+3*0.01) > 1e-6 {
		t.Errorf("BetaPost: Δw %.6f after 3 lone postsynaptic spikes, want %.6f", dw, -3*0.01)
	}
}

// stdpDwFrom is stdpDw from initial weight w0.
func stdpDwFrom(t *testing.T, sp STDPParams, w0 float64, pre, post, reps int) float64 {
	t.Helper()
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	src, _ := n.AddPoisson("in", 1, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: w0})
	if err := p.SetSTDP(sp); err != nil {
		t.Fatal(err)
	}
	for range reps {
		for s := 0; s < 1000; s++ {
			if s == pre {
				src.Fire(0)
			}
			if s == post {
				g.SetV(0, 0)
			}
			if err := n.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	return p.Weight(0) - w0
}

// TestDendriteReceptorErrors: a dendrite receptor needs the gate, an
// existing receptor and a time constant of at least one step.
func TestDendriteReceptorErrors(t *testing.T) {
	n := newNet(t, 1)
	g, _ := n.AddGroup("post", 1, lif())
	r, _ := g.AddReceptor(AMPA())
	g.AddReceptor(ReceptorParams{Name: "dend", Kind: Current, DecayMs: 5})
	src, _ := n.AddPoisson("in", 1, 0)
	p, _ := n.Connect(src, r, ConnSpec{Rule: OneToOne, Weight: 1})
	for _, edit := range []func(*STDPParams){
		func(s *STDPParams) { s.MgGate = false },
		func(s *STDPParams) { s.DendriteReceptor = "apical" },
		func(s *STDPParams) { s.DendriteTauMs = 0 },
		func(s *STDPParams) { s.BetaPost = -1 },
	} {
		sp := symmetricGated()
		edit(&sp)
		if err := p.SetSTDP(sp); err == nil {
			t.Errorf("%+v accepted", sp)
		}
	}
}
