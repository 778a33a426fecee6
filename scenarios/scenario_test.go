package scenarios

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestShippedLoad(t *testing.T) {
	for _, n := range Shipped() {
		s, err := Load(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if s.Description == "" {
			t.Errorf("%s has no description", n)
		}
	}
	if _, err := Load(DefaultName); err != nil {
		t.Fatal(err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"unknown", "name = \"x\"\nsed = 3\n", `f.toml:2: unknown key "sed" (did you mean "seed"?)`},
		{"unknown nested", "name = \"x\"\n[coba]\nduration = 3\n", `f.toml:3: unknown key "coba.duration" (did you mean "coba.duration_ms"?)`},
		{"wrong table", "name = \"x\"\n[coba]\nsleep_ms = 3\n", `(did you mean "brain.sleep_ms"?)`},
		{"no suggestion", "name = \"x\"\nbananas = 3\n", `f.toml:2: unknown key "bananas"` + "\x00"},
		{"range", "name = \"x\"\n\n[coba]\nduration_ms = -5\n", "f.toml:4: coba.duration_ms = -5 ms: want 1 ≤ duration_ms ≤ 600000 ms"},
		{"dt", "name = \"x\"\ndt_ms = 2\n", "f.toml:2: dt_ms = 2 ms: want 0.01 ≤ dt_ms ≤ 0.5 ms"},
		{"oneof", "name = \"x\"\nmodel = \"brian\"\n", `f.toml:2: model = "brian": want one of "day-night", "ann", "coba"`},
		{"type", "name = \"x\"\nseed = \"one\"\n", "f.toml:2: seed: a string where an integer ≥ 0 is wanted"},
		{"syntax", "name = \"x\"\nseed = = 3\n", "f.toml:2:"},
		{"empty", "  \n", "f.toml: the file is empty"},
		{"binary", "\x00\x01\x02name", "f.toml: not a text file"},
		{"badname", "name = \"../x\"\n", `f.toml:1: name = "../x"`},
	}
	for _, c := range cases {
		parseError(t, c.name, c.src, c.want)
	}
}

// parseError parses src as f.toml and reports an error unless Parse fails
// with an error containing want (exactly want when it ends in "\x00",
// which is cut); it returns Parse's error.
func parseError(t *testing.T, name, src, want string) error {
	t.Helper()
	_, err := Parse([]byte(src), "f.toml")
	want, exact := strings.CutSuffix(want, "\x00")
	switch {
	case err == nil || !strings.Contains(err.Error(), want):
		t.Errorf("%s: got %v, want an error containing %q", name, err, want)
	case exact && err.Error() != want:
		t.Errorf("%s: got %q, want exactly %q", name, err, want)
	}
	return err
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "nope.toml")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing: %v", err)
	}
	f := filepath.Join(dir, "ok.toml")
	os.WriteFile(f, []byte("name = \"mine\"\nmodel = \"coba\"\n[coba]\nduration_ms = 50\n"), 0o644)
	s, err := Load(f)
	if err != nil || s.Name != "mine" || s.COBA.DurationMs != 50 || s.File != f {
		t.Errorf("Load(%s) = %+v, %v", f, s, err)
	}
}

func TestDescribeListsEveryKey(t *testing.T) {
	var b strings.Builder
	Describe(&b)
	d := Default()
	for _, k := range Keys(&d) {
		if !strings.Contains(b.String(), k.Path) {
			t.Errorf("-describe lacks %s", k.Path)
		}
		if k.Doc == "" {
			t.Errorf("%s has no doc tag", k.Path)
		}
	}
	if !strings.Contains(b.String(), "0.01 … 0.5") {
		t.Errorf("-describe does not show ranges:\n%s", b.String())
	}
}

