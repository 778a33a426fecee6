package hippocampus

import (
	"context"
	"reflect"
	"testing"

	"engram/sim"
	"engram/task"
)

// TestRunNight runs a day and a short night and checks what the Night
// carries, as data, of the network it ran on: the groups' sizes, the
// simulated time and the energy. (That a Night holds no live model is
// checked with every other result type, scenarios'
// TestResultsArePlainData.)
func TestRunNight(t *testing.T) {
	tp := task.DefaultParams()
	tp.Days = 1
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	const sleepMs = 600
	n, err := RunNight(context.Background(), p, tk, sim.DefaultConfig(), sleepMs)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := sim.New(sim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	h, err := Build(ref, p, tk.ItemsUsed())
	if err != nil {
		t.Fatal(err)
	}
	cells := 0
	for _, g := range ref.Groups() {
		cells += g.Size()
	}
	if n.CA3PC != h.CA3.Size() || n.CA1PC != h.CA1.Size() || n.CA3BC != h.BC.Size() || n.Cells != cells {
		t.Errorf("sizes CA3 %d, CA1 %d, BC %d, all %d; want %d, %d, %d, %d",
			n.CA3PC, n.CA1PC, n.CA3BC, n.Cells, h.CA3.Size(), h.CA1.Size(), h.BC.Size(), cells)
	}
	day := 0.0
	for _, e := range tk.Days[0].Episodes {
		day += p.LapMs(len(e.Items), tp.ItemMs) + tp.GapMs
	}
	if want := day + sleepMs; n.SimMs < want-1 || n.SimMs > want+1 {
		t.Errorf("simulated %v ms, want %v (the day's laps and the night)", n.SimMs, want)
	}
	if n.Energy.Spikes <= 0 || n.Energy.Events <= 0 || !(n.Energy.Joules > 0) {
		t.Errorf("energy %+v: nothing spent", n.Energy)
	}
	if !reflect.DeepEqual(n.Params, p) || len(n.Awake) != len(tk.Days[0].Episodes) {
		t.Errorf("params kept %v, %d awake recordings for %d episodes", reflect.DeepEqual(n.Params, p), len(n.Awake), len(tk.Days[0].Episodes))
	}
}
