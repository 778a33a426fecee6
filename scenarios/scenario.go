package scenarios

import (
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"engram/ann"
	"engram/brain"
	"engram/cortex"
	"engram/hippocampus"
	"engram/param"
	"engram/resultdir"
	"engram/sim"
	"engram/task"
)

//go:embed *.toml
var shipped embed.FS

// DefaultName is the scenario `simulate` runs with no argument.
const DefaultName = "day-night"

// Scenario is one experiment. Every key has a default (Default), a unit
// and an allowed range in its tags (see schema.go); `simulate -describe`
// prints them.
type Scenario struct {
	Name        string  `toml:"name" doc:"names the results folder, results/<name>/"`
	Description string  `toml:"description" doc:"the teaching story, shown in the report"`
	Seed        uint64  `toml:"seed" range:"0..9223372036854775807" doc:"seeds every random draw of the run"`
	Seeds       int     `toml:"seeds" range:"1..100" doc:"runs of the scenario (of each sweep point) with seeds seed, seed+1, …; sweep.csv gives mean and standard error"`
	DtMs        float64 `toml:"dt_ms" unit:"ms" range:"0.01..0.5" doc:"integration time step"`
	Workers     int     `toml:"workers" range:"1..64" doc:"goroutines stepping the network (results do not depend on it)"`
	Model       string  `toml:"model" doc:"the kind of scenario: what runs (simulate -describe lists them)"`
	// Task is the shared memory task (models day-night, ann).
	Task Task `toml:"task"`
	// Brain configures the brain of a day-night run.
	Brain Brain `toml:"brain"`
	// ANN configures the Transformer of a day-night or ann run.
	ANN ANN `toml:"ann"`
	// COBA configures the benchmark network run.
	COBA COBA `toml:"coba"`
	// Hippocampus configures the hippocampus-only run.
	Hippocampus Hippocampus `toml:"hippocampus"`
	// Pruning configures the cortex pruning experiment (model
	// cortex-pruning).
	Pruning Pruning `toml:"pruning"`
	// MgSweep configures the cortex [Mg²⁺] experiment (model cortex-mg).
	MgSweep MgSweep `toml:"mg_sweep"`
	// Kim configures the replication of Kim et al. (2023) (model kim, kind_kim.go).
	Kim Kim `toml:"kim"`
	// Sweep maps keys to lists of values: the scenario runs once per
	// combination (see sweep.go).
	Sweep map[string][]any `toml:"sweep"`

	// File is where the scenario was read from ("embedded:coba.toml").
	File string `toml:"-"`
	// set lists the keys given a value by the file or by Set, so that
	// Validate can refuse those that do not apply to the model.
	set []string
}

// mark records that the key at path was given a value.
func (s *Scenario) mark(path string) {
	if !slices.Contains(s.set, path) {
		s.set = append(slices.Clip(s.set), path)
	}
}

// Task is the shared memory task (package task).
type Task struct {
	Days            int     `toml:"days" range:"1..30" doc:"days of experience, each followed by a night and a test"`
	EpisodesPerDay  int     `toml:"episodes_per_day" range:"1..10" doc:"new episodes experienced each day"`
	EpisodeLen      int     `toml:"episode_len" range:"2..10" doc:"items per episode"`
	Vocab           int     `toml:"vocab" range:"2..64" doc:"items in the vocabulary (≥ days·episodes·length with disjoint items)"`
	SalientFraction float64 `toml:"salient_fraction" unit:"" range:"0..1" doc:"fraction of the episodes tagged salient, counted cumulatively (round(f·n) of the first n episodes; with 1 a day and 0.5: days 1, 3, 5)"`
	ItemMs          float64 `toml:"item_ms" unit:"ms" range:"50..1000" doc:"awake interval between items"`
	GapMs           float64 `toml:"gap_ms" unit:"ms" range:"0..5000" doc:"awake pause after each traversal"`
}

// Brain configures the brain (package brain) of a day-night run: the
// keys of brain.Params (its tables hippocampus, cortex, driver and
// ca1_input hold every parameter of the regions), and the days of a lesion
// and of sleep deprivation, which a scenario numbers from 1.
type Brain struct {
	LesionDay    int   `toml:"lesion_day" range:"0..30" doc:"day (from 1) at whose start the hippocampus is lesioned (0: never)"`
	DeprivedDays []int `toml:"deprived_days" range:"1..30" doc:"days (from 1, ≤ task.days) whose night has no sharp-wave ripples"`
	brain.Params
}

