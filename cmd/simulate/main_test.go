package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"engram/validation"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBadScenarioExits2AndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("name = \"bad\"\nmodel = \"coba\"\n[coba]\nduration_ms = 0\n"), 0o644)
	outDir := filepath.Join(dir, "out")
	code, _, stderr := runCmd(t, "-q", "-out", outDir, bad)
	if code != exitBadInput {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr, "bad.toml:4: coba.duration_ms = 0") {
		t.Errorf("stderr %q does not name file, line and key", stderr)
	}
	if _, err := os.Stat(outDir); !os.IsNotExist(err) {
		t.Errorf("results folder was created for bad input")
	}
}

func TestRunWritesResultsDeterministically(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "short.toml")
	os.WriteFile(sc, []byte("name = \"short\"\nmodel = \"coba\"\nseed = 3\n[coba]\nduration_ms = 100\n"), 0o644)
	read := func(out string, workers string) map[string][]byte {
		if code, _, stderr := runCmd(t, "-q", "-workers", workers, "-out", out, sc); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		m := map[string][]byte{}
		for _, f := range []string{"metrics.json", "spikes.csv", "raster.png", "raster.svg", "timing.json"} {
			b, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			m[f] = b
		}
		return m
	}
	a := read(filepath.Join(dir, "a"), "1")
	b := read(filepath.Join(dir, "b"), "2")
	for _, f := range []string{"metrics.json", "spikes.csv", "raster.png", "raster.svg"} {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s differs between -j 1 and -j 2", f)
		}
	}
	if !bytes.Contains(a["metrics.json"], []byte(`"synapses"`)) || !bytes.Contains(a["timing.json"], []byte(`"wall_seconds"`)) {
		t.Error("metrics.json or timing.json lacks its fields")
	}
	os.WriteFile(sc, []byte("name = \"short\"\nmodel = \"coba\"\nseed = 4\n[coba]\nduration_ms = 100\n"), 0o644)
	c := read(filepath.Join(dir, "c"), "1")
	if bytes.Equal(a["spikes.csv"], c["spikes.csv"]) {
		t.Error("a different seed gave the same spikes")
	}
}

