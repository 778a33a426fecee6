package scenarios

import (
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"engram/ann"
	"engram/brain"
	"engram/resultdir"
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
	// Task is the shared memory task (model day-night).
	Task Task `toml:"task"`
	// Brain configures the brain of a day-night run.
	Brain Brain `toml:"brain"`
	// ANN configures the Transformer of a day-night run.
	ANN ANN `toml:"ann"`
	// COBA configures the benchmark network run.
	COBA COBA `toml:"coba"`
	// Hippocampus configures the hippocampus-only run.
	Hippocampus Hippocampus `toml:"hippocampus"`
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
	SalientFraction float64 `toml:"salient_fraction" range:"0..1" doc:"fraction of each day's episodes tagged salient"`
	ItemMs          float64 `toml:"item_ms" unit:"ms" range:"50..1000" doc:"awake interval between items"`
	GapMs           float64 `toml:"gap_ms" unit:"ms" range:"0..5000" doc:"awake pause after each traversal"`
}

// Brain configures the brain (package brain) of a day-night run.
type Brain struct {
	SleepMs      float64 `toml:"sleep_ms" unit:"ms" range:"0..600000" doc:"simulated sleep each night"`
	MgMM         float64 `toml:"mg_mm" unit:"mM" range:"0..10" doc:"extracellular [Mg²⁺]; the cortex learns through the NMDA receptor's Mg²⁺ block, so it changes what the brain consolidates"`
	LesionDay    int     `toml:"lesion_day" range:"0..30" doc:"day (from 1) at whose start the hippocampus is lesioned (0: never)"`
	DeprivedDays []int   `toml:"deprived_days" doc:"days (from 1) whose night has no sharp-wave ripples"`
	CortexTrials int     `toml:"cortex_trials" range:"1..20" doc:"times each test cues the cortex alone with each episode; its recall is the mean"`
}

// ANN configures the Transformer (package ann) of a day-night run.
type ANN struct {
	Modes       []string `toml:"modes" doc:"memory modes run side by side: none, finetune, replay, rag"`
	Alpha       float64  `toml:"alpha" range:"-1..100" doc:"NMDA-activation α ([Mg²⁺]/3.57 mM); ≤ 0 linear, 1 with β = 1 is SiLU"`
	Beta        float64  `toml:"beta" range:"0.01..100" doc:"NMDA-activation β"`
	StepsPerDay int      `toml:"steps_per_day" range:"0..100000" doc:"gradient steps after each day (finetune, replay)"`
}

// COBA configures a run of the COBA benchmark network.
type COBA struct {
	DurationMs float64 `toml:"duration_ms" unit:"ms" range:"1..600000" doc:"simulated time"`
}

// Hippocampus configures a hippocampus-only run: the first day of the
// default task (two episodes of five items, one salient), then a night.
type Hippocampus struct {
	SleepMs float64 `toml:"sleep_ms" unit:"ms" range:"1000..600000" doc:"length of the night"`
}

// Default returns the defaults every scenario file starts from: the
// defaults of the task, brain and ANN packages.
func Default() Scenario {
	tp := brain.DefaultTask()
	bp := brain.DefaultParams()
	ap := ann.DefaultParams()
	var modes []string
	for _, m := range ann.Modes() {
		modes = append(modes, string(m))
	}
	return Scenario{Name: "unnamed", Seed: 1, Seeds: 1, DtMs: 0.1, Workers: 2, Model: "day-night",
		Task: Task{Days: tp.Days, EpisodesPerDay: tp.EpisodesPerDay, EpisodeLen: tp.EpisodeLen, Vocab: tp.VocabSize,
			SalientFraction: tp.SalientFraction, ItemMs: tp.ItemMs, GapMs: tp.GapMs},
		Brain: Brain{SleepMs: bp.SleepMs, MgMM: bp.MgMM, LesionDay: bp.LesionDay + 1, DeprivedDays: []int{},
			CortexTrials: bp.CortexTrials},
		ANN:         ANN{Modes: modes, Alpha: ap.Alpha, Beta: ap.Beta, StepsPerDay: ap.StepsPerDay},
		COBA:        COBA{DurationMs: 1000},
		Hippocampus: Hippocampus{SleepMs: 30000},
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
	for _, k := range Keys(&s) {
		if err := k.Check(); err != nil {
			return err
		}
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
	for _, m := range s.ANN.Modes {
		if _, err := ann.ParseMode(m); err != nil {
			return &ParamError{Key: "ann.modes", Value: strconv.Quote(m), Want: `modes from "none", "finetune", "replay", "rag"`}
		}
	}
	if c, ok := kind.(interface{ check(Scenario) error }); ok {
		if err := c.check(s); err != nil {
			return err
		}
	}
	for _, d := range s.Brain.DeprivedDays {
		if d < 1 || d > s.Task.Days {
			return &ParamError{Key: "brain.deprived_days", Value: fmt.Sprintf("[…, %d, …]", d), Want: fmt.Sprintf("days 1 ≤ day ≤ task.days (%d)", s.Task.Days)}
		}
	}
	if need := s.Task.Days * s.Task.EpisodesPerDay * s.Task.EpisodeLen; (s.Model == "day-night" || s.Model == "ann") && need > s.Task.Vocab {
		return &ParamError{Key: "task.vocab", Value: strconv.Itoa(s.Task.Vocab), Want: fmt.Sprintf("≥ %d: the %d days × %d episodes × %d items need %d distinct items",
			need, s.Task.Days, s.Task.EpisodesPerDay, s.Task.EpisodeLen, need)}
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
