package scenarios_test

import (
	"fmt"

	"engram/scenarios"
)

// ExampleLoad loads the default scenario, shipped in the binary, by its
// name (a path to a .toml file works the same way). Keys the file does not
// set keep their defaults (scenarios.Default).
func ExampleLoad() {
	s, err := scenarios.Load("day-night")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.File, "model", s.Model, "seed", s.Seed)
	fmt.Printf("task: %d days, %d route(s) of %d items a day, %d items, salient fraction %g\n",
		s.Task.Days, s.Task.EpisodesPerDay, s.Task.EpisodeLen, s.Task.Vocab, s.Task.SalientFraction)
	fmt.Printf("brain: nights of %g ms at [Mg²⁺] %g mM\n", s.Brain.SleepMs, s.Brain.MgMM)
	fmt.Println("ann modes:", s.ANN.Modes)
	// Output:
	// embedded:day-night.toml model day-night seed 1
	// task: 5 days, 1 route(s) of 5 items a day, 25 items, salient fraction 0.5
	// brain: nights of 10000 ms at [Mg²⁺] 1 mM
	// ann modes: [none finetune replay rag]
}
