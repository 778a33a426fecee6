package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"engram/export"
	"engram/hippocampus"
	"engram/sim"
)

// simulate export writes a complete, deterministic export, refuses bad
// input before any work, and simulate compare reads it back.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	export := func(out string, args ...string) (int, string) {
		code, _, stderr := runCmd(t, append([]string{"export", "-format", "pynn", "-out", out}, args...)...)
		return code, stderr
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, out := range []string{a, b} {
		if code, stderr := export(out, "-duration", "20", "-seed", "2", "coba"); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, f := range []string{"network.json", "run.py", "engram_cell.mod", "engram_release.mod", "nrnmech.sh", "sonata.py", "README.md",
		"populations/E.initial.csv", "connections/E-to-I_exc.txt", "engram/spikes.csv", "engram.json"} {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, f))
		if f != "engram.json" && !bytes.Equal(x, y) {
			t.Errorf("%s differs between two exports of the same scenario and seed", f)
		}
	}
	run, _ := os.ReadFile(filepath.Join(a, "run.py"))
	if !bytes.Contains(run, []byte("PLASTICITY IS FROZEN AT THE EXPORT POINT")) {
		t.Errorf("run.py's header does not say that plasticity is frozen")
	}
	// The export compared with itself: Engram's reference run as a run.
	code, stdout, stderr := runCmd(t, "compare", "-identical", "-rate-tol", "0", a, filepath.Join(a, "engram"), filepath.Join(b, "engram"))
	if code != exitOK || !strings.Contains(stdout, "identical spike trains") {
		t.Fatalf("compare: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-at", "night", "coba"}, `exports at "start"`},
		{[]string{"-at", "night:9", "day-night"}, "night 9, want 1 … 5"},
		{[]string{"pruning"}, "cannot be exported"},
		{[]string{"-duration", "-1", "coba"}, "-duration"},
		{[]string{"-seed", "-3", "coba"}, "-seed -3"},
	} {
		out := filepath.Join(dir, "bad")
		code, stderr := export(out, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("export %v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("export %v wrote %s", c.args, out)
		}
	}
}

// The hippocampus's night exports with the presynaptic inhibition of CA3's
// recurrent synapses: its parameters, its modulator (the basket cells),
// its state, and Engram's release factor over the window.
func TestExportHippocampusRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("advances replay-closeup through its day (a few seconds)")
	}
	out := filepath.Join(t.TempDir(), "night")
	if code, _, stderr := runCmd(t, "export", "-format", "pynn", "-out", out, "-duration", "20", "replay-closeup"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	net, err := export.ReadNetwork(out)
	if err != nil {
		t.Fatal(err)
	}
	q := hippocampus.DefaultParams().ReleaseInhibition
	var inhibited []string
	for _, p := range net.Projections {
		r := p.Release
		if r == nil {
			continue
		}
		inhibited = append(inhibited, p.Name)
		got := sim.PresynapticParams{Alpha: r.Alpha, TauRMs: r.TauRMs, TauSMs: r.TauSMs, Hill: r.Hill, K: r.K, MaxInhibition: r.MaxInhibition}
		if p.Name != "CA3 PC→CA3 PC:rec" || r.Modulator != "CA3 BC" || got != q {
			t.Errorf("%s: inhibited by %q with %+v; want CA3 PC→CA3 PC:rec by CA3 BC with %+v", p.Name, r.Modulator, got, q)
		}
	}
	if len(inhibited) != 1 {
		t.Fatalf("inhibited projections %v, want CA3 PC→CA3 PC:rec", inhibited)
	}
	tr, err := export.ReadReleaseCSV(filepath.Join(out, "engram", "release.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr) != 1 || len(tr[0].F) != 201 {
		t.Fatalf("engram/release.csv: %d traces, want one of 201 steps", len(tr))
	}
}