// ANN configures the Transformer (package ann) of a day-night or ann run:
// its memory modes and the keys of ann.Params.
type ANN struct {
	Modes []string `toml:"modes" oneof:"none|finetune|replay|rag" doc:"memory modes run side by side: none, finetune, replay, rag"`
	ann.Params
}

// COBA configures a run of the COBA benchmark network: its length and the
// keys of sim.COBAParams.
type COBA struct {
	DurationMs float64    `toml:"duration_ms" unit:"ms" range:"1..600000" doc:"simulated time"`
	Method     sim.Method `toml:"method" oneof:"exponential_euler|euler" doc:"integration of the membrane equation: exponential_euler (exact over a step with the conductances held) or euler (forward Euler, Brian2's choice for these equations: about half the time, first-order accurate)"`
	sim.COBAParams
}

// Hippocampus configures a hippocampus-only run: the first day of the
// default task (two episodes of five items, one salient), then a night,
// of a hippocampus with the keys of hippocampus.Params.
type Hippocampus struct {
	SleepMs float64 `toml:"sleep_ms" unit:"ms" range:"1000..600000" doc:"length of the night"`
	hippocampus.Params
}

// Pruning configures the cortex pruning experiment: the keys of
// cortex.PruningConfig (its setup, cortex and driver tables included) and
// the style of its replay events.
type Pruning struct {
	cortex.PruningConfig
	Style cortex.ReplayStyle `toml:"style"`
}

// config returns the experiment of scenario s.
func (p Pruning) config(s Scenario) cortex.PruningConfig {
	c := p.PruningConfig
	c.Seed, c.DtMs = s.Seed, s.DtMs
	st := p.Style
	c.Style = &st
	c.Rules = slices.Clone(c.Rules)
	c.Cortex.PruneSchedule = slices.Clone(c.Cortex.PruneSchedule)
	return c
}

// Validate reports the first parameter of the experiment outside its
// range, its replay style's included, as a *ParamError.
func (p Pruning) Validate() error { return p.config(Scenario{DtMs: 0.1}).Validate() }

// MgSweep configures the cortex [Mg²⁺] experiment: the keys of
// cortex.MgSweepConfig (its mg_mm the list of values) and the style of its
// replay events.
type MgSweep struct {
	cortex.MgSweepConfig
	Style cortex.ReplayStyle `toml:"style"`
}

// config returns the experiment of scenario s, its values run workers at
// once.
func (m MgSweep) config(s Scenario) cortex.MgSweepConfig {
	c := m.MgSweepConfig
	c.Seed, c.DtMs, c.Parallel = s.Seed, s.DtMs, max(s.Workers, 1)
	st := m.Style
	c.Style = &st
	c.MgMM = slices.Clone(c.MgMM)
	c.Cortex.PruneSchedule = slices.Clone(c.Cortex.PruneSchedule)
	return c
}

// Validate reports the first parameter of the experiment outside its
// range, its replay style's included, as a *ParamError.
func (m MgSweep) Validate() error { return m.config(Scenario{DtMs: 0.1, Workers: 1}).Validate() }

// Default returns the defaults every scenario file starts from: the
// defaults of the task, brain, ANN, hippocampus, cortex and COBA packages.
func Default() Scenario {
	tp := brain.DefaultTask()
	bp := brain.DefaultParams()
	var modes []string
	for _, m := range ann.Modes() {
		modes = append(modes, string(m))
	}
	pr, mg := cortex.DefaultPruning(), cortex.DefaultMgSweep()
	prStyle, mgStyle := *pr.Style, *mg.Style
	pr.Style, mg.Style = nil, nil
	return Scenario{Name: "unnamed", Seed: 1, Seeds: 1, DtMs: 0.1, Workers: 2, Model: "day-night",
		Task: Task{Days: tp.Days, EpisodesPerDay: tp.EpisodesPerDay, EpisodeLen: tp.EpisodeLen, Vocab: tp.VocabSize,
			SalientFraction: tp.SalientFraction, ItemMs: tp.ItemMs, GapMs: tp.GapMs},
		Brain:       Brain{LesionDay: bp.LesionDay + 1, DeprivedDays: []int{}, Params: bp},
		ANN:         ANN{Modes: modes, Params: ann.DefaultParams()},
		COBA:        COBA{DurationMs: 1000, Method: sim.ExponentialEuler, COBAParams: sim.DefaultCOBA()},
		Hippocampus: Hippocampus{SleepMs: 30000, Params: hippocampus.DefaultParams()},
		Pruning:     Pruning{PruningConfig: pr, Style: prStyle},
		MgSweep:     MgSweep{MgSweepConfig: mg, Style: mgStyle},
		Kim:         defaultKim()}
}

