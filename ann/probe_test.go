package ann

import (
	"math"
	"testing"

	"engram/task"
)

// The probe's layout names every parameter exactly once, in order, and its
// Loss and Grad are the loss of its walks at Theta and that loss's
// gradient, entry by entry in the layout (what a peer implementation is
// checked against).
func TestWalkProbe(t *testing.T) {
	gp := task.GridParams{Side: 5, Observations: 4, Maps: 2, Context: 16}
	g, err := task.GenerateGrid(gp, 3)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultWalkParams()
	p.Layers, p.Heads, p.DModel, p.DFF, p.Batch = 2, 2, 8, 16, 4
	p.Steps, p.WarmupSteps, p.EvalEvery, p.FinalWalks, p.Seed = 1, 0, 0, 1, 3
	pr, err := NewWalkProbe(g, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Theta) != WalkParamCount(p, gp) || len(pr.Grad) != len(pr.Theta) {
		t.Fatalf("probe has %d parameters and %d gradient entries, want %d", len(pr.Theta), len(pr.Grad), WalkParamCount(p, gp))
	}
	at, names := 0, map[string]bool{}
	for _, ten := range pr.Layout {
		if ten.Offset != at {
			t.Fatalf("%s starts at %d, want %d (after the previous array)", ten.Name, ten.Offset, at)
		}
		if names[ten.Name] {
			t.Fatalf("%s named twice", ten.Name)
		}
		names[ten.Name] = true
		n := 1
		for _, s := range ten.Shape {
			n *= s
		}
		at += n
	}
	if at != len(pr.Theta) {
		t.Fatalf("layout covers %d parameters, want %d", at, len(pr.Theta))
	}
	if len(pr.Walks) != p.Batch || math.IsNaN(pr.Loss) || pr.Loss <= 0 {
		t.Fatalf("%d walks, loss %v; want %d walks and a positive loss", len(pr.Walks), pr.Loss, p.Batch)
	}

	// Grad is the gradient of Loss in the layout's order: a central
	// difference on the first and last entry of every array.
	m := newModel(walkArch(p, gp))
	seqs := make([]sequence, len(pr.Walks))
	for i, w := range pr.Walks {
		seqs[i] = sequence{tokens: w.Tokens, targets: w.Targets, places: w.Places}
	}
	lossAt := func(i int, h float64) float64 {
		copy(m.theta, pr.Theta)
		m.theta[i] += h
		var meter Meter
		l, _ := m.gradient(seqs, &meter)
		return l
	}
	if l := lossAt(0, 0); l != pr.Loss {
		t.Fatalf("loss recomputed from the probe's parameters and walks %v, probe says %v", l, pr.Loss)
	}
	const h = 1e-5
	for _, ten := range pr.Layout {
		n := 1
		for _, s := range ten.Shape {
			n *= s
		}
		for _, i := range []int{ten.Offset, ten.Offset + n - 1} {
			fd := (lossAt(i, h) - lossAt(i, -h)) / (2 * h)
			if math.Abs(fd-pr.Grad[i]) > 1e-7*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s, entry %d: gradient %v, central difference %v", ten.Name, i-ten.Offset, pr.Grad[i], fd)
			}
		}
	}
}
