package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOutNeverDestroys runs simulate with -out at things that are not
// Engram results: each is refused with exit 2 before any work, and left
// as it was.
func TestOutNeverDestroys(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("precious.txt", []byte("precious"), 0o644)
	os.Mkdir("mydata", 0o755)
	os.WriteFile("mydata/thesis.tex", []byte("thesis"), 0o644)
	for _, c := range []struct{ out, want string }{
		{"precious.txt", "it exists and is a file"},
		{"mydata", "has no engram.json"},
		{dir, "working directory"},
		{".", "working directory"},
		{"..", "working directory"},
	} {
		code, _, stderr := runCmd(t, "-q", "-set", "coba.duration_ms=50", "-out", c.out, "coba")
		if code != exitBadInput || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("-out %s: exit %d, %q; want exit 2 and one line with %q", c.out, code, stderr, c.want)
		}
	}
	if b, _ := os.ReadFile("precious.txt"); string(b) != "precious" {
		t.Errorf("precious.txt now holds %q", b)
	}
	if b, _ := os.ReadFile("mydata/thesis.tex"); string(b) != "thesis" {
		t.Errorf("mydata/thesis.tex now holds %q", b)
	}
	// Our own result is replaced, and only by a complete one.
	if code, _, stderr := runCmd(t, "-q", "-set", "coba.duration_ms=20", "-out", "mine", "coba"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "-q", "-set", "coba.duration_ms=30", "-out", "mine", "coba"); code != 0 {
		t.Fatalf("rerun on its own result: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile("mine/metrics.json"); !bytes.Contains(b, []byte(`"duration_ms": 30`)) {
		t.Errorf("the rerun did not replace the result: %s", b)
	}
	os.WriteFile("mine/notes.txt", []byte("mine"), 0o644)
	if code, _, stderr := runCmd(t, "-q", "-set", "coba.duration_ms=30", "-out", "mine", "coba"); code != exitBadInput || !strings.Contains(stderr, "holds notes.txt") {
		t.Errorf("a result with a user's file in it: exit %d, %q", code, stderr)
	}
}

// TestBadInputRefusedBeforeWork covers input that used to be found only
// after the run, or not at all: each exits 2, names what to fix, and
// writes nothing.
func TestBadInputRefusedBeforeWork(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, body string) string {
		os.WriteFile(name, []byte(body), 0o644)
		return name
	}
	deep := "name = \"x\"\na = " + strings.Repeat("{b = ", 20000) + "1" + strings.Repeat("}", 20000) + "\n"
	syscall.Mkfifo("fifo.toml", 0o644)
	big := write("big.toml", "name = \"x\"\n"+strings.Repeat("# padding\n", 120000))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-set", "name=a\x00b", "coba"}, "NUL"},
		{[]string{"-set", "name=" + strings.Repeat("n", 300), "coba"}, "at most"},
		{[]string{"-set", "coba.duration_ms=50,50", "coba"}, `sweep points 1 and 2 would both write the folder "coba.duration_ms=50"`},
		{[]string{"-set", "description=a/b,a_b", "-set", "coba.duration_ms=10", "coba"}, "would both write the folder"},
		{[]string{"-set", "brain.mg_mm=1,,2"}, "value 2 of 3 is empty"},
		{[]string{"-set", "brain.mg_mm=1", "coba"}, `brain.mg_mm: it does not apply to model "coba"`},
		{[]string{"-seed", "-5", "coba"}, "-seed -5: want 0 …"},
		{[]string{"-seed", "9223372036854775808", "coba"}, "invalid value"},
		{[]string{"-workers", "65", "coba"}, "-workers: workers = 65: want 1 ≤ workers ≤ 64"},
		{[]string{"-workers", "-1", "coba"}, "-workers -1: want ≥ 1"},
		{[]string{write("neg.toml", "name = \"x\"\nseed = -5\n")}, "neg.toml:2: seed = -5: want 0 ≤ seed ≤ 9223372036854775807"},
		{[]string{write("dotted.toml", "name = \"x\"\n\nbrain.mg_mm = 20\n")}, "dotted.toml:3: brain.mg_mm = 20 mM"},
		{[]string{write("inline.toml", "name = \"x\"\nbrain = { sleep_ms = 1,\n  mg_mm = 20 }\n")}, "inline.toml:3: brain.mg_mm = 20 mM"},
		{[]string{write("array.toml", "name = \"x\"\n\n[[coba]]\nduration_ms = 5\n")}, "array.toml:3: coba: an array of tables ([[…]]) where a table ([coba]) is wanted"},
		{[]string{write("applies.toml", "name = \"x\"\nmodel = \"coba\"\n[brain]\nmg_mm = 2\n")}, `applies.toml:4: brain.mg_mm: it does not apply to model "coba"`},
		{[]string{write("deep.toml", deep)}, "deep.toml:2: arrays and tables nested 20000 deep"},
		{[]string{"fifo.toml"}, "fifo.toml: not a regular file"},
		{[]string{"/dev/zero"}, "/dev/zero: not a regular file"},
		{[]string{big}, "big.toml: 1200011 bytes, larger than a scenario can be (1048576 bytes)"},
		{[]string{"-out", "/proc/engram/out", "coba"}, "-out /proc/engram/out: cannot create its parent folder"},
	}
	for _, c := range cases {
		start := time.Now()
		code, _, stderr := runCmd(t, append([]string{"-q", "-out", "out"}, c.args...)...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("simulate %q: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("simulate %q took %.1f s to refuse", c.args, d.Seconds())
		}
		if _, err := os.Stat("out"); err == nil {
			t.Fatalf("simulate %q wrote results for bad input", c.args)
		}
	}
}

