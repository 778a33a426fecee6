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

// v9LesionDay is the day (from 0) at whose start V9 lesions the
// hippocampus: the third day, so that the day-1 route has had 2 nights of
// replay, the day-2 route 1 (the day before the lesion), and the routes of
// days 3–5 are experienced after it.
const v9LesionDay = 2

// runV9 lesions the hippocampus of the default brain at the start of day
// 3 (brain.Lesion, with an intact control) and checks docs/model.md §7 on the
// cortex's recall in the last test (after the lesion the cortex is the
// only memory; with opt.Quick the task has 3 days, so the last test is on
// the lesion day itself):
//
//   - routes ≥ 2 nights old at the lesion are kept: mean recall ≥ 0.7;
//   - the day-before route is lost: recall ≤ chance + 0.1;
//   - routes experienced after the lesion are not learned: the best of
//     them ≤ chance + 0.1;
//
// and, in the full row, reports the recall of the day-before route of a
// lesion one day later (see below).
//
// The thresholds are those of docs/model.md §7, set before the row was run.
func runV9(opt Options) ([]Check, error) {
	t, p, err := brainTask(opt)
	if err != nil {
		return nil, err
	}
	r, err := brain.Lesion(context.Background(), t, p, v9LesionDay)
	if err != nil {
		return nil, err
	}
	chance := r.Lesioned.Chance
	var old, oldN float64
	recent := math.NaN()
	newer := math.Inf(-1)
	last := lastTest(r.Lesioned)
	for _, rr := range last {
		switch age := v9LesionDay - rr.LearnedDay; {
		case age >= 2:
			old += rr.Cortex
			oldN++
		case age == 1:
			recent = rr.Cortex
		default:
			newer = max(newer, rr.Cortex)
		}
	}
	if oldN == 0 || math.IsNaN(recent) || math.IsInf(newer, -1) {
		return nil, fmt.Errorf("V9: lesion on day %d of %d leaves no old, day-before or later route", v9LesionDay+1, len(t.Days))
	}
	old /= oldN
	tag := func(day int) string {
		if salientDay(t, day) {
			return "salient"
		}
		return "untagged"
	}
	var ribot string
	for _, pt := range r.Ribot {
		ribot += fmt.Sprintf(" route of day %d (%s): %.2f (intact %.2f);", pt.LearnedDay+1, tag(pt.LearnedDay), pt.After, pt.Control)
	}
	inf := math.Inf(1)
	checks := []Check{
		Within(fmt.Sprintf("cortex recall after the lesion of routes ≥ 2 nights old at it (chance %.2f;%s)", chance, ribot), old, "", 0.7, 1),
		Within(fmt.Sprintf("cortex recall after the lesion of the day-before route (%s)", tag(v9LesionDay-1)), recent, "", -inf, chance+0.1),
		Within("best cortex recall of the routes experienced after the lesion", newer, "", -inf, chance+0.1),
	}
	// The task tags the routes of days 1, 3 and 5 (half of them, rounded
	// day by day), so the day-before route of a day-3 lesion is untagged
	// on every seed. The full row also lesions a third brain at the start
	// of day 4, whose day-before route is salient, and reports that
	// route's recall: whether one night suffices for a salient route.
	if !opt.Quick && v9LesionDay+2 < len(t.Days) {
		p4 := p
		p4.LesionDay = v9LesionDay + 1
		l4, err := brain.Run(context.Background(), t, p4)
		if err != nil {
			return nil, err
		}
		for _, rr := range lastTest(l4) {
			if rr.LearnedDay == v9LesionDay {
				checks = append(checks, Within(fmt.Sprintf("cortex recall after a lesion at the start of day %d of its day-before route (%s), reported",
					v9LesionDay+2, tag(v9LesionDay)), rr.Cortex, "", -inf, inf))
			}
		}
	}
	return checks, nil
}

// salientDay reports whether the route of day d (from 0) is tagged salient.
func salientDay(t *task.Task, d int) bool {
	for _, e := range t.Days[d].Episodes {
		if e.Salient {
			return true
		}
	}
	return false
}
