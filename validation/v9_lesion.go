package validation

import (
	"context"
	"fmt"
	"math"

	"engram/brain"
	"engram/task"
)

func init() {
	register(Row{ID: "V9", Title: "Hippocampal lesion: Ribot gradient", Run: runV9})
}

// v9Setup returns the task and lesion day of V9: the default brain task
// (5 days, one episode a day) lesioned at the start of day 4, or with
// opt.Quick 4 days lesioned at the start of day 3. Either way the last
// test follows the lesion by one day: the oldest episode is 3–4 days old
// at the lesion, the day-before episode 1 day, and the last day's episode
// is experienced after it.
func v9Setup(opt Options) (task.Params, int) {
	tp := brain.DefaultTask()
	if opt.Quick {
		tp.Days, tp.VocabSize = 4, 20
	}
	return tp, tp.Days - 1
}

// runV9 lesions the hippocampus of the default brain and checks MODEL.md
// §6 V9 on the whole brain's recall in the test after the lesion:
//
//   - old consolidated episodes are kept: mean recall of the episodes ≥ 3
//     days old at the lesion is at least chance + 0.25 (the V8 level of a
//     consolidated memory);
//   - recent ones are lost: the episode learned the day before the lesion
//     drops by ≥ 0.25 from its recall in the last test before the lesion,
//     and old minus recent is ≥ 0.2 (the gradient);
//   - new ones are not learned: the episode experienced after the lesion
//     is recalled at most at chance + 0.05 (the V8 no-sleep level).
//
// These ranges were set from MODEL.md §6 before the row was first run.
func runV9(opt Options) ([]Check, error) {
	tp, day := v9Setup(opt)
	t, err := task.Generate(tp, opt.Seed)
	if err != nil {
		return nil, err
	}
	p := brain.DefaultParams()
	p.Seed = opt.Seed
	r, err := brain.Lesion(context.Background(), t, p, day)
	if err != nil {
		return nil, err
	}
	chance := r.Lesioned.Chance
	var old, oldN, recent, recentBefore, newer float64
	var newN int
	for _, pt := range r.Ribot {
		switch {
		case pt.AgeDays >= 3:
			old += pt.After
			oldN++
		case pt.AgeDays == 1:
			recent, recentBefore = pt.After, pt.Before
		case pt.AgeDays <= 0:
			newer += pt.After
			newN++
		}
	}
	if oldN == 0 || newN == 0 {
		return nil, fmt.Errorf("V9: lesion on day %d leaves no old or no new episode", day)
	}
	old /= oldN
	newer /= float64(newN)
	inf := math.Inf(1)
	checks := []Check{
		Within(fmt.Sprintf("recall after the lesion of episodes ≥ 3 days old at it (chance %.2f)", chance), old, "", chance+0.25, 1),
		Within("drop of the day-before episode's recall through the lesion", recentBefore-recent, "", 0.25, 1),
		Within("old minus day-before recall after the lesion (the gradient)", old-recent, "", 0.2, 1),
		Within(fmt.Sprintf("recall of the episode experienced after the lesion (chance %.2f)", chance), newer, "", -inf, chance+0.05),
	}
	for _, pt := range r.Ribot {
		checks = append(checks, Within(fmt.Sprintf("episode %d, %d days old at the lesion: recall after it (before %.2f, intact control %.2f)", pt.Episode, pt.AgeDays, pt.Before, pt.Control),
			pt.After, "", -inf, inf))
	}
	return checks, nil
}
