package validation

import (
	"strings"
	"testing"
)

// TestV14Quick runs the row's machinery on its tiny task (Options.Quick).
func TestV14Quick(t *testing.T) {
	rows, err := Select("V14")
	if err != nil {
		t.Fatal(err)
	}
	res := rows[0].Exec(Options{Seed: 1, Quick: true})
	for _, c := range res.Checks {
		t.Log(c)
	}
	if !res.Pass {
		t.Fatalf("V14 quick failed (%s) in %.1f s", res.Error, res.Seconds)
	}
	dir := 0
	for _, c := range res.Checks {
		if strings.HasPrefix(c.Name, "direction, N = 3, against α = 0") {
			dir++
		}
	}
	if dir != 1 {
		t.Errorf("%d direction statements, want 1", dir)
	}
	t.Logf("V14 quick: %.1f s", res.Seconds)
}
