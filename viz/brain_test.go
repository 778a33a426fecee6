package viz

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"engram/brain"
	"engram/task"
)

// TestBrainFigures renders the retention curves and the Ribot gradient
// from a tiny lesion experiment (3 days of one 3-item episode, nights of
// 1 s, lesion at the start of day 2). With BRAIN_FIG_DIR set the figures
// are kept there, to be looked at.
func TestBrainFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates two tiny brains for 3 days (~15 s)")
	}
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay, tp.EpisodeLen, tp.VocabSize = 3, 1, 3, 9
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := brain.DefaultParams()
	p.SleepMs = 1000
	r, err := brain.Lesion(context.Background(), tk, p, 2)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if d := os.Getenv("BRAIN_FIG_DIR"); d != "" {
		dir = d
	}
	for _, c := range []struct {
		stem string
		draw func(string) error
	}{
		{"retention", func(s string) error { return RetentionCurves(s, r.Control) }},
		{"retention-lesioned", func(s string) error { return RetentionCurves(s, r.Lesioned) }},
		{"ribot", func(s string) error { return RibotGradient(s, r) }},
	} {
		drawn(t, filepath.Join(dir, c.stem), c.draw)
	}
	if err := RetentionCurves(filepath.Join(dir, "none"), brain.Result{}); err == nil {
		t.Error("empty result: no error")
	}
	if err := RibotGradient(filepath.Join(dir, "none"), brain.LesionResult{}); err == nil {
		t.Error("empty lesion result: no error")
	}
}
