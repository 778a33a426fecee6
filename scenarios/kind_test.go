package scenarios

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tiny gives every kind a scenario small enough for the tests.
var tiny = map[string]string{
	"day-night":      "workers = 1\n[task]\ndays = 1\nepisode_len = 3\nvocab = 3\n[brain]\nsleep_ms = 300\ncortex_trials = 1\n[ann]\nmodes = [\"none\"]\n",
	"ann":            "[task]\ndays = 2\nepisode_len = 3\nvocab = 6\n[ann]\nmodes = [\"finetune\", \"rag\"]\nsteps_per_day = 2\n",
	"coba":           "workers = 1\n[coba]\nduration_ms = 50\n",
	"hippocampus":    "workers = 1\n[hippocampus]\nsleep_ms = 6000\n",
	"cortex-pruning": "dt_ms = 0.5\n",
	"cortex-mg":      "dt_ms = 0.5\n",
	"kim": "[kim]\nmaps = [2]\nalphas = [0.0, 1.0]\nseeds = 1\nsteps = 16\nbatch = 4\nwarmup = 2\neval_every = 8\n" +
		"d_model = 8\nd_ff = 16\nside = 4\nobservations = 4\ncontext = 8\n",
}

// TestEveryKindRuns runs every kind of scenario at a tiny size: each must
// complete, write metrics.json and timing.json, print a headline, and name
// headline numbers that are all measured.
func TestEveryKindRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every kind (the cortex experiments take ~20 s each)")
	}
	t.Chdir(t.TempDir()) // a kind that keeps files beside its results (kim's runs) keeps them here
	for _, k := range Kinds {
		t.Run(k.Name(), func(t *testing.T) {
			body, ok := tiny[k.Name()]
			if !ok {
				t.Fatalf("no tiny scenario for kind %q: add one to tiny", k.Name())
			}
			s, err := Parse([]byte("name = \"tiny\"\nmodel = \""+k.Name()+"\"\n"+body), "tiny.toml")
			if err != nil {
				t.Fatal(err)
			}
			if sec, bytes := k.Estimate(s); !(sec > 0) || bytes <= 0 {
				t.Errorf("estimate %v s, %d bytes", sec, bytes)
			}
			r, err := Run(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Complete() {
				t.Error("incomplete without an interruption")
			}
			h := Headline(r)
			t.Log(h)
			if !strings.HasPrefix(h, "tiny: ") || strings.Contains(h, "NaN") || len(h) < 30 {
				t.Errorf("headline %q", h)
			}
			nums := r.Outcome.Numbers()
			if len(nums) == 0 {
				t.Error("no headline numbers")
			}
			for _, n := range nums {
				if n.Name == "" || math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
					t.Errorf("headline number %+v", n)
				}
			}
			dir := filepath.Join(t.TempDir(), "out")
			if _, err := WriteTo(dir, r); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"metrics.json", "timing.json", "engram.json"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
