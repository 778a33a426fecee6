package validation

import (
	"context"
	"fmt"
	"math"
	"slices"

	"engram/brain"
)

func init() {
	register(Row{ID: "V8", Title: "Systems consolidation: the brain's cortex learns the routes from its own replay", Run: runV8})
}

// runV8 lives through the days of the default brain twice
// (brain.Consolidation): with the hippocampus's sharp-wave-ripple replay
// every night, and with every night deprived of ripples. It checks docs/model.md
// §6 V8 and §7 on the cortex alone (CA1 → cortex off during the tests):
//
//   - the day-1 route is recalled at ≥ 0.8 in the last test (5 nights of
//     replay; with opt.Quick, 3 days, ≥ 0.6 after 3 nights);
//   - the routes with ≥ 3 nights of replay are recalled at ≥ 0.7 on
//     average (with opt.Quick only the day-1 route has 3 nights: ≥ 0.6);
//   - recall rises with nights: the mean recall of routes with ≥ 3 nights
//     of replay exceeds that of routes after their first night by ≥ 0.1
//     (over every test of the run);
//   - with every night deprived of ripples no test's mean recall exceeds
//     chance + 0.1.
//
// The thresholds are those of docs/model.md §7, set before the row was run;
// the quick ones are lower because 3 days give fewer nights.
func runV8(opt Options) ([]Check, error) {
	t, p, err := brainTask(opt)
	if err != nil {
		return nil, err
	}
	r, err := brain.Consolidation(context.Background(), t, p)
	if err != nil {
		return nil, err
	}
	chance := r.Replay.Chance
	last := lastTest(r.Replay)
	first, _ := meanWhere(last, func(x routeRecall) bool { return x.LearnedDay == 0 })
	old, nOld := meanWhere(last, func(x routeRecall) bool { return x.Nights >= 3 })
	if nOld == 0 {
		return nil, fmt.Errorf("V8: no route has had 3 nights of replay in %d days", len(t.Days))
	}
	curve := byNights(r.Replay)
	var late, lateN float64
	for k := 2; k < len(curve); k++ {
		late += curve[k]
		lateN++
	}
	rise := late/lateN - curve[0]
	deprived := slices.Max(r.NoReplay.Curve(brain.Cortex))
	d1min, oldMin := 0.8, 0.7
	if opt.Quick {
		d1min, oldMin = 0.6, 0.6
	}
	inf := math.Inf(1)
	return []Check{
		Within(fmt.Sprintf("cortex recall of the day-1 route after %d nights (chance %.2f)", len(t.Days), chance), first, "", d1min, 1),
		Within(fmt.Sprintf("mean cortex recall of the %d routes with ≥ 3 nights of replay", nOld), old, "", oldMin, 1),
		Within(fmt.Sprintf("rise of recall with nights of replay (mean recall by nights: %s)", scores(curve)), rise, "", 0.1, inf),
		Within(fmt.Sprintf("highest mean cortex recall with every night deprived of ripples (by day: %s)", scores(r.NoReplay.Curve(brain.Cortex))),
			deprived, "", -inf, chance+0.1),
	}, nil
}
