package viz

import (
	"os"
	"path/filepath"
	"testing"

	"engram/ann"
	"engram/task"
)

// annFigDir returns the folder for the figures of a test: a temporary one,
// or $ENGRAM_VIZ_DIR when set (to look at them).
func annFigDir(t *testing.T) string {
	if d := os.Getenv("ENGRAM_VIZ_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestANNFigures(t *testing.T) {
	tk, err := task.Generate(task.DefaultParams(), 1)
	if err != nil {
		t.Fatal(err)
	}
	p := ann.DefaultParams()
	p.StepsPerDay = 30
	res := map[ann.Mode]*ann.Result{}
	for _, m := range ann.Modes() {
		if res[m], err = ann.Run(tk, p, m); err != nil {
			t.Fatal(err)
		}
	}
	dir := annFigDir(t)

	drawn(t, filepath.Join(dir, "ann_loss"), func(s string) error { return ANNLoss(res, s) })
	drawn(t, filepath.Join(dir, "ann_recall"), func(s string) error { return ANNRecall(res, s) })

	e := tk.Days[len(tk.Days)-1].Episodes[0]
	am, err := res[ann.ModeNone].Attention(e)
	if err != nil {
		t.Fatal(err)
	}
	drawn(t, filepath.Join(dir, "ann_attention"), func(s string) error {
		return ANNAttention(am, "Attention while recalling from cue "+am.Tokens[am.Cue]+" (mode none, last day)", s)
	})

	sweep := map[float64][]*ann.Result{}
	sp := ann.DefaultParams()
	sp.Pretrain.Steps, sp.StepsPerDay = 0, 8
	for _, a := range []float64{0, 1, 10} {
		for s := uint64(1); s <= 2; s++ {
			sp.Alpha, sp.Seed = a, s
			r, err := ann.Run(tk, sp, ann.ModeReplay)
			if err != nil {
				t.Fatal(err)
			}
			sweep[a] = append(sweep[a], r)
		}
	}
	stem := filepath.Join(dir, "ann_alpha")
	drawn(t, stem, func(s string) error { return ANNAlphaSweep(sweep, s) })

	if err := ANNLoss(nil, stem); err == nil {
		t.Error("ANNLoss without results succeeded")
	}
	if err := ANNAttention(nil, "", stem); err == nil {
		t.Error("ANNAttention without weights succeeded")
	}
	if err := ANNAlphaSweep(nil, stem); err == nil {
		t.Error("ANNAlphaSweep without runs succeeded")
	}
}
