package sim

import "testing"

// TestPause checks SetPaused: a paused group holds its state, emits no
// spikes and receives nothing (no synaptic events counted into it), a
// paused source fires nothing, the rest of the network goes on exactly as
// it would have, and a resumed group is stepped again.
func TestPause(t *testing.T) {
	build := func() (*Network, *Poisson, *Group, *Group) {
		n := newNet(t, 2)
		src, _ := n.AddPoisson("in", 20, 200)
		a, _ := n.AddGroup("a", 20, lif())
		b, _ := n.AddGroup("b", 20, lif())
		ra, _ := a.AddReceptor(ReceptorParams{Name: "e", RiseMs: 0.5, DecayMs: 5, ErevMV: 0})
		rb, _ := b.AddReceptor(ReceptorParams{Name: "e", RiseMs: 0.5, DecayMs: 5, ErevMV: 0})
		if _, err := n.Connect(src, ra, ConnSpec{Rule: OneToOne, Weight: 30, DelayMs: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := n.Connect(a, rb, ConnSpec{Rule: AllToAll, Weight: 3, DelayMs: 1}); err != nil {
			t.Fatal(err)
		}
		if err := b.AddPoissonInput(rb, 10, 500, 2); err != nil {
			t.Fatal(err)
		}
		return n, src, a, b
	}
	ref, _, refA, _ := build()
	n, src, a, b := build()
	run := func(n *Network, steps int, each func()) {
		for range steps {
			if err := n.Step(); err != nil {
				t.Fatal(err)
			}
			if each != nil {
				each()
			}
		}
	}
	run(ref, 2000, nil)
	run(n, 1000, nil)
	if b.SpikeCount() == 0 || a.SpikeCount() == 0 {
		t.Fatalf("before the pause a fired %d, b %d spikes; want both > 0", a.SpikeCount(), b.SpikeCount())
	}
	b.SetPaused(true)
	v0 := make([]float64, b.Size())
	for i := range v0 {
		v0[i] = b.V(i)
	}
	bSpikes, e0 := b.SpikeCount(), n.Energy().Events
	aBefore := a.SpikeCount()
	run(n, 1000, func() {
		if len(b.Spikes()) != 0 {
			t.Fatal("a paused group spiked")
		}
	})
	for i := range v0 {
		if b.V(i) != v0[i] {
			t.Fatalf("paused cell %d moved from %v to %v mV", i, v0[i], b.V(i))
		}
	}
	// a does not depend on b: pausing b leaves it as in the reference run.
	if a.SpikeCount() != refA.SpikeCount() {
		t.Errorf("a fired %d spikes with b paused, %d in the reference run", a.SpikeCount(), refA.SpikeCount())
	}
	// Events delivered while b was paused: only src → a.
	aSpikes := a.SpikeCount() - aBefore
	if b.SpikeCount() != bSpikes {
		t.Errorf("paused group's spike count went from %d to %d", bSpikes, b.SpikeCount())
	}
	if ev := n.Energy().Events - e0; ev > 1000*20 || aSpikes == 0 {
		t.Errorf("while b was paused: %d events, a fired %d; want only src → a events (≤ one per src spike)", ev, aSpikes)
	}
	src.SetPaused(true)
	aBefore = a.SpikeCount()
	run(n, 100, func() {
		if len(src.Spikes()) != 0 {
			t.Fatal("a paused source fired")
		}
	})
	src.SetPaused(false)
	b.SetPaused(false)
	bSpikes = b.SpikeCount()
	run(n, 900, nil)
	if b.SpikeCount() == bSpikes {
		t.Error("the resumed group did not fire again")
	}
}
