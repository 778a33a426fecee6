package brain

import (
	"fmt"
	"slices"
	"strconv"

	"engram/cortex"
	"engram/hippocampus"
	"engram/param"
	"engram/sim"
	"engram/task"
)

// Params describes a brain run. Start from DefaultParams.
type Params struct {
	// Seed seeds the network: wiring, initial conditions and every random
	// draw. The task has its own seed (task.Generate).
	Seed uint64 `toml:"-"`
	// Workers is the number of goroutines that step the network, 1 … 64.
	// Results do not depend on it.
	Workers int `toml:"-"`
	// MgMM is the extracellular [Mg²⁺], mM. It acts through the NMDA Mg²⁺
	// block wherever a region uses it: the cortex's E→E synapses learn
	// through it (Cortex.STDP.MgGate, on by default), so it changes what
	// the brain consolidates (row V11).
	MgMM float64 `toml:"mg_mm" unit:"mM" range:"0..10" doc:"extracellular [Mg²⁺]; the cortex learns through the NMDA receptor's Mg²⁺ block (cortex.stdp.mg_gate)"`
	// SleepMs is the length of each night's sleep, ms of simulated time.
	// The default 10 s: the hippocampus emits ≈ 0.5–0.9 sharp-wave
	// ripples per second asleep, isolated and at irregular intervals, so a
	// night of 10 s has 4–11 of them (5 s nights had nights with fewer
	// than 3); longer nights consolidate more but cost wall time.
	SleepMs float64 `toml:"sleep_ms" unit:"ms" range:"0..600000" doc:"simulated sleep each night"`
	// LesionDay is the day (from 0) at whose start the hippocampus is
	// lesioned (hippocampus.Lesion): from then on it stores nothing,
	// replays nothing and sends nothing to the cortex. −1 (the default)
	// means no lesion; otherwise 0 … 1000. (A scenario numbers days from 1:
	// its brain.lesion_day.)
	LesionDay int `toml:"-"`
	// DeprivedDays lists the days (from 0) whose night is sleep without
	// sharp-wave ripples (hippocampus.Sleep with deprived = true): the
	// cortex sleeps but receives no replay. Each 0 … 1000, no repeats. (A
	// scenario numbers days from 1: its brain.deprived_days.)
	DeprivedDays []int `toml:"-"`
	// Laps is the number of awake traversals of each new episode
	// (docs/model.md §2: each new episode is experienced once).
	Laps int `toml:"laps" range:"1..20" doc:"awake traversals of each new episode"`
	// CortexTrials is how many times each test cues the cortex alone with
	// each episode; its recall of an episode is the mean score over the
	// trials (they differ only in the background noise of the moment). One
	// trial scores an episode of 5 items in steps of 0.25.
	CortexTrials int `toml:"cortex_trials" range:"1..20" doc:"times each test cues the cortex alone with each episode; its recall is the mean"`
	// CA1Input is how hippocampal CA1 cells contact the cortical assembly
	// of their item (cortex.ConnectItemInput); see DefaultParams for how
	// it was chosen.
	CA1Input cortex.InputSpec `toml:"ca1_input"`
	// DirectInput, when set, lets the cortex also experience each new
	// episode from its own sensory input after the hippocampus has encoded
	// it (Driver's awake rate and timing), so that a cortex without a
	// hippocampus still sees the day's experience.
	DirectInput bool `toml:"direct_input" doc:"the cortex also experiences each new episode from its own input (the driver) after the hippocampus has encoded it"`
	// Hippocampus holds the hippocampal parameters. New raises NPC and
	// NCA1 when the task's items need more cells (AssemblyPC and
	// AssemblyCA1 per item). Default hippocampus.DefaultParams (symmetric
	// STDP: it replays forward and in reverse), the hippocampus the
	// validation rows V5–V7 measure.
	Hippocampus hippocampus.Params `toml:"hippocampus"`
	// Cortex holds the cortical parameters. New raises NE when the
	// task's items need more cells (AssemblySize per item). Default
	// cortex.DefaultParams.
	Cortex cortex.Params `toml:"cortex"`
	// Driver is the cortex's own item input: direct awake experience and
	// the cue of cortex-only recall. Default cortex.DefaultDriverParams.
	Driver cortex.DriverParams `toml:"driver"`
}

