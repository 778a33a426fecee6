package viz

import (
	"os"
	"path/filepath"
	"testing"

	"engram/cortex"
)

// tinySetup is a small cortex (300 E, 75 I cells) with 2 sequences of 3
// items, for rendering tests.
func tinySetup() cortex.Setup {
	s := cortex.DefaultSetup()
	s.Sequences, s.SequenceLen, s.Trials = 2, 3, 1
	s.Cortex.NE, s.Cortex.NI, s.Cortex.EEIndegree = 300, 75, 60
	return s
}

// rendered fails unless stem.png and stem.svg exist and are not empty.
func rendered(t *testing.T, stem string) {
	t.Helper()
	for _, ext := range []string{".png", ".svg"} {
		fi, err := os.Stat(stem + ext)
		if err != nil || fi.Size() < 1000 {
			t.Errorf("%s%s: %v", stem, ext, err)
		}
	}
}

// TestCortexFigures renders every cortex figure from tiny runs of the
// three experiments.
func TestCortexFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three small cortex experiments (~10 s)")
	}
	dir := t.TempDir()

	cc := cortex.ConsolidationConfig{Setup: tinySetup(), Nights: 2, Replays: 3}
	cr, err := cortex.Consolidation(cc)
	if err != nil {
		t.Fatal(err)
	}
	for name, draw := range map[string]func(string) error{
		"consolidation": func(s string) error { return ConsolidationCurve(s, cr) },
		"weights":       func(s string) error { return ConsolidationWeights(s, cr) },
	} {
		stem := filepath.Join(dir, name)
		if err := draw(stem); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rendered(t, stem)
	}

	pc := cortex.PruningConfig{Setup: tinySetup(), Nights: 1, Replays: 3, MaintenanceReplays: 1,
		Rules: []cortex.PruneRule{cortex.PruneNone, cortex.PruneByUsage, cortex.PruneRandom}}
	pc.Cortex.PruneSchedule = []float64{0.2, 0.12}
	pr, err := cortex.Pruning(pc)
	if err != nil {
		t.Fatal(err)
	}
	stem := filepath.Join(dir, "pruning")
	if err := PruningCurves(stem, pr); err != nil {
		t.Fatal(err)
	}
	rendered(t, stem)

	mc := cortex.MgSweepConfig{Setup: tinySetup(), MgMM: []float64{0, 1, 3}, Nights: 1, Replays: 3, Parallel: 1}
	mc.Cortex.MgGate = true
	mr, err := cortex.MgSweep(mc)
	if err != nil {
		t.Fatal(err)
	}
	stem = filepath.Join(dir, "mg")
	if err := MgCurve(stem, mr); err != nil {
		t.Fatal(err)
	}
	rendered(t, stem)

	if err := ConsolidationCurve(filepath.Join(dir, "bad"), cortex.ConsolidationResult{}); err == nil {
		t.Error("an empty result was drawn")
	}
}
