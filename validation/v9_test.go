package validation

import "testing"

// TestV9Quick runs the quick V9 row (4 days, lesion at the start of day 3,
// with an intact control in parallel). The model is required to produce
// every measurement, in range [0, 1], and the episode experienced after
// the lesion must not be learned; whether the old episodes are kept is
// logged, not required, because it rests on cortical consolidation from
// hippocampal replay, which the default brain does not yet reach (see the
// brain package's measurements).
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
	if c := res.Checks[3]; !c.Pass {
		t.Errorf("new episode learned after the lesion: %s", c)
	}
}
