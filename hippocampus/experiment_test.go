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

// TestCA1RelaysEveryItem: in the significant replays of a night after one
// route of 5 items was experienced once (the default brain's first day),
// CA1 relays every item of the route, the middle one included: each item's
// CA1 assembly fires at least one spike per cell on average (seed 1: 3.1,
// 3.3, 2.1, 2.1, 1.8 in replay order). With Schaffer collaterals of 2 nS
// the same night gave 1.3, 1.3, 0.36, 0.67, 0.49, and the cortex learned
// the links after the second item weakly (hippocampus.DefaultParams).
func TestCA1RelaysEveryItem(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a 10 s night")
	}
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay, tp.VocabSize = 1, 1, 25
	tk, err := task.Generate(tp, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	n, err := RunNight(context.Background(), p, tk, sim.DefaultConfig(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	var perPos [5]float64 // CA1 spikes per cell, by position in replay order
	replays := 0
	for _, e := range n.Stats.Events {
		if !e.IsReplay() {
			continue
		}
		replays++
		seq := n.Sleep.Sequences[e.Replay.Sequence]
		ca1 := n.Sleep.CA1
		for k, tm := range ca1.TMs {
			if tm < e.FromMs || tm > e.ToMs+10 {
				continue
			}
			for pos, a := range seq {
				if int(ca1.Cells[k])/p.AssemblyCA1 != a {
					continue
				}
				if e.Replay.Rho < 0 { // reverse: count in the order replayed
					pos = len(seq) - 1 - pos
				}
				perPos[pos] += 1 / float64(p.AssemblyCA1)
			}
		}
	}
	if replays < 3 {
		t.Fatalf("%d significant replays in the night; want ≥ 3 to measure CA1", replays)
	}
	for pos := range perPos {
		perPos[pos] /= float64(replays)
	}
	t.Logf("%d significant replays; CA1 spikes per cell of each item, in replay order: %.2f", replays, perPos)
	for pos, x := range perPos {
		if x < 1 {
			t.Errorf("item %d of the replayed route: %.2f CA1 spikes per cell per replay, want ≥ 1", pos+1, x)
		}
	}
}
