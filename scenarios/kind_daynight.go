package scenarios

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"engram/ann"
	"engram/brain"
	"engram/report"
	"engram/task"
)

// dayNightKind runs the brain and the Transformer's memory modes through
// the days of the task (the default scenario), and with a lesion an
// intact twin of the brain beside it.
type dayNightKind struct{}

func (dayNightKind) Name() string { return "day-night" }
func (dayNightKind) Doc() string {
	return "the brain and the Transformer through the days of the task, side by side"
}
func (dayNightKind) Reads() []string        { return []string{"dt_ms", "workers", "task", "brain", "ann"} }
func (dayNightKind) check(s Scenario) error { return checkTask(s) }

// Estimate: the simulated time of the days (awake, sleep, and each test's
// recalls) over the brain's speed; memory from the synapses of CA3 and
// the cortex, sized for the task's items.
func (dayNightKind) Estimate(s Scenario) (float64, int64) {
	t := s.Task
	simMs := 0.0
	for d := 1; d <= t.Days; d++ {
		awake := float64(t.EpisodesPerDay) * (float64(t.EpisodeLen)*t.ItemMs + t.GapMs) * 2
		tests := float64(d*t.EpisodesPerDay) * float64(s.Brain.CortexTrials+2) * recallMs
		simMs += awake + s.Brain.SleepMs + tests
	}
	items := t.Days * t.EpisodesPerDay * t.EpisodeLen
	p := s.Brain.Params.Sized(items)
	npc, ne := int64(p.Hippocampus.NPC), int64(p.Cortex.NE)
	syn := npc*npc/5 + ne*200 + int64(p.Hippocampus.NCA1)*npc/20
	return simMs / 1000 / brainBioPerWall * 0.1 / s.DtMs, syn * bytesPerSynapse
}

// Run lives the days (DayNight) and, when the hippocampus is lesioned
// from day 2 on, an intact twin beside it for the Ribot gradient.
func (dayNightKind) Run(ctx context.Context, s Scenario, progress Progress) (Outcome, error) {
	return runDayNight(ctx, s, progress)
}

// annKind runs the Transformer's memory modes alone on the task.
type annKind struct{}

func (annKind) Name() string { return "ann" }
func (annKind) Doc() string {
	return "the Transformer alone through the days of the task, in each memory mode"
}
func (annKind) Reads() []string        { return []string{"task", "ann"} }
func (annKind) check(s Scenario) error { return checkTask(s) }

// Estimate: a few seconds, or about 80 s more when the model's shape or
// pre-training differ from the shipped pre-trained model's.
func (annKind) Estimate(s Scenario) (float64, int64) {
	sec := 5.0
	if s.ANN.Pretrain.Steps > 0 && s.ANN.Recipe() != ann.DefaultParams().Recipe() {
		sec += 80
	}
	return sec, 64 << 20
}

func (annKind) Run(ctx context.Context, s Scenario, progress Progress) (Outcome, error) {
	return runDayNight(ctx, s, progress)
}

// runDayNight lives a day-night scenario with DayNight; a lesion from day
// 2 on also runs an intact twin of the brain (no Transformer) at the same
// time. Each is deterministic for the seed, so the outcome does not depend
// on scheduling.
func runDayNight(ctx context.Context, s Scenario, progress Progress) (Outcome, error) {
	dn, err := NewDayNight(s)
	if err != nil {
		return nil, err
	}
	defer dn.Close()
	days := len(dn.Task.Days)
	lesion := dn.Brain != nil && dn.Brain.P.LesionDay >= 1 && dn.Brain.P.LesionDay < days
	total := len(dn.Modes) * days
	if dn.Brain != nil {
		total += days
	}
	if lesion {
		total += days
	}
	var mu sync.Mutex
	done := 0
	step := func() {
		if progress == nil {
			return
		}
		mu.Lock()
		done++
		n := done
		mu.Unlock()
		progress(n, total)
	}
	o := &dayNightOutcome{report: report.DayNight{Name: s.Name, Description: s.Description, Seed: s.Seed, Task: dn.Task,
		MgMM: s.Brain.MgMM, Alpha: s.ANN.Alpha, Beta: s.ANN.Beta, Modes: dn.Modes, ANN: map[ann.Mode]*ann.Result{}}}
	if dn.Brain != nil {
		o.report.WeightsBefore = dn.Brain.C.WeightMatrix()
	}
	var control brain.Result
	var controlErr error
	var wg sync.WaitGroup
	if lesion {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs := s
			cs.Brain.LesionDay, cs.ANN.Modes = 0, nil
			twin, err := NewDayNight(cs)
			if err != nil {
				controlErr = err
				return
			}
			defer twin.Close()
			controlErr = twin.Run(ctx, DayNightHooks{BrainDay: func(brain.DayResult) { step() }})
			control = brainResult(twin)
		}()
	}
	err = dn.Run(ctx, DayNightHooks{BrainDay: func(brain.DayResult) { step() },
		ANNDay: func(int, []*ann.Runner) {
			for range dn.Modes {
				step()
			}
		}})
	wg.Wait()
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	if controlErr != nil && ctx.Err() == nil {
		return nil, fmt.Errorf("brain (intact control): %w", controlErr)
	}
	o.report.Complete = ctx.Err() == nil
	if o.hasBrain = dn.Brain != nil; o.hasBrain {
		o.report.Brain = brainResult(dn)
		o.report.WeightsAfter = dn.Brain.C.WeightMatrix()
		o.simMs = dn.Brain.Net.TimeMs()
		for _, d := range dn.Days() {
			o.brainWall += d.WallSeconds
		}
	}
	o.report.Brain.Chance = task.ChanceScore(dn.Task.Params.VocabSize, dn.Task.Params.EpisodeLen)
	for i, r := range dn.ANNResults() {
		o.report.ANN[dn.Modes[i]] = r
	}
	if o.hasBrain && len(o.report.Brain.Days) > 0 {
		sel, err := measureSelection(dn.Brain.P, o.report.ANN, s.ANN.Alpha)
		if err != nil {
			return nil, err
		}
		o.report.Selection = &sel
	}
	if lesion && o.report.Complete {
		lr, err := brain.NewLesionResult(o.report.Brain, control, dn.Brain.P.LesionDay)
		if err != nil {
			return nil, err
		}
		o.report.Lesion = &lr
	}
	return o, nil
}

