package scenarios

import (
	"context"
	"fmt"
	"sync"
	"time"

	"engram/ann"
	"engram/brain"
	"engram/task"
)

// DayNight is the outcome of a day-night run: the brain and the ANN, each
// memory mode, on the same generated task.
type DayNight struct {
	Task  *task.Task
	Brain brain.Result
	ANN   map[ann.Mode]*ann.Result
	// Modes lists the ANN modes in the order the scenario named them.
	Modes []ann.Mode
}

// brainParams returns the brain of scenario s.
func brainParams(s Scenario) brain.Params {
	bp := brain.DefaultParams()
	bp.Seed, bp.Workers, bp.MgMM = s.Seed, s.Workers, s.Brain.MgMM
	bp.SleepMs, bp.LesionDay, bp.DeprivedDays = s.Brain.SleepMs, s.Brain.LesionDay, s.Brain.DeprivedDays
	return bp
}

// annParams returns the Transformer of scenario s.
func annParams(s Scenario) ann.Params {
	ap := ann.DefaultParams()
	ap.Seed, ap.Alpha, ap.Beta, ap.StepsPerDay = s.Seed, s.ANN.Alpha, s.ANN.Beta, s.ANN.StepsPerDay
	return ap
}

// runDayNight generates the task from the seed and runs the brain and the
// ANN modes on it in parallel goroutines. Each is deterministic for the
// seed, so the result does not depend on scheduling. When ctx is cancelled
// the brain stops after its current day; the run is then incomplete.
func runDayNight(ctx context.Context, s Scenario, progress Progress) (*Result, error) {
	t, err := task.Generate(s.TaskParams(), s.Seed)
	if err != nil {
		return nil, err
	}
	bp, ap := brainParams(s), annParams(s)
	dn := &DayNight{Task: t, ANN: map[ann.Mode]*ann.Result{}}
	for _, m := range s.ANN.Modes {
		mode, err := ann.ParseMode(m)
		if err != nil {
			return nil, err
		}
		dn.Modes = append(dn.Modes, mode)
	}
	total := len(dn.Modes)
	if s.Model != "ann" {
		total += len(t.Days)
	}
	var mu sync.Mutex
	done := 0
	step := func() {
		if progress == nil {
			return
		}
		mu.Lock()
		done++
		d := done
		mu.Unlock()
		progress(d, total)
	}
	start := time.Now()
	var wg sync.WaitGroup
	var brainErr, annErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		if s.Model == "ann" {
			return // the Transformer alone
		}
		b, err := brain.New(t, bp)
		if err != nil {
			brainErr = err
			return
		}
		defer b.Close()
		dn.Brain = brain.Result{Params: b.P, Task: b.Task, Chance: task.ChanceScore(t.Params.VocabSize, t.Params.EpisodeLen)}
		for b.DaysDone() < len(t.Days) {
			dr, err := b.Day(ctx)
			if err != nil {
				brainErr = err
				return
			}
			dn.Brain.Days = append(dn.Brain.Days, dr)
			step()
		}
	}()
	go func() {
		defer wg.Done()
		for _, m := range dn.Modes {
			if ctx.Err() != nil {
				return
			}
			r, err := ann.Run(t, ap, m)
			if err != nil {
				annErr = fmt.Errorf("ann %s: %w", m, err)
				return
			}
			dn.ANN[m] = r
			step()
		}
	}()
	wg.Wait()
	complete := ctx.Err() == nil
	if brainErr != nil && complete {
		return nil, fmt.Errorf("brain: %w", brainErr)
	}
	if annErr != nil {
		return nil, annErr
	}
	return &Result{Scenario: s, DayNight: dn, WallSeconds: time.Since(start).Seconds(), Complete: complete}, nil
}
