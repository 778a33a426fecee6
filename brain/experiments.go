package brain

import (
	"context"
	"fmt"
	"sync"

	"engram/cortex"
	"engram/task"
)

// pair runs two brains on the same task at once, one per goroutine, and
// returns both results (each deterministic for its parameters). The first
// error is returned; results hold the days completed.
func pair(ctx context.Context, t *task.Task, a, b Params) (Result, Result, error) {
	var ra, rb Result
	var ea, eb error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ra, ea = Run(ctx, t, a) }()
	go func() { defer wg.Done(); rb, eb = Run(ctx, t, b) }()
	wg.Wait()
	if ea != nil {
		return ra, rb, ea
	}
	return ra, rb, eb
}

// allDays returns the days 0 … n−1.
func allDays(n int) []int {
	d := make([]int, n)
	for k := range d {
		d[k] = k
	}
	return d
}

// ConsolidationResult is the outcome of Consolidation: the same brain
// with and without sleep replay.
type ConsolidationResult struct {
	// Replay is the run with normal sleep (sharp-wave ripples every
	// night); NoReplay the run whose every night is deprived of them.
	Replay, NoReplay Result
}

// Consolidation lives through the days of t twice, on two brains built
// from p (in parallel): once with sharp-wave-ripple replay every night,
// once with every night deprived of it (p.DeprivedDays is overridden). The
// cortex-only recall curves of the two (Result.Curve(Cortex)) show
// systems consolidation by sleep replay (docs/model.md §6 V8, here driven by the
// hippocampus itself).
func Consolidation(ctx context.Context, t *task.Task, p Params) (ConsolidationResult, error) {
	if t == nil {
		return ConsolidationResult{}, fmt.Errorf("brain: no task")
	}
	on, off := p, p
	on.DeprivedDays = nil
	off.DeprivedDays = allDays(len(t.Days))
	var r ConsolidationResult
	var err error
	r.Replay, r.NoReplay, err = pair(ctx, t, on, off)
	return r, err
}

// RibotPoint is one episode's recall around a hippocampal lesion.
type RibotPoint struct {
	// Episode is the episode's ID; LearnedDay the day it was experienced.
	Episode, LearnedDay int
	// AgeDays is the memory's age at the lesion, days: LesionDay −
	// LearnedDay (≥ 1 for memories formed before the lesion; ≤ 0 for
	// episodes experienced on or after the lesion day).
	AgeDays int
	// Before is the whole brain's recall (Both) in the last test before
	// the lesion (NaN-free: 0 for episodes not yet learned then).
	Before float64
	// After is the lesioned brain's recall (Both, which is the cortex's
	// now) in the last test of the run; Control the intact brain's in the
	// same test.
	After, Control float64
}

// LesionResult is the outcome of Lesion.
type LesionResult struct {
	// LesionDay is the day at whose start the hippocampus was lesioned.
	LesionDay int
	// Lesioned is the run with the lesion, Control the intact run.
	Lesioned, Control Result
	// Ribot holds every episode's recall around the lesion, in the order
	// experienced: recall against age at the lesion (the Ribot gradient).
	Ribot []RibotPoint
}

// Lesion lives through the days of t on two brains built from p (in
// parallel): one whose hippocampus is lesioned at the start of day
// lesionDay (1 … days−1), and an intact control. Recall after the lesion
// against the memory's age at the lesion is the Ribot gradient (Ribot
// 1881; Scoville & Milner 1957; Squire & Alvarez 1995): memories the
// cortex had time to consolidate survive, recent ones are lost, and new
// ones cannot be formed (validation row V9).
func Lesion(ctx context.Context, t *task.Task, p Params, lesionDay int) (LesionResult, error) {
	r := LesionResult{LesionDay: lesionDay}
	if t == nil {
		return r, fmt.Errorf("brain: no task")
	}
	if lesionDay < 1 || lesionDay >= len(t.Days) {
		return r, fmt.Errorf("brain: lesion day = %d, want 1 … %d (the task's days − 1)", lesionDay, len(t.Days)-1)
	}
	les, ctl := p, p
	les.LesionDay, ctl.LesionDay = lesionDay, -1
	lr, cr, err := pair(ctx, t, les, ctl)
	if err != nil {
		r.Lesioned, r.Control = lr, cr
		return r, err
	}
	return NewLesionResult(lr, cr, lesionDay)
}

