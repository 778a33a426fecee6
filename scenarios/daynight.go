package scenarios

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"engram/ann"
	"engram/brain"
	"engram/task"
)

// DayNight lives a day-night scenario: the brain through the days of the
// task, phase by phase (brain.Awake, Sleep, Test), and each Transformer
// memory mode through the same days (ann.Runner.Step), day d as soon as the
// brain has finished day d. It is the one stepper of a day-night run: the
// batch run (the day-night and ann kinds) loops it and writes, the live
// session (package live) drives the same stepper and adds pacing and
// snapshots. A scenario's modes see only the task, so the ANN's results do
// not depend on when its days run.
type DayNight struct {
	// Scenario is the scenario being lived.
	Scenario Scenario
	// Task is the task generated from the scenario's seed.
	Task *task.Task
	// Brain is the brain (nil for model "ann", the Transformer alone).
	Brain *brain.Brain
	// Modes are the Transformer's memory modes, in the scenario's order.
	Modes []ann.Mode

	ap      ann.Params
	alpha   atomic.Uint64 // α of the Transformer from its next day
	mu      sync.Mutex
	cancel  context.CancelFunc // ends the brain's awake or sleep phase
	days    []brain.DayResult
	results []*ann.Result // by mode, after the ANN's last day (nil before)
}

// DayNightHooks are told of a DayNight's progress (each may be nil).
type DayNightHooks struct {
	// PhaseDone is called on the stepping goroutine after each awake or
	// sleep phase of the brain.
	PhaseDone func()
	// BrainDay is called on the stepping goroutine after each day's test.
	BrainDay func(brain.DayResult)
	// ANNDay is called on the Transformer's goroutine once every mode has
	// lived day d, with each mode's runner (read it there, not later).
	ANNDay func(d int, runners []*ann.Runner)
}

// NewDayNight generates the scenario's task and builds its brain (model
// "day-night"). The Transformer's runners are built when Run starts.
func NewDayNight(s Scenario) (*DayNight, error) {
	t, err := task.Generate(s.TaskParams(), s.Seed)
	if err != nil {
		return nil, err
	}
	d := &DayNight{Scenario: s, Task: t, ap: annParams(s)}
	d.alpha.Store(math.Float64bits(d.ap.Alpha))
	for _, m := range s.ANN.Modes {
		mode, err := ann.ParseMode(m)
		if err != nil {
			return nil, err
		}
		d.Modes = append(d.Modes, mode)
	}
	if s.Model == "day-night" {
		if d.Brain, err = brain.New(t, brainParams(s)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// brainParams returns the brain of scenario s.
func brainParams(s Scenario) brain.Params {
	bp := s.Brain.Params
	bp.Seed, bp.Workers = s.Seed, s.Workers
	// The scenario numbers days from 1, the brain from 0.
	bp.LesionDay = s.Brain.LesionDay - 1
	bp.DeprivedDays = nil
	for _, d := range s.Brain.DeprivedDays {
		bp.DeprivedDays = append(bp.DeprivedDays, d-1)
	}
	bp.Cortex.PruneSchedule = slices.Clone(bp.Cortex.PruneSchedule)
	return bp
}

// annParams returns the Transformer of scenario s.
func annParams(s Scenario) ann.Params {
	ap := s.ANN.Params
	ap.Seed = s.Seed
	return ap
}

// Close releases the brain's network.
func (d *DayNight) Close() {
	if d.Brain != nil {
		d.Brain.Close()
	}
}

// SetAlpha sets α of the Transformer's NMDA activation from its next day
// (checked when that day starts).
func (d *DayNight) SetAlpha(alpha float64) { d.alpha.Store(math.Float64bits(alpha)) }

// Alpha returns the α the Transformer's next day uses.
func (d *DayNight) Alpha() float64 { return math.Float64frombits(d.alpha.Load()) }

// EndPhase ends the brain's awake or sleep phase now (the next phase
// follows), and reports whether one was running.
func (d *DayNight) EndPhase() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel == nil {
		return false
	}
	d.cancel()
	return true
}

// Days returns the brain's days so far (call it from the stepping
// goroutine, or after Run).
func (d *DayNight) Days() []brain.DayResult { return d.days }

// ANNResults returns each mode's result, in Modes' order, after Run (nil
// for a mode whose runner was never built).
func (d *DayNight) ANNResults() []*ann.Result { return d.results }

// Run lives the days that remain: the brain's on the calling goroutine,
// the Transformer's on another, each ANN day once the brain has finished
// it. It returns nil when every day is done and ctx's error when ctx was
// cancelled (the days that finished are kept); the Transformer's error,
// if any, stops the run.
func (d *DayNight) Run(ctx context.Context, h DayNightHooks) error {
	days := len(d.Task.Days)
	ready := make(chan int, days)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var annErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if annErr = d.runANN(ctx, ready, h.ANNDay); annErr != nil && ctx.Err() == nil {
			stop()
		}
	}()
	err := d.runBrain(ctx, ready, h)
	close(ready)
	wg.Wait()
	if annErr != nil && !isCancel(annErr) {
		return annErr
	}
	return err
}

// runBrain lives the brain's remaining days, sending each finished day on
// ready; without a brain, every day is ready at once.
func (d *DayNight) runBrain(ctx context.Context, ready chan<- int, h DayNightHooks) error {
	b := d.Brain
	if b == nil {
		for day := range d.Task.Days {
			ready <- day
		}
		return nil
	}
	for b.DaysDone() < len(d.Task.Days) {
		for _, phase := range []func(context.Context) error{b.Awake, b.Sleep} {
			pctx, cancel := context.WithCancel(ctx)
			d.mu.Lock()
			d.cancel = cancel
			d.mu.Unlock()
			err := phase(pctx)
			d.mu.Lock()
			d.cancel = nil
			d.mu.Unlock()
			cancel()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil && !isCancel(err) {
				return err
			}
			if h.PhaseDone != nil {
				h.PhaseDone()
			}
		}
		r, err := b.Test(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return err
		}
		d.days = append(d.days, r)
		if h.BrainDay != nil {
			h.BrainDay(r)
		}
		ready <- r.Day
	}
	return nil
}

// runANN builds the Transformer's runners (pre-training the starting
// weights first if the scenario's α or β needs it) and lives each mode's
// day d once d arrives on ready.
func (d *DayNight) runANN(ctx context.Context, ready <-chan int, hook func(int, []*ann.Runner)) error {
	if len(d.Modes) == 0 {
		for range ready {
		}
		return nil
	}
	if _, err := ann.PrepareContext(ctx, d.ap, nil); err != nil {
		return err
	}
	runners := make([]*ann.Runner, len(d.Modes))
	for i, m := range d.Modes {
		r, err := ann.NewRunner(d.Task, d.ap, m)
		if err != nil {
			return fmt.Errorf("ann %s: %w", m, err)
		}
		runners[i] = r
	}
	defer func() {
		d.results = make([]*ann.Result, len(runners))
		for i, r := range runners {
			d.results[i] = r.Result()
		}
	}()
	for day := range ready {
		alpha := d.Alpha()
		for i, r := range runners {
			if r.Alpha() != alpha {
				if err := r.SetAlpha(alpha); err != nil {
					return fmt.Errorf("ann %s: %w", d.Modes[i], err)
				}
			}
			for !r.Done() && r.Day() <= day {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if err := r.Step(); err != nil {
					return fmt.Errorf("ann %s: %w", d.Modes[i], err)
				}
			}
		}
		if hook != nil {
			hook(day, runners)
		}
	}
	return nil
}

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
