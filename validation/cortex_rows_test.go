package validation

import "testing"

// TestCortexRows runs the quick V8, V10 and V11 (the rows that measure the
// default brain's cortex, each on 3 days of the default task) side by side
// and requires every check to pass, except the known failures.
func TestCortexRows(t *testing.T) {
	if testing.Short() {
		t.Skip("the quick cortex rows simulate 2, 3 and 3 default brains for 3 days")
	}
	for _, id := range []string{"V8", "V10", "V11"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			testRows(t, id)
		})
	}
}
