package ann

import (
	"slices"
	"testing"

	"engram/task"
)

// TestRecallAtAlpha: at the run's own α the repeated test gives the run's
// last scores; at another α it runs and leaves the run unchanged.
func TestRecallAtAlpha(t *testing.T) {
	tp := task.DefaultParams()
	tp.Days = 2
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	p.StepsPerDay = 20
	res, err := Run(tk, p, ModeReplay)
	if err != nil {
		t.Fatal(err)
	}
	last := slices.Clone(res.Recall[len(res.Recall)-1])
	same, err := res.RecallAtAlpha(p.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(same, last) {
		t.Errorf("at the run's α = %v: %v, want the last test's %v", p.Alpha, same, last)
	}
	if _, err := res.RecallAtAlpha(10); err != nil {
		t.Fatal(err)
	}
	if again, _ := res.RecallAtAlpha(p.Alpha); !slices.Equal(again, last) {
		t.Errorf("the run changed: %v after another α, want %v", again, last)
	}
	var empty Result
	if _, err := empty.RecallAtAlpha(1); err == nil {
		t.Error("a run without a test: no error")
	}
}
