package viz

import (
	"context"
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
		drawn(t, filepath.Join(dir, name), draw)
	}

	pc := cortex.PruningConfig{Setup: tinySetup(), Nights: 1, Replays: 3, MaintenanceReplays: 1,
		Rules: []cortex.PruneRule{cortex.PruneNone, cortex.PruneByUsage, cortex.PruneRandom}}
	pc.Cortex.PruneSchedule = []float64{0.2, 0.12}
	pr, err := cortex.Pruning(context.Background(), pc)
	if err != nil {
		t.Fatal(err)
	}
	drawn(t, filepath.Join(dir, "pruning"), func(s string) error { return PruningCurves(s, pr) })

	mc := cortex.MgSweepConfig{Setup: tinySetup(), MgMM: []float64{0, 1, 3}, Nights: 1, Replays: 3, Parallel: 1}
	mc.Cortex.STDP.MgGate = true
	mr, err := cortex.MgSweep(context.Background(), mc)
	if err != nil {
		t.Fatal(err)
	}
	drawn(t, filepath.Join(dir, "mg"), func(s string) error { return MgCurve(s, mr) })

	if err := ConsolidationCurve(filepath.Join(dir, "bad"), cortex.ConsolidationResult{}); err == nil {
		t.Error("an empty result was drawn")
	}
}
