package viz

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"engram/ann"
	"engram/brain"
	"engram/cortex"
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
	depol := []float64{0, 10, 20, 40}
	sel := Selection{MgMM: 1, DepolMV: depol, ANNMode: ann.ModeReplay, RunAlpha: ap.Alpha}
	for _, mg := range []float64{0, 1, 3} {
		dw, err := cortex.Potentiation(bp.Cortex, mg, depol, cortex.PairingProtocol{Pairs: 3, LagMs: 5, PeriodMs: 200})
		if err != nil {
			t.Fatal(err)
		}
		sel.PotentiationMgMM, sel.Potentiation = append(sel.PotentiationMgMM, mg), append(sel.Potentiation, dw)
	}
	for _, a := range []float64{0, 0.28, 1} {
		sc, err := res[ann.ModeReplay].RecallAtAlpha(a)
		if err != nil {
			t.Fatal(err)
		}
		sel.Alphas, sel.ANNRecall = append(sel.Alphas, a), append(sel.ANNRecall, sc[0])
	}
	drawn(t, filepath.Join(dir, "summary"), func(s string) error { return Summary(s, br, res, sel) })
	drawn(t, filepath.Join(dir, "brain_vs_ann"), func(s string) error { return BrainVsANN(s, br, res) })
	if err := Summary(filepath.Join(dir, "none"), brain.Result{}, res, sel); err == nil {
		t.Error("a summary without a brain run was drawn")
	}
	if err := Summary(filepath.Join(dir, "nosel"), br, res, Selection{}); err == nil {
		t.Error("a summary without selection measurements was drawn")
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

// TestEnergyPerRecall checks the energy panel's numbers: the title gives
// the brain model's joules per recall and the range of the ANN modes', and
// the 20 W reference lasts as long as one of the model's recalls.
func TestEnergyPerRecall(t *testing.T) {
	br := brain.Result{Days: []brain.DayResult{
		{Recalls: 2, RecallSimMs: 1000, RecallEnergy: sim.Energy{Joules: 2e-7}},
		{Recalls: 4, RecallSimMs: 2000, RecallEnergy: sim.Energy{Joules: 4e-7}},
	}}
	res := map[ann.Mode]*ann.Result{
		ann.ModeNone:   {Mode: ann.ModeNone, Recalls: 10, RecallFLOPs: ann.Meter{Forward: 1e7}},
		ann.ModeReplay: {Mode: ann.ModeReplay, Recalls: 10, RecallFLOPs: ann.Meter{Forward: 1e6}},
	}
	p, err := energyPerRecall(br, res)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := res[ann.ModeReplay].JoulesPerRecall(ann.JoulesPerFLOPH100), res[ann.ModeNone].JoulesPerRecall(ann.JoulesPerFLOPH100)
	want := fmt.Sprintf("Energy per recall: brain model 1e-07 J vs ANN %.2g–%.2g J", lo, hi)
	if p.Title.Text != want {
		t.Errorf("title %q, want %q", p.Title.Text, want)
	}
	if br.MsPerRecall() != 500 {
		t.Errorf("%v ms per recall, want 500", br.MsPerRecall())
	}
	stem := filepath.Join(t.TempDir(), "energy")
	if err := SavePlot(p, stem, Wide); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(stem + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"whole human brain at 20 W for 0.5 s (one model recall) = 10 J", "GPT-3 training, 1,287 MWh = 4.6e+12 J", ">1e-07<", ">1e-6<"} {
		if !strings.Contains(string(svg), w) {
			t.Errorf("the panel lacks %q", w)
		}
	}
}
