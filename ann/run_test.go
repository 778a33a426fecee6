package ann

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"engram/task"
)

func defaultTask(t *testing.T) *task.Task {
	t.Helper()
	tk, err := task.Generate(task.DefaultParams(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestRunModes checks the behaviour that distinguishes the four memory
// modes on the default task: context-only recall works inside the window
// and fails after it; fine-tuning forgets day 0; replay and retrieval keep
// it.
func TestRunModes(t *testing.T) {
	tk := defaultTask(t)
	last := len(tk.Days) - 1
	chance := task.ChanceScore(tk.Params.VocabSize, tk.Params.EpisodeLen)
	res := map[Mode]*Result{}
	for _, m := range Modes() {
		r, err := Run(tk, DefaultParams(), m)
		if err != nil {
			t.Fatal(err)
		}
		res[m] = r
		if r.PretrainSource != SourceEmbedded {
			t.Errorf("%s: starting weights from %q, want the embedded checkpoint", m, r.PretrainSource)
		}
		for d := range tk.Days {
			if got, want := len(r.Recall[d]), len(tk.LearnedBy(d)); got != want {
				t.Fatalf("%s day %d: %d scores, want %d", m, d, got, want)
			}
		}
		t.Logf("%-8s day-0 recall by day %v, in-window %v, %.3g FLOP", m, r.RecallOfDay(0), r.InWindowRecall(), float64(r.FLOPs.Total()))
	}
	for _, w := range res[ModeNone].InWindowRecall() {
		if w < 0.9 {
			t.Errorf("none: in-window recall %v, want ≥ 0.9", w)
		}
	}
	if v := res[ModeNone].RecallOfDay(0)[last]; v > chance {
		t.Errorf("none: day-0 recall after the window %.3g, want ≤ chance %.3g", v, chance)
	}
	if v := res[ModeFinetune].RecallOfDay(0); v[0] < 0.9 || v[last] > chance+0.1 {
		t.Errorf("finetune: day-0 recall %v, want ≥ 0.9 on day 0 and ≤ chance+0.1 on the last day", v)
	}
	for _, m := range []Mode{ModeReplay, ModeRAG} {
		if v := res[m].RecallOfDay(0)[last]; v < 0.9 {
			t.Errorf("%s: day-0 recall on the last day %.3g, want ≥ 0.9", m, v)
		}
	}
	if len(res[ModeNone].Loss) != 0 || len(res[ModeRAG].Loss) != 0 {
		t.Error("frozen modes have a training loss curve")
	}
	if n := len(res[ModeReplay].Loss); n != len(tk.Days)*DefaultParams().StepsPerDay {
		t.Errorf("replay: %d loss points", n)
	}
	if res[ModeNone].Memory.OptimizerBytes != 0 || res[ModeReplay].Memory.OptimizerBytes != 16*int64(res[ModeReplay].Memory.Params) {
		t.Error("optimizer bytes wrong")
	}
	if res[ModeRAG].Memory.ExternalBytes == 0 || res[ModeReplay].Memory.ExternalBytes == 0 {
		t.Error("external stores not measured")
	}
	if res[ModeReplay].Energy(JoulesPerFLOPH100) <= 0 {
		t.Error("no energy")
	}
}

// TestRecallFLOPs checks that recalls are metered apart from the rest of
// the run: every mode recalls each learned episode once a day; recall
// FLOPs are part of the run's FLOPs (all of them when nothing is trained or
// stored), and the joules per recall are RecallFLOPs × J/FLOP / Recalls.
func TestRecallFLOPs(t *testing.T) {
	tk := defaultTask(t)
	p := DefaultParams()
	p.StepsPerDay = 5
	want := 0
	for d := range tk.Days {
		want += len(tk.LearnedBy(d))
	}
	for _, m := range Modes() {
		r, err := Run(tk, p, m)
		if err != nil {
			t.Fatal(err)
		}
		rf, all := r.RecallFLOPs.Total(), r.FLOPs.Total()
		if r.Recalls != want {
			t.Errorf("%s: %d recalls, want %d", m, r.Recalls, want)
		}
		if rf <= 0 || rf > all || (m == ModeNone) != (rf == all) {
			t.Errorf("%s: %d recall FLOPs of %d in all", m, rf, all)
		}
		if r.RecallFLOPs.Backward != 0 || r.RecallFLOPs.Update != 0 {
			t.Errorf("%s: recall FLOPs %+v include training", m, r.RecallFLOPs)
		}
		j := r.JoulesPerRecall(JoulesPerFLOPH100)
		if wantJ := float64(rf) * JoulesPerFLOPH100 / float64(want); math.Abs(j-wantJ) > 1e-12*wantJ {
			t.Errorf("%s: %g J per recall, want %g", m, j, wantJ)
		}
		if f := r.FLOPsPerRecall(); f != float64(rf)/float64(want) {
			t.Errorf("%s: %g FLOP per recall", m, f)
		}
		t.Logf("%-8s %d recalls, %.3g FLOP and %.3g J (H100) per recall; %.3g FLOP in all", m, r.Recalls, r.FLOPsPerRecall(), j, float64(all))
	}
	if (&Result{}).JoulesPerRecall(JoulesPerFLOPH100) != 0 {
		t.Error("a run without recalls has energy per recall")
	}
}

func TestRunDeterministic(t *testing.T) {
	tk := defaultTask(t)
	p := DefaultParams()
	p.StepsPerDay = 20
	for _, m := range []Mode{ModeReplay, ModeRAG} {
		a, err := Run(tk, p, m)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Run(tk, p, m)
		a.Wall, b.Wall = 0, 0
		a.final, b.final = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: two runs with the same parameters differ", m)
		}
	}
	// from random weights, seeded by Params.Seed
	p.Pretrain.Steps = 0
	a, _ := Run(tk, p, ModeFinetune)
	b, _ := Run(tk, p, ModeFinetune)
	p.Seed = 2
	c, _ := Run(tk, p, ModeFinetune)
	if !reflect.DeepEqual(a.Loss, b.Loss) || reflect.DeepEqual(a.Loss, c.Loss) {
		t.Fatal("the seed does not determine the run")
	}
	if a.PretrainSource != SourceNone {
		t.Fatalf("source %q, want %q", a.PretrainSource, SourceNone)
	}
}

func TestRunRejectsMismatch(t *testing.T) {
	tk := defaultTask(t)
	p := DefaultParams()
	p.Vocab = 10
	p.Pretrain.Steps = 0
	if _, err := Run(tk, p, ModeNone); err == nil || !strings.Contains(err.Error(), "vocab = 10") {
		t.Errorf("small vocabulary: got %v", err)
	}
	p = DefaultParams()
	p.Context = 8
	p.Pretrain.Steps = 0
	if _, err := Run(tk, p, ModeNone); err == nil || !strings.Contains(err.Error(), "context = 8") {
		t.Errorf("small context: got %v", err)
	}
	if _, err := Run(tk, DefaultParams(), Mode("sleep")); err == nil {
		t.Error("unknown mode accepted")
	}
	if _, err := Run(nil, DefaultParams(), ModeNone); err == nil {
		t.Error("nil task accepted")
	}
}

func TestRunnerSteps(t *testing.T) {
	tk := defaultTask(t)
	p := DefaultParams()
	p.StepsPerDay = 5
	r, err := NewRunner(tk, p, ModeFinetune)
	if err != nil {
		t.Fatal(err)
	}
	for d := 0; !r.Done(); d++ {
		if r.Day() != d {
			t.Fatalf("Day() = %d, want %d", r.Day(), d)
		}
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
		snap := r.Result()
		if len(snap.Recall) != d+1 || len(snap.Loss) != (d+1)*5 {
			t.Fatalf("after day %d: %d tests, %d loss points", d, len(snap.Recall), len(snap.Loss))
		}
	}
	if err := r.Step(); err == nil {
		t.Fatal("stepping past the last day succeeded")
	}
}

func TestAttentionView(t *testing.T) {
	tk := defaultTask(t)
	for _, m := range []Mode{ModeNone, ModeRAG} {
		res, err := Run(tk, DefaultParams(), m)
		if err != nil {
			t.Fatal(err)
		}
		e := tk.Days[len(tk.Days)-1].Episodes[0]
		am, err := res.Attention(e)
		if err != nil {
			t.Fatal(err)
		}
		n := len(am.Tokens)
		if am.Tokens[am.Cue] != strconv.Itoa(int(e.Cue())) || am.Tokens[am.Cue-1] != "SEP" {
			t.Fatalf("%s: cue position %d in %v", m, am.Cue, am.Tokens)
		}
		if len(am.Weights) != 2 || len(am.Weights[0]) != 2 || len(am.Weights[0][0]) != n {
			t.Fatalf("%s: weights shape wrong", m)
		}
		for _, layer := range am.Weights {
			for _, head := range layer {
				for i, row := range head {
					s := 0.0
					for _, w := range row {
						s += w
					}
					if math.Abs(s-1) > 1e-9 {
						t.Fatalf("%s: row %d sums to %g", m, i, s)
					}
				}
			}
		}
		// an induction head: from the cue, some head of layer 2 looks at
		// the item after the cue's earlier occurrence
		target := -1
		for i := 0; i < am.Cue-1; i++ {
			if am.Tokens[i] == am.Tokens[am.Cue] {
				target = i + 1
			}
		}
		if target < 0 {
			t.Fatalf("%s: the cue is not in the context %v", m, am.Tokens)
		}
		best := 0.0
		for _, head := range am.Weights[1] {
			best = max(best, head[am.Cue][target])
		}
		if best < 0.5 {
			t.Errorf("%s: the strongest layer-2 weight from the cue to the item after its earlier occurrence is %.2f, want ≥ 0.5", m, best)
		}
	}
	res, _ := Run(tk, DefaultParams(), ModeReplay)
	if _, err := res.Attention(task.Episode{ID: 99, Items: []task.Item{1, 2}}); err == nil {
		t.Error("unknown episode accepted")
	}
}

// TestWindowCapacity checks that the context window is a short-term store
// of limited capacity: when a day has more episodes than fit, the oldest
// fall out of the window and are not recalled even on the same day.
func TestWindowCapacity(t *testing.T) {
	tp := task.DefaultParams()
	tp.VocabSize, tp.EpisodesPerDay, tp.Days = 50, 10, 1
	tk, err := task.Generate(tp, 3)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(tk, DefaultParams(), ModeNone)
	if err != nil {
		t.Fatal(err)
	}
	// 48 tokens, 5 kept for the recall: 7 episodes of 6 tokens fit
	fit := (DefaultParams().Context - tp.EpisodeLen) / (tp.EpisodeLen + 1)
	old, recent := 0.0, 0.0
	for i, s := range res.Recall[0] {
		if i < tp.EpisodesPerDay-fit {
			old += s / float64(tp.EpisodesPerDay-fit)
		} else {
			recent += s / float64(fit)
		}
	}
	if recent < 0.9 || old > 0.2 {
		t.Errorf("recall of the %d most recent episodes %.2f (want ≥ 0.9), of the older ones %.2f (want ≤ 0.2)", fit, recent, old)
	}
}
