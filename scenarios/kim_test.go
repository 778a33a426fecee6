package scenarios

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// kimQuick is a replication small enough for the test suite: a 4×4 grid,
// 4 observation types, a model of width 8, 16 steps a run; two loads, two
// α raw and matched, the controls, two seeds (24 runs).
const kimQuick = `name = "kim-quick"
description = "The replication's machinery on a tiny model."
seed = 3
model = "kim"

[kim]
maps = [2, 3]
alphas = [0.0, 1.0]
matched = true
controls = true
seeds = 2
steps = 16
batch = 4
warmup = 2
eval_every = 8
d_model = 8
d_ff = 16
side = 4
observations = 4
context = 8
`

// kimOf returns a replication's outcome.
func kimOf(r *Result) *kimOutcome { return r.Outcome.(*kimOutcome) }

func kimScenario(t *testing.T, runs string, jobs int) Scenario {
	t.Helper()
	s, err := Parse([]byte(kimQuick), "kim-quick.toml")
	if err != nil {
		t.Fatal(err)
	}
	s.Kim.RunsDir, s.Kim.Jobs = runs, jobs
	return s
}

// TestKimQuick runs the quick replication: every output is written, the
// results do not depend on the number of jobs, and a second invocation
// resumes every run from the runs folder and writes the same metrics.
func TestKimQuick(t *testing.T) {
	tmp := t.TempDir()
	ctx := context.Background()
	steps, total := 0, 0
	s := kimScenario(t, filepath.Join(tmp, "runs1"), 2)
	res, err := RunProgress(ctx, s, func(d, n int) { steps, total = d, n })
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete() || kimOf(res).Trained != 24 || steps != total || total != 24*16 {
		t.Fatalf("complete %v, %d trained, progress %d of %d", res.Complete(), kimOf(res).Trained, steps, total)
	}
	out1 := filepath.Join(tmp, "out1")
	if _, err := WriteTo(out1, res); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"metrics.json", "timing.json", "replication.csv", "curves.csv", "summary.md",
		"kim_alpha.png", "kim_alpha.svg", "kim_curves_N2.png", "kim_curves_N3.svg"} {
		if st, err := os.Stat(filepath.Join(out1, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if runs, _ := filepath.Glob(filepath.Join(out1, "runs", "*.json")); len(runs) != 24 {
		t.Errorf("%d run files", len(runs))
	}
	sum, _ := os.ReadFile(filepath.Join(out1, "summary.md"))
	for _, want := range []string{"| 2 | raw α=1 | 2 |", "| 3 | GELU |", "N = 3, against α = 0"} {
		if !bytes.Contains(sum, []byte(want)) {
			t.Errorf("summary.md lacks %q:\n%s", want, sum)
		}
	}
	m1, _ := os.ReadFile(filepath.Join(out1, "metrics.json"))

	// one job: the same metrics
	one, err := Run(ctx, kimScenario(t, filepath.Join(tmp, "runs2"), 1))
	if err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(tmp, "out2")
	if _, err := WriteTo(out2, one); err != nil {
		t.Fatal(err)
	}
	if m2, _ := os.ReadFile(filepath.Join(out2, "metrics.json")); !bytes.Equal(m1, m2) {
		t.Error("metrics.json depends on the number of jobs")
	}

	// resumed: nothing trained, the same metrics
	again, err := Run(ctx, kimScenario(t, filepath.Join(tmp, "runs1"), 2))
	if err != nil {
		t.Fatal(err)
	}
	if kimOf(again).Trained != 0 || !again.Complete() {
		t.Fatalf("resumed: %d runs trained again", kimOf(again).Trained)
	}
	out3 := filepath.Join(tmp, "out3")
	if _, err := WriteTo(out3, again); err != nil {
		t.Fatal(err)
	}
	if m3, _ := os.ReadFile(filepath.Join(out3, "metrics.json")); !bytes.Equal(m1, m3) {
		t.Error("metrics.json differs after resuming")
	}

	// a changed recipe does not reuse the runs
	s2 := kimScenario(t, filepath.Join(tmp, "runs1"), 2)
	s2.Kim.Steps = 17
	s2.Kim.Maps = []int{2}
	s2.Kim.Seeds = 1
	changed, err := Run(ctx, s2)
	if err != nil {
		t.Fatal(err)
	}
	if kimOf(changed).Trained != 6 {
		t.Errorf("changed steps: %d of 6 runs trained, want all", kimOf(changed).Trained)
	}
}

// TestKimInterrupted cancels a replication before it starts: no run, an
// incomplete result that still writes its metrics and summary.
func TestKimInterrupted(t *testing.T) {
	tmp := t.TempDir()
	out := writeInterrupted(t, kimScenario(t, filepath.Join(tmp, "runs"), 2), filepath.Join(tmp, "out"), 0)
	sum, _ := os.ReadFile(filepath.Join(out, "summary.md"))
	if !strings.Contains(string(sum), "Incomplete:** 0 of 24 runs") {
		t.Errorf("summary.md:\n%s", sum)
	}
}

// TestKimInterruptedBetweenLoads interrupts a replication whose first load
// is finished (resumed from the runs folder) and whose second has no run:
// the incomplete result is written, with the learning curves of the load
// that has them.
func TestKimInterruptedBetweenLoads(t *testing.T) {
	tmp := t.TempDir()
	runs := filepath.Join(tmp, "runs")
	first := kimScenario(t, runs, 2)
	first.Kim.Maps = []int{2}
	if _, err := Run(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	out := writeInterrupted(t, kimScenario(t, runs, 2), filepath.Join(tmp, "out"), 12)
	for f, want := range map[string]bool{"kim_alpha.png": true, "kim_curves_N2.png": true, "kim_curves_N3.png": false} {
		if _, err := os.Stat(filepath.Join(out, f)); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", f, err == nil, want)
		}
	}
}

// writeInterrupted runs s with a context cancelled before it starts,
// requires an incomplete result holding the runs runs already finished in
// its runs folder, writes it at dir and returns the folder it went to
// (dir.incomplete).
func writeInterrupted(t *testing.T, s Scenario, dir string, runs int) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Run(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Complete() || len(kimOf(res).Runs) != runs {
		t.Fatalf("complete %v with %d runs, want %d", res.Complete(), len(kimOf(res).Runs), runs)
	}
	out, err := WriteTo(dir, res)
	if err != nil || !strings.HasSuffix(out, ".incomplete") {
		t.Fatalf("written to %s: %v", out, err)
	}
	return out
}

func TestKimBadInput(t *testing.T) {
	for _, c := range []struct{ edit, want string }{
		{"maps = [2, 3]", "kim.maps = []"},
		{"warmup = 2", "kim.warmup = 20: want fewer than kim.steps (16)"},
		{"d_model = 8", "kim.heads = 2: want a divisor of kim.d_model (9)"},
		{"steps = 16", "kim.steps = 0 steps"},
		{"alphas = [0.0, 1.0]", "kim.alphas = [-1]"},
	} {
		src := kimQuick
		switch c.edit {
		case "maps = [2, 3]":
			src = strings.Replace(src, c.edit, "maps = []", 1)
		case "warmup = 2":
			src = strings.Replace(src, c.edit, "warmup = 20", 1)
		case "d_model = 8":
			src = strings.Replace(src, c.edit, "d_model = 9", 1)
		case "steps = 16":
			src = strings.Replace(src, c.edit, "steps = 0", 1)
		case "alphas = [0.0, 1.0]":
			src = strings.Replace(src, c.edit, "alphas = [-1.0]", 1)
		}
		_, err := Parse([]byte(src), "k.toml")
		if err == nil || !strings.Contains(err.Error(), strings.TrimSuffix(c.want, " steps")) {
			t.Errorf("%s: got %v, want %q", c.edit, err, c.want)
		}
	}
}

// TestKimShipped loads the standard replication, the full grid and the
// long training.
func TestKimShipped(t *testing.T) {
	s, err := Load("kim-replication")
	if err != nil {
		t.Fatal(err)
	}
	if s.Model != "kim" || len(s.Kim.Maps) != 1 || s.Kim.Maps[0] != 8 || s.Kim.Seeds != 3 || !s.Kim.Matched {
		t.Errorf("kim-replication: %+v", s.Kim)
	}
	full, err := Load(filepath.Join("long", "kim-replication-full.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Kim.Maps) != 4 || full.Kim.Seeds < 5 || !full.Kim.Controls || len(full.Kim.Alphas) != 5 {
		t.Errorf("full grid: %+v", full.Kim)
	}
	long, err := Load(filepath.Join("long", "kim-replication-long.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if long.Kim.Steps != 4*s.Kim.Steps || !slices.Equal(long.Kim.Maps, []int{8, 32}) || !long.Kim.Matched {
		t.Errorf("long training: %+v", long.Kim)
	}
}