// FuzzLoad feeds arbitrary bytes to the loader: it must return a scenario
// or an error, never panic, and every scenario it accepts must validate.
func FuzzLoad(f *testing.F) {
	for _, n := range Shipped() {
		b, _ := shipped.ReadFile(n + ".toml")
		f.Add(b)
	}
	for _, s := range []string{"", "name = ", "[coba]\nduration_ms = 1e400", "name = \"a\"\n[[x]]\n",
		"\x00\xff", "name = \"a\"\nseed = -1", "name = \"a\"\ndt_ms = nan", "a.b.c.d = 1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.toml")
		if err == nil {
			if verr := s.Validate(); verr != nil {
				t.Fatalf("accepted a scenario that does not validate: %v", verr)
			}
		} else if !strings.HasPrefix(err.Error(), "fuzz.toml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// TestReadmeListsEveryKey keeps scenarios/README.md in step with the
// schema: it shows every key the scenario declares itself and names every
// table of model parameters (their keys are the model packages' Params;
// `simulate -describe` prints them all).
func TestReadmeListsEveryKey(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	own, tabs := ownKeys(reflect.TypeFor[Scenario](), "")
	if len(own) < 30 || len(tabs) < 50 {
		t.Fatalf("%d keys of the scenario's own, %d tables: the walk missed them", len(own), len(tabs))
	}
	for _, k := range slices.Concat(own, tabs) {
		if !strings.Contains(string(b), k) {
			t.Errorf("scenarios/README.md does not mention %s; paste `simulate -describe` into it", k)
		}
	}
	for _, n := range Shipped() {
		if !strings.Contains(string(b), "`"+n+"`") {
			t.Errorf("scenarios/README.md does not list the shipped scenario %s", n)
		}
	}
}

// ownKeys returns the keys declared by the structs of package scenarios
// in t (a struct type) and the tables of model parameters below them.
func ownKeys(t reflect.Type, prefix string) (keys, tabs []string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			tabs = append(tabs, modelTables(f.Type, prefix)...)
			continue
		}
		if name == "" || name == "-" || f.Type.Kind() == reflect.Map {
			continue
		}
		switch {
		case f.Type.Kind() != reflect.Struct:
			keys = append(keys, prefix+name)
		case f.Type.PkgPath() == t.PkgPath():
			tabs = append(tabs, prefix+name)
			k, tb := ownKeys(f.Type, prefix+name+".")
			keys, tabs = append(keys, k...), append(tabs, tb...)
		default:
			tabs = append(tabs, prefix+name)
			tabs = append(tabs, modelTables(f.Type, prefix+name+".")...)
		}
	}
	return keys, tabs
}

// modelTables returns the tables inside the struct type t.
func modelTables(t reflect.Type, prefix string) []string {
	var tabs []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		switch {
		case f.Type.Kind() != reflect.Struct:
		case f.Anonymous && name == "":
			tabs = append(tabs, modelTables(f.Type, prefix)...)
		case name != "" && name != "-":
			tabs = append(tabs, prefix+name)
			tabs = append(tabs, modelTables(f.Type, prefix+name+".")...)
		}
	}
	return tabs
}

func TestCheckMemory(t *testing.T) {
	s, err := Load("day-night")
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckMemory(s, 64<<30); err != nil {
		t.Errorf("the default refused with 64 GB: %v", err)
	}
	err = CheckMemory(s, 10<<20)
	if err == nil || !strings.Contains(err.Error(), "needs about") || !strings.Contains(err.Error(), "GB") {
		t.Errorf("10 MB limit: %v", err)
	}
	big := s
	big.Task.Days, big.Task.EpisodesPerDay, big.Task.EpisodeLen = 30, 10, 10
	secS, bytesS := Estimate(s)
	secB, bytesB := Estimate(big)
	if bytesB <= bytesS || secB <= secS {
		t.Errorf("estimate does not grow with the task: %v s, %d B → %v s, %d B", secS, bytesS, secB, bytesB)
	}
}

// FuzzSet feeds arbitrary -set arguments to a shipped scenario: parsing,
// setting, expanding the sweep and validating must return errors, never
// panic, and every point accepted must validate with a folder name inside
// the sweep's folder.
func FuzzSet(f *testing.F) {
	for _, s := range []string{"brain.mg_mm=0,0.5,1", "seed=1,2", "name=123", "description=x/../../y,b",
		"brain.mg_mm=1,,2", "coba.duration_ms=50,50", "ann.modes=none", "=", "a=b=c", "task.days=1e400", "seed=-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		s, err := Load("coba")
		if err != nil {
			t.Fatal(err)
		}
		key, vals, err := ParseSet(arg)
		if err != nil {
			return
		}
		if len(vals) == 1 {
			if Set(&s, key, vals[0]) == nil && s.Validate() == nil && checkScenarioName(s.Name) != nil {
				t.Fatalf("accepted name %q", s.Name)
			}
			return
		}
		s.Sweep = map[string][]any{key: vals}
		pts, err := Points(s)
		if err != nil {
			return
		}
		for _, p := range pts {
			if err := p.Scenario.Validate(); err != nil {
				t.Fatalf("point %s does not validate: %v", p.Label(), err)
			}
			if l := p.Label(); filepath.Base(l) != l || l == "." || l == ".." || p.Scenario.Seed >= 1<<63 {
				t.Fatalf("point folder %q, seed %d", l, p.Scenario.Seed)
			}
		}
	})
}
