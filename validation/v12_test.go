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
