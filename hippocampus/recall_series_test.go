package hippocampus

import (
	"context"
	"testing"

	"engram/sim"
	"engram/task"
)

// TestRecallSeries stores two episodes and checks that a recall series
// recalls each as well as a separate Recall does (score within one item),
// and in less simulated time.
func TestRecallSeries(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates ~8 s")
	}
	tp := task.DefaultParams()
	tp.Days = 1
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	h, err := Build(n, DefaultParams(), tk.ItemsUsed())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	eps := tk.Episodes()
	var cues []task.Item
	for _, e := range eps {
		if err := h.Encode(ctx, e, 1, tp.ItemMs, tp.GapMs); err != nil {
			t.Fatal(err)
		}
		cues = append(cues, e.Cue())
	}
	t0 := n.TimeMs()
	series, err := h.RecallSeries(ctx, cues)
	if err != nil {
		t.Fatal(err)
	}
	tSeries := n.TimeMs() - t0
	for k, e := range eps {
		single, err := h.Recall(ctx, e.Cue())
		if err != nil {
			t.Fatal(err)
		}
		a, b := task.Score(e, series[k]), task.Score(e, single)
		t.Logf("episode %d: series %v (%.2f), single %v (%.2f)", e.ID, series[k], a, single, b)
		if d := a - b; d > 0.26 || d < -0.26 {
			t.Errorf("episode %d: series score %.2f, single Recall %.2f", e.ID, a, b)
		}
	}
	if want := 1300.0 * float64(len(cues)); tSeries >= want {
		t.Errorf("series took %.0f ms, want < %.0f ms", tSeries, want)
	}
	if got, err := h.RecallSeries(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("empty series: %v, %v", got, err)
	}
}