// DefaultParams returns the default brain: seed 1, one worker, 1 mM
// [Mg²⁺], nights of 10 s, no lesion, no deprivation, one awake lap per
// episode, the default driver, the default hippocampus
// (hippocampus.DefaultParams: isolated sharp-wave ripples that replay
// whole routes forward and in reverse), the default cortex (cortex.DefaultParams)
// and 4 cortex trials per test.
//
// The cortex learns through the NMDA Mg²⁺ gate, from the replay CA1 sends
// it (see cortex.DefaultParams for the rule and how each part was
// measured): both spike orders potentiate, so forward and reverse replays
// teach the same links; potentiation is gated by B(V̄ + D) at 1 mM, D the
// depolarisation the CA1 input holds the dendrite at, so synapses learn
// where the hippocampus drives them and not from the cortex's own
// completion; a depression β at every pre- and postsynaptic spike is the
// threshold that pairs of items replayed apart do not cross; E→E
// transmission is ×0.3 in sleep (the breakdown of cortical effective
// connectivity in NREM sleep, Massimini et al. 2005), so a learned route
// cannot ignite itself during replay. After each night the cortex prunes
// the plastic E→E synapses that learning has depressed below 0.1 mV
// (cortex.PruneDepressed; 25, 15, 10, 5, 3 % of those left at most),
// which leaves the synapses of routes not yet replayed untouched.
//
// Measured with the stand-alone cortex on replay as the brain's CA1 is
// expected to deliver it (cortex.Days: isolated events at 1/s, forward or
// reverse, items 5–15 ms apart, 1–3 spikes per cell, one in five partial;
// 5 s nights; seeds 1–5): day-1 route 1.00 on day 5, routes ≥ 3 nights
// old 0.84, all routes 0.75. This hippocampus replays almost only the
// newest route each night, so the brain's cortex learns each salient route
// from its first night and each untagged one, replayed once or twice, at
// about a quarter (validation rows V8–V11).
//
// CA1Input: p 0.25 as the driver's wiring, 2 mV where the driver has
// 2.5 mV, and a 2 ms delay for the CA1 → entorhinal → neocortex path.
// During a replay sweep a CA1 cell of the replayed item fires ≈ 1.8–3.3
// spikes (hippocampus.DefaultParams, Schaffer; 0.36–1.3 when the Schaffer
// weight was 2 nS), and the dendrite the gate reads is depolarised
// accordingly: at 2.5 mV, 3 mM [Mg²⁺] learned almost as much as 1 mM (row
// V11, seeds 1–5: 0.01–0.25 below the best point); at 2 mV (seeds 1–3) recall at 1 mM is the same or higher
// (all routes on day 5 0.68, 0.64, 0.60 against 0.65, 0.62, 0.59) and
// 3 mM learns little (0.25, 0.21, 0.15); at 1.5 mV 1 mM recalled 0.62,
// 0.65, 0.60 (`simulate -seed N -set brain.ca1_input.weight_mv=W -set
// brain.mg_mm=M`, recall.csv).
func DefaultParams() Params {
	cp := cortex.DefaultParams()
	return Params{
		Seed: 1, Workers: 1, MgMM: sim.DefaultMgMM,
		SleepMs: 10000, LesionDay: -1, Laps: 1, CortexTrials: 4,
		CA1Input:    cortex.InputSpec{P: 0.25, WeightMV: 2, DelayMs: 2},
		DirectInput: true,
		Hippocampus: hippocampus.DefaultParams(),
		Cortex:      cp,
		Driver:      cortex.DefaultDriverParams(),
	}
}

// Validate reports the first parameter outside its range (its tags; the
// regions' parameters by their own Validate, under their keys
// "hippocampus.", "cortex.", "driver."), as a *param.Error.
func (p Params) Validate() error {
	if err := param.Check(&p, ""); err != nil {
		return err
	}
	if p.Workers < 1 || p.Workers > 64 {
		return &param.Error{Key: "Workers", Value: strconv.Itoa(p.Workers), Want: "1 ≤ Workers ≤ 64"}
	}
	if p.LesionDay < -1 || p.LesionDay > 1000 {
		return &param.Error{Key: "LesionDay", Value: strconv.Itoa(p.LesionDay), Want: "−1 (none) or 0 ≤ LesionDay ≤ 1000"}
	}
	for k, d := range p.DeprivedDays {
		if d < 0 || d > 1000 {
			return &param.Error{Key: "DeprivedDays", Value: fmt.Sprintf("[…, %d, …]", d), Want: "days 0 ≤ day ≤ 1000"}
		}
		if slices.Contains(p.DeprivedDays[:k], d) {
			return &param.Error{Key: "DeprivedDays", Value: fmt.Sprintf("[…, %d, …, %d, …]", d, d), Want: "each day once"}
		}
	}
	return nil
}

// deprived reports whether day d's night is deprived of sharp waves.
func (p Params) deprived(d int) bool { return slices.Contains(p.DeprivedDays, d) }

// lesioned reports whether the hippocampus is lesioned on day d.
func (p Params) lesioned(d int) bool { return p.LesionDay >= 0 && d >= p.LesionDay }

// DefaultTask returns the task of the default brain run: 5 days, one new
// episode of 5 items a day, disjoint items (25 in all), items 150 ms apart
// with a 300 ms pause after each lap, half of the episodes tagged salient
// (rounded cumulatively: those of days 1, 3 and 5; task.Params). Sized so
// that the whole run takes under a minute of wall time on two cores.
func DefaultTask() task.Params {
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay, tp.VocabSize = 5, 1, 25
	return tp
}
