package ann_test

import (
	"fmt"

	"engram/ann"
	"engram/task"
)

// ExampleRun lives three days of the shared task, one route of five items
// a day, in each of the Transformer's four memory modes (the default model,
// starting from its shipped pre-trained weights) and prints the recall of
// the day-1 route in the test after each day (docs/model.md §5).
func ExampleRun() {
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay, tp.VocabSize = 3, 1, 15
	t, err := task.Generate(tp, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range ann.Modes() {
		r, err := ann.Run(t, ann.DefaultParams(), m)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-8s day-1 route after days 1–3: %v\n", m, r.RecallOfDay(0))
	}
	// Output:
	// none     day-1 route after days 1–3: [1 0 0]
	// finetune day-1 route after days 1–3: [1 0 0]
	// replay   day-1 route after days 1–3: [1 1 1]
	// rag      day-1 route after days 1–3: [1 1 1]
}