// NewLesionResult pairs a run lesioned at the start of lesionDay with its
// intact control (same task and parameters otherwise, every day done) and
// reads off the Ribot gradient: each episode's recall in the last test
// before the lesion, and the lesioned and control brains' recall in the
// last test of the run.
func NewLesionResult(lesioned, control Result, lesionDay int) (LesionResult, error) {
	r := LesionResult{LesionDay: lesionDay, Lesioned: lesioned, Control: control}
	n := len(lesioned.Days)
	if lesionDay < 1 || lesionDay >= n || len(control.Days) != n {
		return r, fmt.Errorf("brain: lesion day %d with %d lesioned and %d control days; want 1 ≤ day < days, equal days",
			lesionDay, n, len(control.Days))
	}
	before := lesioned.Days[lesionDay-1]
	after := lesioned.Days[n-1]
	ctl := control.Days[n-1]
	for k, e := range after.Recall {
		pt := RibotPoint{Episode: e.Episode, LearnedDay: e.LearnedDay, AgeDays: lesionDay - e.LearnedDay,
			After: e.Both, Control: ctl.Recall[k].Both}
		for _, b := range before.Recall {
			if b.Episode == e.Episode {
				pt.Before = b.Both
			}
		}
		r.Ribot = append(r.Ribot, pt)
	}
	return r, nil
}

// DeprivationResult is the outcome of SleepDeprivation.
type DeprivationResult struct {
	// Days lists the deprived days.
	Days []int
	// Deprived is the run with those nights deprived of sharp-wave
	// ripples, Control the run with normal sleep.
	Deprived, Control Result
}

// SleepDeprivation lives through the days of t on two brains built from p
// (in parallel): one whose nights on days are deprived of sharp-wave
// ripples (the hippocampus sleeps with its recurrent excitation held at
// its awake level, so nothing is replayed), and a control that sleeps
// normally every night.
func SleepDeprivation(ctx context.Context, t *task.Task, p Params, days []int) (DeprivationResult, error) {
	r := DeprivationResult{Days: append([]int(nil), days...)}
	if t == nil {
		return r, fmt.Errorf("brain: no task")
	}
	dep, ctl := p, p
	dep.DeprivedDays, ctl.DeprivedDays = r.Days, nil
	if err := dep.Validate(); err != nil {
		return r, err
	}
	var err error
	r.Deprived, r.Control, err = pair(ctx, t, dep, ctl)
	return r, err
}

// PruningResult is the outcome of Pruning: the same brain pruned online
// by its own rule, not pruned, and pruned at random by the same amounts.
type PruningResult struct {
	// Pruned is the run with p's pruning rule; Unpruned the same run with
	// pruning off; Random the run whose cortex removes, after each night,
	// as many plastic E→E synapses as Pruned did, chosen at random.
	Pruned, Unpruned, Random Result
}

// Pruning lives through the days of t three times on brains built from
// p: as p prunes (p.Cortex.Pruning after each night, by its schedule),
// with pruning off (in parallel with the first), and then with random
// pruning of the same number of synapses each night as the first run
// removed (the control: selection, not amount, is what keeps memories;
// docs/model.md §6 V10).
func Pruning(ctx context.Context, t *task.Task, p Params) (PruningResult, error) {
	var r PruningResult
	if t == nil {
		return r, fmt.Errorf("brain: no task")
	}
	if p.Cortex.Pruning == cortex.PruneNone || p.Cortex.Pruning == cortex.PruneRandom {
		return r, fmt.Errorf("brain: Pruning compares a selective rule with its controls; Cortex.Pruning = %q", p.Cortex.Pruning)
	}
	off := p
	off.Cortex.Pruning = cortex.PruneNone
	var err error
	if r.Pruned, r.Unpruned, err = pair(ctx, t, p, off); err != nil {
		return r, err
	}
	rnd := p
	rnd.Cortex.Pruning = cortex.PruneRandom
	rnd.Cortex.PruneSchedule = nil
	for _, d := range r.Pruned.Days {
		f := 0.0
		if d.Prune.PlasticBefore > 0 {
			f = float64(d.Prune.Removed) / float64(d.Prune.PlasticBefore)
		}
		rnd.Cortex.PruneSchedule = append(rnd.Cortex.PruneSchedule, f)
	}
	r.Random, err = Run(ctx, t, rnd)
	return r, err
}

// MgSweep lives through the days of t on one brain built from p at each
// [Mg²⁺] of mgMM (mM), parallel at a time, and returns the runs in the
// order of mgMM: the whole brain's consolidation against the Mg²⁺ block
// of the NMDA receptors through which its cortex learns (docs/model.md §6
// V11). Each run is deterministic for its parameters.
func MgSweep(ctx context.Context, t *task.Task, p Params, mgMM []float64, parallel int) ([]Result, error) {
	if t == nil {
		return nil, fmt.Errorf("brain: no task")
	}
	if parallel < 1 || len(mgMM) == 0 {
		return nil, fmt.Errorf("brain: Mg sweep of %d values, %d at a time; want ≥ 1 value and ≥ 1 at a time", len(mgMM), parallel)
	}
	for k, mg := range mgMM {
		q := p
		q.MgMM = mg
		if err := q.Validate(); err != nil {
			return nil, fmt.Errorf("brain: Mg sweep value %d: %w", k, err)
		}
	}
	out := make([]Result, len(mgMM))
	errs := make([]error, len(mgMM))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for k, mg := range mgMM {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			q := p
			q.MgMM = mg
			out[k], errs[k] = Run(ctx, t, q)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
