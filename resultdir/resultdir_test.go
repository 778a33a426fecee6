package resultdir

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// write returns a fill function that writes the given files.
func write(files map[string]string) func(string) error {
	return func(tmp string) error {
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(tmp, name), []byte(body), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOpenRefusesWhatIsNotOurs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("precious.txt", []byte("precious"), 0o644)
	os.Mkdir("thesis", 0o755)
	os.WriteFile("thesis/chapter1.tex", []byte("text"), 0o644)
	os.Mkdir("empty", 0o755)
	os.Symlink("thesis", "link")
	os.Mkdir("fake", 0o755)
	os.WriteFile("fake/engram.json", []byte(`{"format":"something else"}`), 0o644)
	os.Mkdir("added", 0o755)
	os.WriteFile("added/engram.json", []byte(`{"format":"engram-results","files":["a.csv"]}`), 0o644)
	os.WriteFile("added/a.csv", nil, 0o644)
	os.WriteFile("added/notes.txt", []byte("mine"), 0o644)
	os.WriteFile("other.incomplete", []byte("mine"), 0o644)
	cases := []struct{ path, want string }{
		{"precious.txt", "exists and is a file"},
		{"thesis", "has no engram.json"},
		{"empty", "has no engram.json"},
		{"link", "symbolic link"},
		{"fake", "was not written by Engram"},
		{"added", "holds notes.txt, which Engram did not write"},
		{"other", "other.incomplete: it exists and is a file"},
		{".", "working directory"},
		{dir, "working directory"},
		{filepath.Dir(dir), "working directory"},
		{"", "empty path"},
		{"a\x00b", "NUL"},
		{strings.Repeat("x", MaxBaseLen+1), "too long"},
		{"sub/..", "working directory"},
	}
	for _, c := range cases {
		d, err := Open(c.path)
		if err == nil {
			d.Close()
			t.Errorf("Open(%q) succeeded, want an error containing %q", c.path, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q): %v, want %q", c.path, err, c.want)
		}
	}
	if got := read(t, "precious.txt"); got != "precious" {
		t.Errorf("precious.txt now holds %q", got)
	}
	if got := read(t, "thesis/chapter1.tex"); got != "text" {
		t.Errorf("thesis changed: %q", got)
	}
}

func TestCommitReplacesOnlyWhenComplete(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results", "run")
	d, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	m := Manifest{Scenario: "run", Seed: 1, Complete: true}
	if got, err := d.Commit(m, write(map[string]string{"a.csv": "first", "b.csv": "x"})); err != nil || got != out {
		t.Fatalf("Commit: %q, %v", got, err)
	}
	d.Close()
	man := read(t, filepath.Join(out, ManifestName))
	if !strings.Contains(man, `"files": [`) || !strings.Contains(man, `"a.csv"`) || !strings.Contains(man, `"complete": true`) {
		t.Errorf("manifest %s", man)
	}

	// An interrupted run goes beside the result and leaves it intact.
	d, err = Open(out)
	if err != nil {
		t.Fatalf("reopening our own result: %v", err)
	}
	m.Complete = false
	got, err := d.Commit(m, write(map[string]string{"a.csv": "partial"}))
	if err != nil || got != out+IncompleteSuffix {
		t.Fatalf("incomplete Commit: %q, %v", got, err)
	}
	if read(t, filepath.Join(out, "a.csv")) != "first" || read(t, filepath.Join(out+IncompleteSuffix, "a.csv")) != "partial" {
		t.Error("an incomplete result replaced the complete one")
	}

	// A failing fill changes nothing and leaves no temporary folder.
	m.Complete = true
	if _, err := d.Commit(m, func(tmp string) error {
		os.WriteFile(filepath.Join(tmp, "a.csv"), []byte("broken"), 0o644)
		return errors.New("disk full")
	}); err == nil {
		t.Error("a failing fill committed")
	}
	if read(t, filepath.Join(out, "a.csv")) != "first" {
		t.Error("a failed write changed the result")
	}

	// A complete run replaces the previous result entirely.
	if _, err := d.Commit(m, write(map[string]string{"c.csv": "second"})); err != nil {
		t.Fatal(err)
	}
	d.Close()
	ents, _ := os.ReadDir(out)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"c.csv", ManifestName}) {
		t.Errorf("result holds %v, want c.csv and the manifest", names)
	}
	parent, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range parent {
		if strings.Contains(e.Name(), tmpInfix) || strings.HasSuffix(e.Name(), ".old") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestLockAndStaleTemps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	a, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := Open(out); err == nil || !strings.Contains(err.Error(), "another run is writing") {
		if b != nil {
			b.Close()
		}
		t.Fatalf("second Open while held: %v", err)
	}
	a.Close()
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), ".run"+lockSuffix)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after Close: %v", err)
	}
	stale := filepath.Join(filepath.Dir(out), ".run"+tmpInfix+"123")
	os.Mkdir(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "x"), nil, 0o644)
	b, err := Open(out)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	defer b.Close()
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary folder kept: %v", err)
	}
}

func TestReadOnlyResultRefusedBeforeTheRun(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; the check cannot fail here")
	}
	out := filepath.Join(t.TempDir(), "run")
	d, _ := Open(out)
	if _, err := d.Commit(Manifest{Complete: true}, write(map[string]string{"a": ""})); err != nil {
		t.Fatal(err)
	}
	d.Close()
	os.Chmod(out, 0o555)
	defer os.Chmod(out, 0o755)
	if d, err := Open(out); err == nil || !strings.Contains(err.Error(), "cannot be replaced") {
		if d != nil {
			d.Close()
		}
		t.Errorf("read-only result: %v", err)
	}
}

func TestCheckName(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "a/b", `a\b`, "a\x00", strings.Repeat("n", MaxBaseLen+1)} {
		if CheckName(bad) == nil {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
	for _, good := range []string{"day-night", "123", "brain.mg_mm=0.5", strings.Repeat("n", MaxBaseLen)} {
		if err := CheckName(good); err != nil {
			t.Errorf("CheckName(%q): %v", good, err)
		}
	}
}
