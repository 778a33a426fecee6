package ann

import (
	"math"
	"slices"
	"testing"
)

// TestSetAlpha changes α after the first day: the first day's losses are
// those of an unchanged run, the second day's are not, and a bad α is
// refused.
func TestSetAlpha(t *testing.T) {
	tk := defaultTask(t)
	p := DefaultParams()
	p.StepsPerDay = 4
	run := func(alpha float64) *Result {
		r, err := NewRunner(tk, p, ModeFinetune)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
		if alpha != p.Alpha {
			if err := r.SetAlpha(alpha); err != nil {
				t.Fatal(err)
			}
		}
		if r.Alpha() != alpha {
			t.Errorf("Alpha() = %v, want %v", r.Alpha(), alpha)
		}
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
		if err := r.SetAlpha(math.NaN()); err == nil {
			t.Error("SetAlpha(NaN): no error")
		}
		return r.Result()
	}
	same, changed := run(p.Alpha), run(10)
	day := func(r *Result, d int) []float64 {
		var l []float64
		for _, x := range r.Loss {
			if x.Day == d {
				l = append(l, x.Loss)
			}
		}
		return l
	}
	if !slices.Equal(day(same, 0), day(changed, 0)) || len(day(same, 0)) != p.StepsPerDay {
		t.Errorf("day 0 losses differ before α changed: %v vs %v", day(same, 0), day(changed, 0))
	}
	if slices.Equal(day(same, 1), day(changed, 1)) {
		t.Errorf("day 1 losses equal after α changed to 10: %v", day(same, 1))
	}
}
