package validation

import "testing"

// TestCortexRows runs the quick V8, V10 and V11 (the cortex rows) and
// requires every check to pass.
func TestCortexRows(t *testing.T) {
	if testing.Short() {
		t.Skip("cortex rows take ~15 s each")
	}
	rows, err := Select("V8,V10,V11")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			res := r.Exec(Options{Seed: 1, Quick: true})
			for _, c := range res.Checks {
				t.Logf("%s %s", r.ID, c)
			}
			t.Logf("%s took %.1f s", r.ID, res.Seconds)
			if res.Error != "" {
				t.Fatalf("%s: %s", r.ID, res.Error)
			}
			if !res.Pass {
				t.Errorf("%s fails", r.ID)
			}
		})
	}
}
