package brain_test

import (
	"context"
	"fmt"

	"engram/brain"
	"engram/task"
)

// ExampleRun lives one day of the default task — one route of five
// places experienced once, a night, a test — on the default brain, cut to
// the cells five items need and to a night of 2 s (docs/model.md §7).
func ExampleRun() {
	tp := brain.DefaultTask()
	tp.Days = 1
	t, err := task.Generate(tp, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := brain.DefaultParams()
	p.SleepMs = 2000
	p.CortexTrials = 1
	// Five item assemblies: 5·80 CA3 and 5·40 CA1 pyramidal cells, 5·50
	// cortical E cells (New raises sizes that are too small, never lowers).
	p.Hippocampus.NPC, p.Hippocampus.NCA1 = 400, 200
	p.Cortex.NE, p.Cortex.NI = 250, 63

	r, err := brain.Run(context.Background(), t, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("chance %.2f\n", r.Chance)
	for _, d := range r.Days {
		fmt.Printf("day %d: %d ripples, %d replays, %d synapses pruned\n", d.Day+1, d.SWR, d.Replays, d.Prune.Removed)
		for _, e := range d.Recall {
			fmt.Printf("route %d: cortex %.2f %v, hippocampus %.2f %v, better of two %.2f\n",
				e.Episode+1, e.Cortex, e.CortexRecalled, e.Hippocampus, e.HippocampusRecalled, e.Both)
		}
	}
	// Output:
	// chance 0.15
	// day 1: 1 ripples, 1 replays, 10056 synapses pruned
	// route 1: cortex 0.75 [2 3 22], hippocampus 1.00 [2 3 22 23], better of two 1.00
}