func TestValidateExitCodes(t *testing.T) {
	code, out, _ := runCmd(t, "validate", "-only", "V1")
	if code != 0 || !strings.Contains(out, "V1   PASS") {
		t.Fatalf("validate -only V1: exit %d, output %q", code, out)
	}
	if code, _, stderr := runCmd(t, "validate", "-seed", "9223372036854775808", "-only", "V1"); code != exitBadInput || !strings.Contains(stderr, "-seed 9223372036854775808: want 0 …") {
		t.Errorf("validate -seed 2^63: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "validate", "-only", "V77"); code != exitBadInput || !strings.Contains(stderr, "no row") {
		t.Errorf("unknown row: exit %d, %q", code, stderr)
	}
	code, out, _ = runCmd(t, "validate", "-json", "-only", "V2", "-quick")
	if code != 0 || !strings.Contains(out, `"id": "V2"`) {
		t.Errorf("validate -json: exit %d, %q", code, out)
	}
	// A row that fails (its one check outside its range) makes the run
	// exit 1, also when another row passes; so does a row that errs.
	fail := func(validation.Options) ([]validation.Check, error) {
		return []validation.Check{validation.Within("always out of range", 2, "", 0, 1)}, nil
	}
	if err := validation.Register(validation.Row{ID: "V98", Title: "fails", Run: fail}); err != nil {
		t.Fatal(err)
	}
	if err := validation.Register(validation.Row{ID: "V99", Title: "errs", Run: func(validation.Options) ([]validation.Check, error) {
		return nil, errors.New("no measurement")
	}}); err != nil {
		t.Fatal(err)
	}
	for _, only := range []string{"V98", "V1,V98", "V99"} {
		if code, out, _ := runCmd(t, "validate", "-only", only); code != exitFail || !strings.Contains(out, "FAIL") {
			t.Errorf("validate -only %s: exit %d, %q; want %d and a FAIL line", only, code, out, exitFail)
		}
	}
}

func TestHelpAndList(t *testing.T) {
	if code, _, stderr := runCmd(t, "-help"); code != 0 || !strings.Contains(stderr, "Examples:") {
		t.Errorf("-help: exit %d", code)
	}
	if code, out, _ := runCmd(t, "-list"); code != 0 || !strings.Contains(out, "coba") {
		t.Errorf("-list: exit %d, %q", code, out)
	}
	if code, out, _ := runCmd(t, "-describe"); code != 0 || !strings.Contains(out, "coba.duration_ms") {
		t.Errorf("-describe: exit %d, %q", code, out)
	}
	if code, _, _ := runCmd(t, "-nosuchflag"); code != exitBadInput {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}

func TestSweepIdenticalForAnyJ(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "s.toml")
	os.WriteFile(sc, []byte("name = \"s\"\nmodel = \"coba\"\n[coba]\nduration_ms = 50\n[sweep]\n\"coba.duration_ms\" = [40, 60, 80]\n"), 0o644)
	var csv [][]byte
	for _, j := range []string{"1", "3"} {
		out := filepath.Join(dir, "out"+j)
		if code, _, stderr := runCmd(t, "-q", "-j", j, "-out", out, sc); code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "sweep.csv"))
		if err != nil {
			t.Fatal(err)
		}
		csv = append(csv, b)
		for _, sub := range []string{"coba.duration_ms=40", "coba.duration_ms=80"} {
			if _, err := os.Stat(filepath.Join(out, sub, "metrics.json")); err != nil {
				t.Errorf("point folder %s: %v", sub, err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "sweep.png")); err != nil {
			t.Errorf("no sweep figure: %v", err)
		}
	}
	if !bytes.Equal(csv[0], csv[1]) {
		t.Errorf("sweep.csv differs between -j 1 and -j 3:\n%s\n%s", csv[0], csv[1])
	}
	if lines := strings.Count(string(csv[0]), "\n"); lines != 4 {
		t.Errorf("sweep.csv has %d lines, want header + 3", lines)
	}
	// -set on the command line sweeps too; a bad key is bad input.
	if code, _, stderr := runCmd(t, "-q", "-out", filepath.Join(dir, "x"), "-set", "coba.duraton_ms=1,2", sc); code != exitBadInput || !strings.Contains(stderr, `did you mean "coba.duration_ms"`) {
		t.Errorf("bad -set key: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "-q", "-out", filepath.Join(dir, "y"), "-set", "coba.duration_ms=0,10", sc); code != exitBadInput || !strings.Contains(stderr, "coba.duration_ms = 0") {
		t.Errorf("out-of-range sweep value: exit %d, %q", code, stderr)
	}
	for _, d := range []string{"x", "y"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !os.IsNotExist(err) {
			t.Errorf("bad input created %s", d)
		}
	}
}

func TestBadInputKinds(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, content, want string
	}{
		{"unknown.toml", "name = \"u\"\nmodel = \"coba\"\n[coba]\nduraton_ms = 5\n", `unknown.toml:4: unknown key "coba.duraton_ms" (did you mean "coba.duration_ms"?)`},
		{"type.toml", "name = \"t\"\nseed = \"one\"\n", "type.toml:2: seed: a string where an integer ≥ 0 is wanted"},
		{"range.toml", "name = \"r\"\n[brain]\nmg_mm = 12\n", "range.toml:3: brain.mg_mm = 12 mM: want 0 ≤ mg_mm ≤ 10 mM"},
		{"syntax.toml", "name = \"s\"\nseed = = 3\n", "syntax.toml:2:"},
		{"empty.toml", "", "empty.toml: the file is empty"},
		{"binary.toml", "\x00\x01\x02\xff", "binary.toml: not a text file"},
		{"modes.toml", "name = \"m\"\n[ann]\nmodes = [\"sleep\"]\n", `ann.modes = ["sleep"]: want one of "none", "finetune", "replay", "rag"`},
	}
	for _, c := range cases {
		f := filepath.Join(dir, c.name)
		os.WriteFile(f, []byte(c.content), 0o644)
		out := filepath.Join(dir, "out-"+c.name)
		code, _, stderr := runCmd(t, "-q", "-out", out, f)
		if code != exitBadInput || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and one line containing %q", c.name, code, stderr, c.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: results were written for bad input", c.name)
		}
	}
	// A directory and a missing file.
	if code, _, stderr := runCmd(t, "-q", dir); code != exitBadInput || !strings.Contains(stderr, "is a directory") {
		t.Errorf("directory: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "-q", filepath.Join(dir, "none.toml")); code != exitBadInput || !strings.Contains(stderr, "no such file") {
		t.Errorf("missing: exit %d, %q", code, stderr)
	}
	// A flag after the scenario name is not taken for a file name.
	if code, _, stderr := runCmd(t, "-q", "lesion", "-out", dir); code != exitBadInput || !strings.Contains(stderr, "put flags first") {
		t.Errorf("flag after the name: exit %d, %q", code, stderr)
	}
}

// TestKimRunsBesideOut checks that a kim run keeps its finished training
// runs beside the folder -out names (DIR.runs), not under the working
// directory, and resumes from them.
func TestKimRunsBesideOut(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := "name = \"tiny\"\nmodel = \"kim\"\n[kim]\nmaps = [2]\nalphas = [0.0]\nseeds = 1\nsteps = 16\nbatch = 4\nwarmup = 2\neval_every = 8\n" +
		"d_model = 8\nd_ff = 16\nside = 4\nobservations = 4\ncontext = 8\n"
	os.WriteFile("tiny.toml", []byte(src), 0o644)
	out := filepath.Join(dir, "elsewhere", "k")
	if code, _, stderr := runCmd(t, "-q", "-out", out, "tiny.toml"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	runs, err := os.ReadDir(out + ".runs")
	if err != nil || len(runs) != 1 {
		t.Fatalf("%s.runs: %d entries, %v; want the one finished run", out, len(runs), err)
	}
	if _, err := os.Stat("results"); !os.IsNotExist(err) {
		t.Errorf("a results folder appeared in the working directory (%v)", err)
	}
}
