package validation

import (
	"fmt"
	"math"
	"strings"

	"engram/brain"
	"engram/task"
)

// brainTask returns the task and brain of the rows that measure the
// default brain (V8–V11): the default scenario's task (5 days, one route
// of 5 places a day) on brain.DefaultParams with the row's seed, or with
// opt.Quick the first 3 days of it (the unit tests' budget).
func brainTask(opt Options) (*task.Task, brain.Params, error) {
	tp := brain.DefaultTask()
	if opt.Quick {
		tp.Days, tp.VocabSize = 3, 15
	}
	t, err := task.Generate(tp, opt.Seed)
	if err != nil {
		return nil, brain.Params{}, err
	}
	p := brain.DefaultParams()
	p.Seed = opt.Seed
	return t, p, nil
}

// routeRecall is one route's cortex-alone recall in the last test of a run.
type routeRecall struct {
	// Episode is the route's ID, LearnedDay the day it was experienced.
	Episode, LearnedDay int
	// Nights is how many nights of sleep it had before the last test
	// (its own day's night included).
	Nights int
	// Cortex is its cortex-alone recall (brain.Cortex readout).
	Cortex float64
}

// lastTest returns every route's cortex-alone recall in the last test of r.
func lastTest(r brain.Result) []routeRecall {
	if len(r.Days) == 0 {
		return nil
	}
	d := r.Days[len(r.Days)-1]
	var out []routeRecall
	for _, e := range d.Recall {
		out = append(out, routeRecall{Episode: e.Episode, LearnedDay: e.LearnedDay, Nights: d.Day - e.LearnedDay + 1, Cortex: e.Cortex})
	}
	return out
}

// meanWhere returns the mean cortex recall of the routes for which keep
// holds, and how many there were.
func meanWhere(rs []routeRecall, keep func(routeRecall) bool) (float64, int) {
	s, n := 0.0, 0
	for _, r := range rs {
		if keep(r) {
			s += r.Cortex
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return s / float64(n), n
}

// byNights returns the mean cortex-alone recall of the routes in every
// test of r, grouped by the nights of replay each route had had by that
// test (index 0: one night).
func byNights(r brain.Result) []float64 {
	var sum []float64
	var n []int
	for _, d := range r.Days {
		for _, e := range d.Recall {
			k := d.Day - e.LearnedDay
			for len(sum) <= k {
				sum, n = append(sum, 0), append(n, 0)
			}
			sum[k] += e.Cortex
			n[k]++
		}
	}
	for k := range sum {
		sum[k] /= float64(n[k])
	}
	return sum
}

// scores formats scores for a check's name: "0.25, 0.5, 1".
func scores(x []float64) string {
	s := make([]string, len(x))
	for k, v := range x {
		s[k] = fmt.Sprintf("%.2f", v)
	}
	return strings.Join(s, ", ")
}

// scoreDiff returns a − b for two recall scores, rounded to 1e-9. Scores
// are means of quarter steps (multiples of 1/80 in the default brain's
// tests), so a difference that lies on a threshold (20 points, 0.1) is
// decided by the model, not by floating-point error in the means.
func scoreDiff(a, b float64) float64 { return math.Round((a-b)*1e9) / 1e9 }
