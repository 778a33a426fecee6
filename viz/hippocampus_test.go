package viz

import (
	"context"
	"path/filepath"
	"testing"

	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

func TestSleepFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a day and 8 s of sleep")
	}
	tp := task.DefaultParams()
	tp.Days = 1
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	n, err := hippocampus.RunNight(context.Background(), hippocampus.DefaultParams(), tk, sim.DefaultConfig(), 8000)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	figs := map[string]func(string) error{
		"raster":   func(s string) error { return SleepRaster(s, n, 2000) },
		"lfp":      func(s string) error { return SleepLFP(s, n, 300) },
		"spectrum": func(s string) error { return SleepSpectrum(s, n) },
	}
	// The default hippocampus replays within 8 s of sleep; the replay
	// figures are part of what this test draws, not optional.
	replays := 0
	for _, e := range n.Stats.Events {
		if e.IsReplay() {
			replays++
		}
	}
	if replays == 0 {
		t.Fatalf("no replay among the night's %d events: the replay figures cannot be drawn", len(n.Stats.Events))
	}
	figs["replay"] = func(s string) error { return ReplayVsAwake(s, n) }
	figs["strip"] = func(s string) error { return ReplayStrip(s, n, 10, 8) }
	for name, draw := range figs {
		drawn(t, filepath.Join(dir, name), draw)
	}
	// The same night with its replays taken out is refused.
	none := *n
	none.Stats.Events = nil
	for _, e := range n.Stats.Events {
		if !e.IsReplay() {
			none.Stats.Events = append(none.Stats.Events, e)
		}
	}
	if err := ReplayVsAwake(filepath.Join(dir, "none"), &none); err == nil {
		t.Error("ReplayVsAwake drew a night without replay")
	}
}

func TestNMDAFigures(t *testing.T) {
	dir := t.TempDir()
	mgs, clamps := []float64{0, 1}, []float64{-65, -10}
	dw := [][]float64{make([]float64, 2), make([]float64, 2)}
	for i, mg := range mgs {
		for j, v := range clamps {
			var err error
			if dw[i][j], err = (sim.Pairing{MgMM: mg, ClampMV: v}).WeightChange(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if dw[1][0] > 5 || dw[1][1] < 20 || dw[0][0] < 20 {
		t.Errorf("pairing outcomes %v: want no change at rest with 1 mM, LTP when depolarised or without Mg²⁺", dw)
	}
	drawn(t, filepath.Join(dir, "pmap"), func(s string) error { return PlasticityMap(s, mgs, clamps, dw) })
	if err := PlasticityMap(filepath.Join(dir, "bad"), mgs, clamps, dw[:1]); err == nil {
		t.Error("a map with a missing column was drawn")
	}
	drawn(t, filepath.Join(dir, "mg_block"), MgBlock)
	drawn(t, filepath.Join(dir, "nmda_activation"), NMDAActivation)
}
