package validation

import "testing"

func TestV12Quick(t *testing.T) {
	rows, err := Select("V12")
	if err != nil {
		t.Fatal(err)
	}
	res := rows[0].Exec(Options{Seed: 1, Quick: true})
	for _, c := range res.Checks {
		t.Log(c)
	}
	if !res.Pass {
		t.Fatalf("V12 failed (%s) in %.1f s", res.Error, res.Seconds)
	}
	t.Logf("V12 quick: %.1f s", res.Seconds)
}

// TestV12Full runs the full row (more seeds), as `simulate validate` does.
func TestV12Full(t *testing.T) {
	if testing.Short() {
		t.Skip("the full V12 row takes about 15 s")
	}
	rows, err := Select("V12")
	if err != nil {
		t.Fatal(err)
	}
	res := rows[0].Exec(Options{Seed: 1})
	for _, c := range res.Checks {
		t.Log(c)
	}
	if !res.Pass {
		t.Fatalf("V12 failed (%s) in %.1f s", res.Error, res.Seconds)
	}
	t.Logf("V12 full: %.1f s", res.Seconds)
}
