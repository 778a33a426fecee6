package validation

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// knownFailures lists checks the model is known to miss, with the reason.
// They are still run and printed by `simulate validate` (which fails on
// them); the tests require everything else to pass.
var knownFailures = map[string]string{
	// The COBA network fires in short bursts (≈ 60 % of ISIs are
	// < 8 ms), so CV(ISI) is ≈ 1.5 at 1 s and ≈ 1.75 at 10 s, above the
	// 0.7–1.5 asked for. Brian2 2.5 gives the same on the same network
	// (1.53 and 1.78, seeds 1–5; bench/peers): the bursts are the
	// network's, not the engine's.
	"V3/CV(ISI)": "bursty irregular state, as in Brian2",
	// Item assemblies are disjoint, so storing more routes does not
	// interfere with completing one: the newest route after its first
	// night is completed equally well with 1 or 5 routes stored (−2.5 to
	// +1.1 points, seeds 1–5). Interference needs overlapping codes,
	// which a pattern-separating dentate gyrus mapping items onto
	// overlapping CA3 patterns would give; this DG is a relay.
	"V5/falls with load": "no load interference between disjoint assemblies",
}

// knownQuickFailures lists checks that only the quick form of a row (3
// days, seed 1) misses, with the reason; the full row measures them.
var knownQuickFailures = map[string]string{
	// Three days hold 2 untagged route-nights: seed 1 replays the
	// untagged route 3 times in them against 11 times in 4 salient
	// route-nights, 1.83×. The full row (6 untagged route-nights a seed)
	// gives 2.1–3.8× on seeds 1–5.
	"V7/salient / untagged": "ratio of counts from 2 untagged route-nights",
}

// known reports whether check c of row id is listed in failures.
func known(failures map[string]string, id string, c Check) bool {
	for k := range failures {
		kid, prefix, _ := strings.Cut(k, "/")
		if kid == id && strings.HasPrefix(c.Name, prefix) {
			return true
		}
	}
	return false
}

// TestEngineRows runs V1–V4 (V3 for 1 s only) and requires every check to
// pass, except the known failures, which are logged.
func TestEngineRows(t *testing.T) { testRows(t, "V1,V2,V3,V4") }

// TestHippocampusRows runs V5–V7 (the default brain over 3 days) and V13
// (which reads the energy of a stand-alone hippocampal night) in their
// quick form.
func TestHippocampusRows(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the default brain for 3 days, twice, and a hippocampal night")
	}
	testRows(t, "V5,V6,V7,V13")
}

// testRows runs the rows ids in their quick form, seed 1, and requires
// every check to pass but the known failures.
func testRows(t *testing.T, ids string) { testRowsAs(t, ids, true) }

// testRowsAs is testRows in the quick or the full form.
func testRowsAs(t *testing.T, ids string, quick bool) {
	rows, err := Select(ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		res := r.Exec(Options{Seed: 1, Quick: quick})
		for _, c := range res.Checks {
			t.Logf("%s %s", r.ID, c)
		}
		if res.Error != "" {
			t.Errorf("%s: %s", r.ID, res.Error)
		}
		if len(res.Checks) == 0 {
			t.Errorf("%s measured nothing", r.ID)
		}
		for _, c := range res.Checks {
			switch {
			case !c.Pass && (known(knownFailures, r.ID, c) || quick && known(knownQuickFailures, r.ID, c)):
				t.Logf("%s known failure: %s", r.ID, c)
			case !c.Pass:
				t.Errorf("%s fails: %s", r.ID, c)
			}
		}
	}
}

func TestSelect(t *testing.T) {
	if _, err := Select("V1,V99"); err == nil {
		t.Fatal("unknown row accepted")
	}
	rows, err := Select(" v2 ,V1")
	if err != nil || len(rows) != 2 || rows[0].ID != "V2" {
		t.Fatalf("Select = %v, %v", rows, err)
	}
}

// TestCheckJSON: a check with an open side or a value that is not a
// number still encodes, the open side and the value as null.
func TestCheckJSON(t *testing.T) {
	b, err := json.Marshal([]Check{
		Within("loss", 6.25, "points", math.Inf(-1), 5),
		Within("ratio", math.NaN(), "", 0, 1),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"name":"loss","value":6.25,"unit":"points","min":null,"max":5,"pass":false},` +
		`{"name":"ratio","value":null,"min":0,"max":1,"pass":false}]`
	if string(b) != want {
		t.Fatalf("JSON = %s\nwant   %s", b, want)
	}
}
