// Package scenarios loads Engram's TOML scenarios, runs them and writes
// their results. A scenario describes one whole experiment; the shipped
// ones are embedded in the binary, so `simulate` works from any folder.
package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"engram/ann"
	"engram/brain"
	"engram/task"

	"github.com/BurntSushi/toml"
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
	Seed        uint64  `toml:"seed" doc:"seeds every random draw of the run"`
	DtMs        float64 `toml:"dt_ms" unit:"ms" range:"0.01..0.5" doc:"integration time step"`
	Workers     int     `toml:"workers" range:"1..64" doc:"goroutines stepping the network (results do not depend on it)"`
	Model       string  `toml:"model" oneof:"day-night|ann|coba|hippocampus|cortex-pruning|cortex-mg|kim" doc:"what runs: brain and ANN through the days of the task; the ANN alone; the COBA network; a hippocampus day and night; the cortex pruning or [Mg²⁺] experiment; the replication of Kim et al. (2023)"`
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
	// Kim configures the replication of Kim et al. (2023) (model kim, kim.go).
	Kim Kim `toml:"kim"`
	// Sweep maps keys to lists of values: the scenario runs once per
	// combination (see sweep.go).
	Sweep map[string][]any `toml:"sweep"`

	// File is where the scenario was read from ("embedded:coba.toml").
	File string `toml:"-"`
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
	MgMM         float64 `toml:"mg_mm" unit:"mM" range:"0..10" doc:"extracellular [Mg²⁺]; the default brain has no Mg²⁺-gated synapse, so it changes nothing there yet (mg-sweep shows the gate in the cortex)"`
	LesionDay    int     `toml:"lesion_day" range:"-1..30" doc:"day from which the hippocampus is lesioned (-1: never)"`
	DeprivedDays []int   `toml:"deprived_days" doc:"days whose night has no sharp-wave ripples"`
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
	return Scenario{Name: "unnamed", Seed: 1, DtMs: 0.1, Workers: 2, Model: "day-night",
		Task: Task{Days: tp.Days, EpisodesPerDay: tp.EpisodesPerDay, EpisodeLen: tp.EpisodeLen, Vocab: tp.VocabSize,
			SalientFraction: tp.SalientFraction, ItemMs: tp.ItemMs, GapMs: tp.GapMs},
		Brain: Brain{SleepMs: bp.SleepMs, MgMM: bp.MgMM, LesionDay: bp.LesionDay, DeprivedDays: []int{},
			CortexTrials: bp.CortexTrials},
		ANN:         ANN{Modes: modes, Alpha: ap.Alpha, Beta: ap.Beta, StepsPerDay: ap.StepsPerDay},
		COBA:        COBA{DurationMs: 1000},
		Hippocampus: Hippocampus{SleepMs: 30000},
		Kim:         defaultKim()}
}

