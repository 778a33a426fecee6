package sim_test

import (
	"fmt"

	"engram/sim"
)

// ExampleBuildCOBA builds the conductance-based benchmark network of
// Vogels & Abbott (2005) on a new network (dt 0.1 ms, seed 1, [Mg²⁺]
// 1 mM), runs it for one simulated second and reads its mean rate and
// energy meter (docs/model.md §1).
func ExampleBuildCOBA() {
	n, err := sim.New(sim.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer n.Close()
	c, err := sim.BuildCOBA(n, sim.DefaultCOBA())
	if err != nil {
		fmt.Println(err)
		return
	}
	synapses := 0
	for _, p := range n.Projections() {
		synapses += p.Len()
	}
	e, i := n.RecordSpikes(c.E, 0), n.RecordSpikes(c.I, 0)
	if err := n.Run(1000); err != nil {
		fmt.Println(err)
		return
	}
	cells := c.E.Size() + c.I.Size()
	fmt.Printf("%d cells, %d synapses\n", cells, synapses)
	fmt.Printf("mean rate over 1 s: %.0f Hz\n", sim.MeanRate(e.Len()+i.Len(), cells, 1000))
	fmt.Printf("energy: %.2g J\n", n.Energy().Joules)
	// Output:
	// 4000 cells, 320704 synapses
	// mean rate over 1 s: 18 Hz
	// energy: 8.2e-07 J
}
