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
	// WeightsBefore and WeightsAfter are the cortex's mean E→E weights
	// between item assemblies (cortex.WeightMatrix, mV) before the first
	// day and after the last.
	WeightsBefore, WeightsAfter [][]float64
	// Lesion pairs the run with an intact control when the scenario
	// lesions the hippocampus (brain.lesion_day ≥ 1): the Ribot gradient.
	Lesion *brain.LesionResult
}

// brainParams returns the brain of scenario s.
func brainParams(s Scenario) brain.Params {
	bp := brain.DefaultParams()
	bp.Seed, bp.Workers, bp.MgMM = s.Seed, s.Workers, s.Brain.MgMM
	bp.SleepMs, bp.LesionDay, bp.DeprivedDays = s.Brain.SleepMs, s.Brain.LesionDay, s.Brain.DeprivedDays
	bp.CortexTrials = s.Brain.CortexTrials
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
	lesion := s.Model != "ann" && s.Brain.LesionDay >= 1 && s.Brain.LesionDay < len(t.Days)
	total := len(dn.Modes)
	if s.Model != "ann" {
		total += len(t.Days)
	}
	if lesion {
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
	// live runs the days of one brain into out; weights, when set, keeps
	// the cortex's assembly weights before the first day and after the last.
	live := func(p brain.Params, out *brain.Result, weights bool) error {
		b, err := brain.New(t, p)
		if err != nil {
			return err
		}
		defer b.Close()
		*out = brain.Result{Params: b.P, Task: b.Task, Chance: task.ChanceScore(t.Params.VocabSize, t.Params.EpisodeLen)}
		if weights {
			dn.WeightsBefore = b.C.WeightMatrix()
		}
		for b.DaysDone() < len(t.Days) {
			dr, err := b.Day(ctx)
			if err != nil {
				return err
			}
			out.Days = append(out.Days, dr)
			step()
		}
		if weights {
			dn.WeightsAfter = b.C.WeightMatrix()
		}
		return nil
	}
	start := time.Now()
	var wg sync.WaitGroup
	var brainErr, controlErr, annErr error
	var control brain.Result
	wg.Add(2)
	go func() {
		defer wg.Done()
		if s.Model == "ann" {
			return // the Transformer alone
		}
		brainErr = live(bp, &dn.Brain, true)
	}()
	if lesion {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cp := bp
			cp.LesionDay = -1
			controlErr = live(cp, &control, false)
		}()
	}
	go func() {
		defer wg.Done()
		if len(dn.Modes) > 0 {
			if _, err := ann.PrepareContext(ctx, ap, nil); err != nil {
				if ctx.Err() == nil {
					annErr = fmt.Errorf("ann: %w", err)
				}
				return
			}
		}
		for _, m := range dn.Modes {
			r, err := ann.NewRunner(t, ap, m)
			if err != nil {
				annErr = fmt.Errorf("ann %s: %w", m, err)
				return
			}
			for !r.Done() && ctx.Err() == nil {
				if err := r.Step(); err != nil {
					annErr = fmt.Errorf("ann %s: %w", m, err)
					return
				}
			}
			if ctx.Err() != nil {
				return // a mode stopped within its days is not kept
			}
			dn.ANN[m] = r.Result()
			step()
		}
	}()
	wg.Wait()
	complete := ctx.Err() == nil
	if brainErr != nil && complete {
		return nil, fmt.Errorf("brain: %w", brainErr)
	}
	if controlErr != nil && complete {
		return nil, fmt.Errorf("brain (intact control): %w", controlErr)
	}
	if lesion && complete {
		lr, err := brain.NewLesionResult(dn.Brain, control, s.Brain.LesionDay)
		if err != nil {
			return nil, err
		}
		dn.Lesion = &lr
	}
	if annErr != nil {
		return nil, annErr
	}
	return &Result{Scenario: s, DayNight: dn, WallSeconds: time.Since(start).Seconds(), Complete: complete}, nil
}