// TestSeeds: swept seeds are the seeds of their points, with one seed
// column; -seeds runs replicates and summarises them; a point's seed can be
// given back to -seed and reproduces the point.
func TestSeeds(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, stderr := runCmd(t, "-q", "-set", "seed=3,4", "-set", "coba.duration_ms=20", "-out", "s", "coba"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile("s/sweep.csv")
	rows, _ := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if len(rows) != 3 || strings.Count(strings.Join(rows[0], ","), "seed") != 1 || rows[1][0] != "3" || rows[2][0] != "4" {
		t.Fatalf("sweep.csv %q: want one seed column holding 3 and 4", b)
	}
	if !bytes.Contains(mustRead(t, "s/seed=4/metrics.json"), []byte(`"seed": 4`)) {
		t.Error("the point seed=4 did not run with seed 4")
	}
	// -seeds N: each value runs N seeds; sweep.csv gives their mean and
	// standard error, runs.csv every run.
	if code, _, stderr := runCmd(t, "-q", "-seeds", "3", "-set", "coba.duration_ms=20,30", "-out", "r", "coba"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sum, _ := csv.NewReader(bytes.NewReader(mustRead(t, "r/sweep.csv"))).ReadAll()
	runs, _ := csv.NewReader(bytes.NewReader(mustRead(t, "r/runs.csv"))).ReadAll()
	if len(sum) != 3 || strings.Join(sum[0], ",") != "coba.duration_ms,seeds,complete,rate_hz,rate_hz_se,cv_isi,cv_isi_se" || sum[1][1] != "3" || len(runs) != 7 {
		t.Fatalf("sweep.csv %q, runs.csv %q", sum, runs)
	}
	var rates []float64
	for _, r := range runs[1:4] {
		x, _ := strconv.ParseFloat(r[3], 64)
		rates = append(rates, x)
	}
	mean, _ := strconv.ParseFloat(sum[1][3], 64)
	se, _ := strconv.ParseFloat(sum[1][4], 64)
	if m := (rates[0] + rates[1] + rates[2]) / 3; math.Abs(m-mean) > 1e-3*m || se <= 0 {
		t.Errorf("mean %v ± %v of runs %v", mean, se, rates)
	}
	// Every point of a sweep runs the scenario's seed (common random
	// numbers), which reruns it alone.
	if code, _, stderr := runCmd(t, "-q", "-set", "coba.duration_ms=20,21,22,23", "-out", "d", "coba"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ = os.ReadFile("d/sweep.csv")
	rows, _ = csv.NewReader(bytes.NewReader(b)).ReadAll()
	for _, r := range rows[1:] {
		if r[1] != "1" {
			t.Errorf("point %s ran seed %s, not the scenario's 1", r[0], r[1])
		}
		code, _, stderr := runCmd(t, "-q", "-seed", r[1], "-set", "coba.duration_ms="+r[0], "-out", "alone", "coba")
		if code != 0 {
			t.Fatalf("-seed %s: exit %d: %s", r[1], code, stderr)
		}
		want := mustRead(t, filepath.Join("d", "coba.duration_ms="+r[0], "spikes.csv"))
		if !bytes.Equal(mustRead(t, "alone/spikes.csv"), want) {
			t.Errorf("point %s rerun with -seed %s gave other spikes", r[0], r[1])
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRangeMinimaRun runs each model with every key at the minimum of its
// documented range (where the model reads it): each must run and write.
// ann.alpha and ann.beta stay at their defaults: any other value needs the
// Transformer pre-trained for it (about 80 s here; ann's tests cover it).
func TestRangeMinimaRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every model")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	cases := map[string]string{
		"coba":        "model = \"coba\"\nworkers = 1\ndt_ms = 0.5\n[coba]\nduration_ms = 1\n",
		"coba-dt":     "model = \"coba\"\ndt_ms = 0.01\n[coba]\nduration_ms = 1\n",
		"hippocampus": "model = \"hippocampus\"\nworkers = 1\nseed = 0\n[hippocampus]\nsleep_ms = 1000\n",
		"day-night": "model = \"day-night\"\nworkers = 1\nseed = 0\n[task]\ndays = 1\nepisodes_per_day = 1\nepisode_len = 2\nvocab = 2\n" +
			"salient_fraction = 0\nitem_ms = 50\ngap_ms = 0\n[brain]\nsleep_ms = 0\nmg_mm = 0\nlesion_day = 0\ncortex_trials = 1\n" +
			"[ann]\nmodes = []\nsteps_per_day = 0\n",
		"ann": "model = \"ann\"\n[task]\ndays = 1\nepisodes_per_day = 1\nepisode_len = 2\nvocab = 2\n" +
			"[ann]\nmodes = [\"finetune\", \"rag\"]\nsteps_per_day = 0\n",
	}
	for name, body := range cases {
		f := name + ".toml"
		os.WriteFile(f, []byte("name = \""+name+"\"\n"+body), 0o644)
		if code, _, stderr := runCmd(t, "-q", "-out", name, f); code != 0 {
			t.Errorf("%s at its minima: exit %d: %s", name, code, stderr)
			continue
		}
		if m := mustRead(t, filepath.Join(name, "metrics.json")); bytes.Contains(m, []byte("NaN")) {
			t.Errorf("%s: metrics.json holds NaN", name)
		}
	}
}
