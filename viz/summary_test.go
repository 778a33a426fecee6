package viz

import (
	"context"
	"path/filepath"
	"testing"

	"engram/ann"
	"engram/brain"
	"engram/sim"
	"engram/task"
)

// TestComparisonFigures draws the figures of a day-night run — the
// summary and brain-vs-ANN figures — from a tiny brain and ANN run of the
// same task, and the sweep and raster figures from small data.
func TestComparisonFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a tiny brain for two days")
	}
	tp := brain.DefaultTask()
	tp.Days, tp.VocabSize = 2, 10
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	bp := brain.DefaultParams()
	bp.SleepMs = 1000
	br, err := brain.Run(context.Background(), tk, bp)
	if err != nil {
		t.Fatal(err)
	}
	res := map[ann.Mode]*ann.Result{}
	ap := ann.DefaultParams()
	ap.StepsPerDay = 20
	for _, m := range ann.Modes() {
		if res[m], err = ann.Run(tk, ap, m); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	drawn(t, filepath.Join(dir, "summary"), func(s string) error { return Summary(s, br, res, 1) })
	drawn(t, filepath.Join(dir, "brain_vs_ann"), func(s string) error { return BrainVsANN(s, br, res) })
	if err := Summary(filepath.Join(dir, "none"), brain.Result{}, res, 1); err == nil {
		t.Error("a summary without a brain run was drawn")
	}

	drawn(t, filepath.Join(dir, "sweep"), func(s string) error {
		return SweepLines(s, "test", "x", "y", []Series{{Name: "a", X: []float64{0, 1, 2}, Y: []float64{1, 2, 1}}})
	})
	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	g, _ := n.AddGroup("g", 20, sim.NeuronParams{CpF: 200, GLnS: 10, ELmV: -60, VthMV: -50, VresetMV: -60, TrefMs: 2})
	for i := 0; i < 20; i++ {
		g.SetCurrent(i, 110+float64(i)*10)
	}
	rec := n.RecordSpikes(g, 0)
	if err := n.Run(200); err != nil {
		t.Fatal(err)
	}
	tm, cells := rec.Spikes()
	drawn(t, filepath.Join(dir, "raster"), func(s string) error {
		return RasterRate(s, "test", []SpikeTrain{{Name: "g", Size: 20, TMs: tm, Cells: cells, Color: Blue}}, 0, 200, 5, 20)
	})
	if err := RasterRate(filepath.Join(dir, "bad"), "", nil, 10, 5, 5, 1); err == nil {
		t.Error("a raster with t1 < t0 was drawn")
	}
}
