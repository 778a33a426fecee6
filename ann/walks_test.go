package ann

import (
	"context"
	"reflect"
	"testing"

	"engram/task"
)

func TestWalkSequence(t *testing.T) {
	w := task.Walk{Places: []int{4, 5, 5, 9}, Obs: []int{1, 0, 0, 3}}
	s := walkSequence(w, 7, 2)
	want := sequence{
		tokens:  []int{7, 1, 7, 0, 7, 0, 7},
		targets: []int{-1, -1, -1, -1, 0, -1, 3},
		places:  []int{4, 4, 5, 5, 5, 5, 9},
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got %+v, want %+v", s, want)
	}
}

func TestWalkParamsValidate(t *testing.T) {
	if err := DefaultWalkParams().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []func(*WalkParams){
		func(p *WalkParams) { p.Heads = 3 },
		func(p *WalkParams) { p.WarmupSteps = p.Steps },
		func(p *WalkParams) { p.Act.Kind = "tanh" },
		func(p *WalkParams) { p.LR = 0 },
		func(p *WalkParams) { p.EvalWalks = 0 },
	}
	for i, f := range bad {
		p := DefaultWalkParams()
		f(&p)
		if p.Validate() == nil {
			t.Errorf("case %d accepted", i)
		}
	}
	p := DefaultWalkParams()
	if s := p.stepSize(0); s != p.LR/float64(p.WarmupSteps) {
		t.Errorf("first step size %v", s)
	}
	if s := p.stepSize(p.WarmupSteps); s != p.LR {
		t.Errorf("step size after warm-up %v", s)
	}
	if s := p.stepSize(p.Steps - 1); s != p.LR/float64(p.Steps-p.WarmupSteps) {
		t.Errorf("last step size %v", s)
	}
}

// TestTrainWalksLearns trains a small model on a 5×5 grid of 4
// observation types: it must learn to copy from its context (working
// memory error well below chance), and two runs of the same parameters
// give the same result.
func TestTrainWalksLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("about 10 s")
	}
	gp := task.GridParams{Side: 5, Observations: 4, Maps: 2, Context: 16}
	g, err := task.GenerateGrid(gp, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultWalkParams()
	p.DModel, p.DFF = 16, 64
	p.Steps, p.WarmupSteps, p.Batch, p.EvalEvery, p.EvalWalks, p.FinalWalks = 400, 40, 8, 100, 64, 256
	p.LR = 3e-3
	steps := 0
	r, err := TrainWalks(context.Background(), g, p, func(s int) { steps = s })
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete || steps != p.Steps || len(r.Curve) != 4 || r.Tokens != int64(p.Steps*p.Batch*(2*gp.Context+1)) {
		t.Fatalf("complete %v, %d steps reported, %d curve points, %d tokens", r.Complete, steps, len(r.Curve), r.Tokens)
	}
	wm, rm := r.Final.WorkingError(), r.Final.ReferenceError()
	t.Logf("working-memory error %.3f, reference-memory error %.3f (chance %.2f)", wm, rm, gp.ChanceError())
	if wm > 0.3 {
		t.Errorf("working-memory error %.3f after %d steps, want ≤ 0.3 (chance %.2f)", wm, p.Steps, gp.ChanceError())
	}
	again, _ := TrainWalks(context.Background(), g, p, nil)
	if !reflect.DeepEqual(r, again) {
		t.Error("two runs of the same parameters differ")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c, err := TrainWalks(ctx, g, p, nil); err != nil || c.Complete {
		t.Errorf("cancelled run: complete %v, %v", c.Complete, err)
	}
}
