package scenarios

import (
	"os"
	"path/filepath"
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
		{"unknown", "name = \"x\"\nsed = 3\n", `f.toml:2: unknown key "sed"`},
		{"unknown nested", "name = \"x\"\n[coba]\nduration = 3\n", `f.toml:3: unknown key "coba.duration"`},
		{"range", "name = \"x\"\n\n[coba]\nduration_ms = -5\n", "f.toml:4: coba.duration_ms = -5: want 1 ≤ duration_ms ≤ 600000"},
		{"dt", "name = \"x\"\ndt_ms = 2\n", "f.toml:2: dt_ms = 2: want 0.01 ≤ dt_ms ≤ 0.5"},
		{"type", "name = \"x\"\nseed = \"one\"\n", "f.toml"},
		{"syntax", "name = \"x\"\nseed = = 3\n", "f.toml:2:"},
		{"empty", "  \n", "f.toml: the file is empty"},
		{"binary", "\x00\x01\x02name", "f.toml: not a text file"},
		{"badname", "name = \"../x\"\n", `f.toml:1: name = "../x"`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src), "f.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
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
	os.WriteFile(f, []byte("name = \"mine\"\n[coba]\nduration_ms = 50\n"), 0o644)
	s, err := Load(f)
	if err != nil || s.Name != "mine" || s.COBA.DurationMs != 50 || s.File != f {
		t.Errorf("Load(%s) = %+v, %v", f, s, err)
	}
}