// Validate reports the first value outside its allowed range.
func (s Scenario) Validate() error {
	if s.Name == "" || strings.ContainsAny(s.Name, `/\:*?"<>|`) || s.Name == "." || s.Name == ".." {
		return fmt.Errorf("name = %q: want a non-empty name usable as a folder name (no / \\ : * ? \" < > |)", s.Name)
	}
	for _, k := range Keys(&s) {
		if err := k.check(); err != nil {
			return err
		}
	}
	for _, m := range s.ANN.Modes {
		if _, err := ann.ParseMode(m); err != nil {
			return fmt.Errorf("ann.modes: %q is not a mode: want none, finetune, replay or rag", m)
		}
	}
	if s.Model == "kim" {
		if err := s.Kim.validate(); err != nil {
			return err
		}
	}
	for _, d := range s.Brain.DeprivedDays {
		if d < 0 || d >= s.Task.Days {
			return fmt.Errorf("brain.deprived_days: day %d: want 0 ≤ day < task.days (%d)", d, s.Task.Days)
		}
	}
	if need := s.Task.Days * s.Task.EpisodesPerDay * s.Task.EpisodeLen; (s.Model == "day-night" || s.Model == "ann") && need > s.Task.Vocab {
		return fmt.Errorf("task.vocab = %d: the %d days × %d episodes × %d items need %d distinct items",
			s.Task.Vocab, s.Task.Days, s.Task.EpisodesPerDay, s.Task.EpisodeLen, need)
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

// Shipped returns the names of the scenarios embedded in the binary.
func Shipped() []string {
	ents, _ := shipped.ReadDir(".")
	var names []string
	for _, e := range ents {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return names
}

// Load reads a scenario from a file, or a shipped one by name when path
// names no file but a shipped scenario ("coba").
func Load(path string) (Scenario, error) {
	if data, err := shipped.ReadFile(path + ".toml"); err == nil && !fileExists(path) {
		return Parse(data, "embedded:"+path+".toml")
	}
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Scenario{}, fmt.Errorf("%s: no such file (shipped scenarios: %s)", path, strings.Join(Shipped(), ", "))
		}
		return Scenario{}, err
	}
	if st.IsDir() {
		return Scenario{}, fmt.Errorf("%s: is a directory, want a .toml scenario file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Scenario{}, err
	}
	return Parse(data, path)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// Parse decodes a scenario strictly: unknown keys, wrong types and values
// out of range are errors that name the file, line and key.
func Parse(data []byte, file string) (Scenario, error) {
	s := Default()
	s.File = file
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return s, fmt.Errorf("%s: the file is empty; a scenario needs at least a name", file)
	case !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0:
		return s, fmt.Errorf("%s: not a text file (a TOML scenario is UTF-8 text)", file)
	}
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return s, fmt.Errorf("%s:%d:%d: %s", file, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		if line, msg, ok := typeError(err.Error()); ok {
			return s, fmt.Errorf("%s:%s: %s", file, line, msg)
		}
		return s, fmt.Errorf("%s: %w", file, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		msg := fmt.Sprintf("%s:%d: unknown key %q", file, keyLine(data, k), k.String())
		var valid []string
		d := Default()
		for _, vk := range Keys(&d) {
			valid = append(valid, vk.Path)
		}
		if sug := suggest(k.String(), valid); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		}
		return s, errors.New(msg)
	}
	if err := s.Validate(); err != nil {
		key, _, _ := strings.Cut(err.Error(), " ")
		return s, fmt.Errorf("%s:%d: %w", file, keyLine(data, toml.Key(strings.Split(key, "."))), err)
	}
	return s, nil
}

// keyLine returns the line (from 1) where key is set in a TOML document,
// or 0 when it is not written there (a default).
func keyLine(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	table := ""
	want := strings.Join(key[:len(key)-1], ".")
	name := key[len(key)-1]
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") {
			table = strings.Trim(l, "[] ")
			continue
		}
		if table != want {
			continue
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == name {
			return i + 1
		}
	}
	return 0
}

// typeError rewrites the TOML decoder's type mismatch message, "toml: line
// 2 (last key "seed"): incompatible types: TOML value has type string;
// destination has type integer", as "2: seed: a string where an integer
// is wanted" on line "2".
func typeError(msg string) (line, out string, ok bool) {
	rest, ok := strings.CutPrefix(msg, "toml: line ")
	if !ok {
		return "", "", false
	}
	line, rest, _ = strings.Cut(rest, " ")
	key := ""
	if _, b, ok := strings.Cut(rest, `(last key "`); ok {
		key, rest, _ = strings.Cut(b, `")`)
	}
	have, want := "", ""
	if _, b, ok := strings.Cut(rest, "TOML value has type "); ok {
		have, b, _ = strings.Cut(b, ";")
		if _, w, ok := strings.Cut(b, "destination has type "); ok {
			want = w
		}
	}
	if key == "" || have == "" {
		return "", "", false
	}
	return line, fmt.Sprintf("%s: %s where %s is wanted", key, article(have), article(want)), true
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
