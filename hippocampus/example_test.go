package hippocampus_test

import (
	"context"
	"fmt"

	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

// Example stores one route of five places in the hippocampus with a
// single traversal, recalls it from its first place, then sleeps for 3 s
// and tests every sharp-wave ripple of the night for replay of the route
// (docs/model.md §3). The circuit is the default one, cut to the CA3 and
// CA1 cells that five item assemblies need.
func Example() {
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay, tp.VocabSize = 1, 1, 25
	t, err := task.Generate(tp, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	route := t.Days[0].Episodes[0]

	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer n.Close()
	p := hippocampus.DefaultParams()
	p.NPC = len(route.Items) * p.AssemblyPC
	p.NCA1 = len(route.Items) * p.AssemblyCA1
	h, err := hippocampus.Build(n, p, t.ItemsUsed())
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx := context.Background()
	if err := h.Encode(ctx, route, 1, tp.ItemMs, tp.GapMs); err != nil {
		fmt.Println(err)
		return
	}
	got, err := h.Recall(ctx, route.Cue())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("route:   ", route.Items)
	fmt.Println("recalled:", got, "score", task.Score(route, got))

	h.ResetRecording()
	if err := h.Sleep(ctx, 3000, false); err != nil {
		fmt.Println(err)
		return
	}
	night, err := h.AnalyzeSleep(h.Recording(), tp.ItemMs, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d ripples, %d significant replays (%d forward, %d reverse)\n",
		len(night.Events), night.Significant, night.Forward, night.Reverse)
	for _, e := range night.Events {
		fmt.Printf("ripple at %.0f ms: %d items of the route, r %+.2f, p %.4g, replay %v\n",
			e.Event.StartMs-night.T0Ms, e.Replay.Items, e.Replay.Rho, e.Replay.P, e.IsReplay())
	}
	// Output:
	// route:    [0 2 3 22 23]
	// recalled: [2 3 22 23 22 23] score 1
	// 3 ripples, 2 significant replays (1 forward, 1 reverse)
	// ripple at 1156 ms: 4 items of the route, r -0.90, p 0.06693, replay false
	// ripple at 2120 ms: 5 items of the route, r -0.92, p 0.01798, replay true
	// ripple at 2837 ms: 5 items of the route, r +0.92, p 0.01399, replay true
}