// Validate reports the first value outside its allowed range, and the
// first key set (in the file, by Set or in the sweep) that does not apply
// to the model, as a *ParamError.
func (s Scenario) Validate() error {
	if err := checkScenarioName(s.Name); err != nil {
		return err
	}
	kind, ok := KindOf(s.Model)
	if !ok {
		return &ParamError{Key: "model", Value: strconv.Quote(s.Model), Want: `one of "` + strings.Join(kindNames(), `", "`) + `"`}
	}
	if err := param.Check(&s, ""); err != nil {
		return err
	}
	sweep := make([]string, 0, len(s.Sweep))
	for k := range s.Sweep {
		sweep = append(sweep, k)
	}
	slices.Sort(sweep)
	for _, path := range slices.Concat(s.set, sweep) {
		if !reads(kind, path) {
			return &ParamError{Key: path, Want: fmt.Sprintf("it does not apply to model %q (which reads %s); remove it or change model",
				s.Model, strings.Join(kind.Reads(), ", "))}
		}
	}
	if last := s.Seed + uint64(max(s.Seeds, 1)) - 1; last >= 1<<63 || last < s.Seed {
		return &ParamError{Key: "seeds", Value: strconv.Itoa(s.Seeds), Want: "seed + seeds − 1 < 2⁶³"}
	}
	if c, ok := kind.(interface{ check(Scenario) error }); ok {
		if err := c.check(s); err != nil {
			return err
		}
	}
	for k, d := range s.Brain.DeprivedDays {
		if d > s.Task.Days {
			return &ParamError{Key: "brain.deprived_days", Value: fmt.Sprintf("[…, %d, …]", d), Want: fmt.Sprintf("days 1 ≤ day ≤ task.days (%d)", s.Task.Days)}
		}
		if slices.Contains(s.Brain.DeprivedDays[:k], d) {
			return &ParamError{Key: "brain.deprived_days", Value: fmt.Sprintf("[…, %d, …, %d, …]", d, d), Want: "each day once"}
		}
	}
	return nil
}

// checkTask reports what the task of a day-night or ann scenario asks of
// the task's vocabulary and of the Transformer, as a *ParamError.
func checkTask(s Scenario) error {
	t := s.Task
	if need := t.Days * t.EpisodesPerDay * t.EpisodeLen; need > t.Vocab {
		return &ParamError{Key: "task.vocab", Value: strconv.Itoa(t.Vocab), Want: fmt.Sprintf("≥ %d: the %d days × %d episodes × %d items need %d distinct items",
			need, t.Days, t.EpisodesPerDay, t.EpisodeLen, need)}
	}
	if len(s.ANN.Modes) == 0 {
		return nil
	}
	a := s.ANN.Params
	if a.Vocab < t.Vocab {
		return param.Within("ann.", param.Invalid(&a, &a.Vocab, fmt.Sprintf("≥ task.vocab (%d)", t.Vocab)))
	}
	if a.Context < 2*t.EpisodeLen+1 {
		return param.Within("ann.", param.Invalid(&a, &a.Context, fmt.Sprintf("≥ 2·task.episode_len + 1 = %d tokens (one episode and a recall)", 2*t.EpisodeLen+1)))
	}
	return nil
}

// checkScenarioName refuses a name that cannot name a results folder.
func checkScenarioName(name string) error {
	if err := resultdir.CheckName(name); err != nil || strings.ContainsAny(name, `:*?"<>|`) {
		return &ParamError{Key: "name", Value: strconv.Quote(name), Want: fmt.Sprintf("a non-empty name usable as a folder name (no / \\ : * ? \" < > |, NUL; at most %d bytes)", resultdir.MaxBaseLen)}
	}
	return nil
}

// TaskParams returns the task of a day-night scenario.
func (s Scenario) TaskParams() task.Params {
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay, tp.EpisodeLen, tp.VocabSize = s.Task.Days, s.Task.EpisodesPerDay, s.Task.EpisodeLen, s.Task.Vocab
	tp.SalientFraction, tp.ItemMs, tp.GapMs = s.Task.SalientFraction, s.Task.ItemMs, s.Task.GapMs
	return tp
}
