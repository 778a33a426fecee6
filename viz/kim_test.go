package viz

import (
	"context"
	"path/filepath"
	"testing"

	"engram/ann"
	"engram/task"
)

// TestKimFigures draws the replication figures from a tiny replication (a
// 4×4 grid, a model of width 8, 12 steps): two loads, raw and matched α,
// and the controls.
func TestKimFigures(t *testing.T) {
	tr := ann.DefaultWalkParams()
	tr.DModel, tr.DFF = 8, 16
	tr.Steps, tr.WarmupSteps, tr.Batch, tr.EvalEvery, tr.EvalWalks, tr.FinalWalks = 12, 2, 4, 4, 8, 16
	p := ann.ReplicationParams{Grid: task.GridParams{Side: 4, Observations: 4, Context: 8}, Maps: []int{2, 4},
		Alphas: []float64{0, 0.1, 1, 10}, Matched: true, Controls: true, Seeds: 2, Seed: 1, Train: tr}
	res, err := ann.Replicate(context.Background(), p, ann.ReplicateOptions{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	sum := ann.Summarise(p, res)
	dir := annFigDir(t)
	drawn(t, filepath.Join(dir, "kim_alpha"), func(s string) error { return KimAlpha(s, sum, 0.75) })
	drawn(t, filepath.Join(dir, "kim_curves"), func(s string) error { return KimCurves(s, sum, 4, 0.75) })
	if err := KimAlpha(filepath.Join(dir, "none"), nil, 0.75); err == nil {
		t.Error("no results: no error")
	}
	if err := KimCurves(filepath.Join(dir, "none"), sum, 3, 0.75); err == nil {
		t.Error("a load without runs: no error")
	}
}
