package validation

import (
	"math"
	"testing"
)

// TestV9Quick runs the quick V9 row (3 days, the lesion at the start of
// day 3, an intact control in parallel) and requires every check to pass:
// the day-1 route kept by the cortex, the day-before route lost, the route
// experienced on the lesion day not learned.
func TestV9Quick(t *testing.T) {
	if testing.Short() {
		t.Skip("the quick V9 row simulates two brains for 3 days")
	}
	testRows(t, "V9")
}

// TestScoreDiff: a difference of recall scores that lies on a threshold
// passes it, while one a score step away does not.
func TestScoreDiff(t *testing.T) {
	a, b := 0.7, 0.6 // variables: float64 arithmetic, not exact constants
	if a-b >= 0.1 {
		t.Fatal("0.7 − 0.6 is no longer below 0.1 in float64; the test needs another example")
	}
	if d := scoreDiff(a, b); !Within("x", d, "", 0.1, 1).Pass {
		t.Errorf("scoreDiff(0.7, 0.6) = %v fails ≥ 0.1", d)
	}
	if d := scoreDiff(0.6875, 0.6); Within("x", d, "", 0.1, 1).Pass {
		t.Errorf("scoreDiff(0.6875, 0.6) = %v passes ≥ 0.1", d)
	}
	if d := 100 * scoreDiff(0.54, 0.34); !Within("x", d, "points", 20, math.Inf(1)).Pass {
		t.Errorf("100·scoreDiff(0.54, 0.34) = %v fails ≥ 20 points", d)
	}
}
