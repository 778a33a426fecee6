package validation

import "testing"

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