// brainResult returns the brain's days so far as a brain.Result.
func brainResult(dn *DayNight) brain.Result {
	tp := dn.Task.Params
	return brain.Result{Params: dn.Brain.P, Task: dn.Task, Chance: task.ChanceScore(tp.VocabSize, tp.EpisodeLen), Days: dn.Days()}
}

// dayNightOutcome is a day-night (or ann) run: what the report shows.
type dayNightOutcome struct {
	report    report.DayNight
	hasBrain  bool
	simMs     float64
	brainWall float64
}

func (o *dayNightOutcome) Complete() bool       { return o.report.Complete }
func (o *dayNightOutcome) SimulatedMs() float64 { return o.simMs }
func (o *dayNightOutcome) Write(dir string) error {
	return report.Write(dir, o.report)
}

// axis labels the headline numbers in a sweep's figure.
func (o *dayNightOutcome) axis() string { return "mean recall at the last test" }

// brainWallSeconds is the wall time of the brain's days (timing.json).
func (o *dayNightOutcome) brainWallSeconds() float64 { return o.brainWall }

func (o *dayNightOutcome) Headline() string {
	r := o.report
	var b strings.Builder
	n := len(r.Brain.Days)
	if n > 0 {
		d := r.Brain.Days[n-1]
		fmt.Fprintf(&b, "%d days; last test: cortex %.2f, hippocampus %.2f, both %.2f (chance %.2f)", n, d.Cortex, d.Hippocampus, d.Both, r.Brain.Chance)
	} else {
		fmt.Fprintf(&b, "%d days of the Transformer (chance %.2f)", annDays(r), r.Brain.Chance)
	}
	for _, m := range r.Modes {
		if a := r.ANN[m]; a != nil && len(a.Recall) > 0 {
			fmt.Fprintf(&b, "; ann %s %.2f", m, a.MeanRecall(len(a.Recall)-1))
		}
	}
	return b.String()
}

// annDays is the number of days the Transformer lived.
func annDays(r report.DayNight) int {
	n := 0
	for _, a := range r.ANN {
		n = max(n, len(a.Recall))
	}
	return n
}

// Numbers: the brain's three readouts at the last test (a brain run) and
// each mode's mean recall at its last test.
func (o *dayNightOutcome) Numbers() []Number {
	r := o.report
	var out []Number
	if o.hasBrain {
		c, h, b := math.NaN(), math.NaN(), math.NaN()
		if n := len(r.Brain.Days); n > 0 {
			d := r.Brain.Days[n-1]
			c, h, b = d.Cortex, d.Hippocampus, d.Both
		}
		out = append(out, Number{"brain_cortex", c}, Number{"brain_hippocampus", h}, Number{"brain_both", b})
	}
	for _, m := range r.Modes {
		v := math.NaN()
		if a := r.ANN[m]; a != nil && len(a.Recall) > 0 {
			v = a.MeanRecall(len(a.Recall) - 1)
		}
		out = append(out, Number{"ann_" + string(m), v})
	}
	return out
}
