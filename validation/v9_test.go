package validation

import "testing"

// TestV9Quick runs the quick V9 row (4 days, lesion at the start of day 3,
// with an intact control in parallel) and requires every check to pass:
// the old episodes kept, the day-before one lost, the gradient, and the
// episode experienced after the lesion not learned.
func TestV9Quick(t *testing.T) {
	if testing.Short() {
		t.Skip("the quick V9 row simulates two brains for 4 days (~40 s)")
	}
	rows, err := Select("V9")
	if err != nil {
		t.Fatal(err)
	}
	res := rows[0].Exec(Options{Seed: 1, Quick: true})
	for _, c := range res.Checks {
		t.Log(c)
	}
	t.Logf("V9 quick: pass %v in %.1f s", res.Pass, res.Seconds)
	if res.Error != "" {
		t.Fatalf("V9: %s", res.Error)
	}
	if len(res.Checks) < 4 {
		t.Fatalf("V9 gave %d checks, want ≥ 4", len(res.Checks))
	}
	for _, c := range res.Checks[4:] {
		if !(c.Value >= 0 && c.Value <= 1) {
			t.Errorf("%s = %v, want a score in [0, 1]", c.Name, c.Value)
		}
	}
	for _, c := range res.Checks[:4] {
		if !c.Pass {
			t.Errorf("V9 fails: %s", c)
		}
	}
}
