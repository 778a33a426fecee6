package report

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat"

	"engram/ann"
	"engram/brain"
	"engram/sim"
	"engram/task"
	"engram/viz"
)

// DayNight is one day-night run as the report sees it: plain data.
type DayNight struct {
	// Name, Description and Seed are the scenario's.
	Name, Description string
	Seed              uint64
	// Complete is false when the run was interrupted.
	Complete bool
	// Task is the task both systems lived through.
	Task *task.Task
	// MgMM is the brain's [Mg²⁺], mM; Alpha and Beta the Transformer's
	// NMDA activation.
	MgMM, Alpha, Beta float64
	// Brain is the brain's days (none for the Transformer alone, model
	// "ann").
	Brain brain.Result
	// ANN holds each memory mode's result; Modes their order.
	ANN   map[ann.Mode]*ann.Result
	Modes []ann.Mode
	// WeightsBefore and WeightsAfter are the cortex's mean E→E weights
	// between item assemblies (cortex.WeightMatrix, mV) before the first
	// day and after the last.
	WeightsBefore, WeightsAfter [][]float64
	// Lesion pairs a lesioned brain with its intact control (nil without a
	// lesion).
	Lesion *brain.LesionResult
	// Selection is what the summary's selection panel and the table's
	// selection row show, measured after the run on the brain's cortical
	// synapse and the trained Transformer (nil without a brain).
	Selection *viz.Selection
}

// DayNightMetrics are the measured results of a day-night run, written to
// metrics.json. They depend only on the scenario and its seed.
type DayNightMetrics struct {
	Scenario string     `json:"scenario"`
	Seed     uint64     `json:"seed"`
	Complete bool       `json:"complete"`
	Days     int        `json:"days"`
	Chance   float64    `json:"chance"`
	Brain    []BrainDay `json:"brain"`
	// BrainRecall is the brain's energy per recall over every test of the
	// run (nil when the run has no brain).
	BrainRecall *BrainRecallEnergy    `json:"brain_recall_energy,omitempty"`
	ANN         map[string]ANNMetrics `json:"ann"`
	Table       []TableRow            `json:"comparison"`
	// Ribot is each episode's recall around the lesion, with an intact
	// control (scenarios with brain.lesion_day ≥ 1).
	Ribot []RibotPoint `json:"ribot,omitempty"`
}

// RibotPoint is one episode's recall around a hippocampal lesion
// (brain.RibotPoint): its age at the lesion, days, the whole brain's
// recall before the lesion, and the lesioned and intact brains' recall in
// the last test.
type RibotPoint struct {
	Episode int     `json:"episode"`
	AgeDays int     `json:"age_days_at_lesion"`
	Before  float64 `json:"recall_before_lesion"`
	After   float64 `json:"recall_lesioned_last_day"`
	Control float64 `json:"recall_intact_last_day"`
}

// BrainDay is one day of the brain.
type BrainDay struct {
	// Day is the day, from 1 (as everywhere people read days).
	Day         int     `json:"day"`
	Cortex      float64 `json:"recall_cortex"`
	Hippocampus float64 `json:"recall_hippocampus"`
	Both        float64 `json:"recall_both"`
	SWR         int     `json:"swr_events"`
	Replays     int     `json:"replays"`
	Synapses    int     `json:"cortex_ee_synapses"`
	// Joules and SynapticEvents are the whole run's energy meter at the
	// end of the day (cumulative since the brain was built), J and count.
	Joules         float64 `json:"joules_cumulative"`
	SynapticEvents int64   `json:"synaptic_events_cumulative"`
	// Recalls, RecallJoules and RecallSimMs are the day's test: its
	// recalls (brain.DayResult.Recalls), the energy it spent (J) and its
	// simulated time (ms).
	Recalls      int     `json:"test_recalls"`
	RecallJoules float64 `json:"test_joules"`
	RecallSimMs  float64 `json:"test_sim_ms"`
}

// BrainRecallEnergy is what one recall cost the brain model, over every
// test of a run. One recall is one cued recall of one episode by one
// readout: each test recalls every episode learned so far once by the
// cortex and once by the hippocampus.
type BrainRecallEnergy struct {
	// Recalls is the number of recalls of the run's tests.
	Recalls int `json:"recalls"`
	// JoulesPerRecall is the network's energy meter over the tests, J,
	// divided by Recalls.
	JoulesPerRecall float64 `json:"joules_per_recall"`
	// SpikesPerRecall and SynapticEventsPerRecall are the meter's counts
	// per recall.
	SpikesPerRecall         float64 `json:"spikes_per_recall"`
	SynapticEventsPerRecall float64 `json:"synaptic_events_per_recall"`
	// SimMsPerRecall is the simulated time of the tests per recall, ms.
	SimMsPerRecall float64 `json:"sim_ms_per_recall"`
	// HumanBrainJoulesPerRecall is what a whole human brain
	// (brain.HumanBrainWatts) spends in SimMsPerRecall, J.
	HumanBrainJoulesPerRecall float64 `json:"human_brain_joules_per_recall"`
}

// ANNMetrics is one ANN mode.
type ANNMetrics struct {
	MeanRecall []float64 `json:"mean_recall_by_day"`
	Day1Recall []float64 `json:"day1_recall_by_day"`
	// FLOPs is the work of the whole run (training, storing and recall),
	// and JoulesH100 and JoulesGPT3 its energy, J, at the H100's peak
	// J/FLOP and at GPT-3's end-to-end J/FLOP.
	FLOPs      int64   `json:"flops_run"`
	JoulesH100 float64 `json:"joules_h100_run"`
	JoulesGPT3 float64 `json:"joules_gpt3_rate_run"`
	// Recalls is the number of recalls of the run's tests (one episode
	// cued once), RecallFLOPs their work and FLOPsPerRecall its mean.
	Recalls        int     `json:"recalls"`
	RecallFLOPs    int64   `json:"recall_flops"`
	FLOPsPerRecall float64 `json:"flops_per_recall"`
	// JoulesPerRecallH100 and JoulesPerRecallGPT3 are the energy of one
	// recall, J, at the H100's and at GPT-3's J/FLOP.
	JoulesPerRecallH100 float64 `json:"joules_per_recall_h100"`
	JoulesPerRecallGPT3 float64 `json:"joules_per_recall_gpt3_rate"`
	ParamBytes          int64   `json:"param_bytes"`
}

// brainRecallEnergy sums the tests of br into its energy per recall.
func brainRecallEnergy(br brain.Result) BrainRecallEnergy {
	e := BrainRecallEnergy{Recalls: br.Recalls(), JoulesPerRecall: br.JoulesPerRecall(), SimMsPerRecall: br.MsPerRecall()}
	if e.Recalls > 0 {
		var spikes, events int64
		for _, d := range br.Days {
			spikes += d.RecallEnergy.Spikes
			events += d.RecallEnergy.Events
		}
		e.SpikesPerRecall = float64(spikes) / float64(e.Recalls)
		e.SynapticEventsPerRecall = float64(events) / float64(e.Recalls)
	}
	e.HumanBrainJoulesPerRecall = brain.HumanBrainWatts * e.SimMsPerRecall / 1000
	return e
}

// TableRow is one row of the brain-versus-AI comparison.
type TableRow struct {
	Dimension string `json:"dimension"`
	Brain     string `json:"brain"`
	ANN       string `json:"ann"`
}

// Metrics returns the numbers of metrics.json.
func Metrics(dn DayNight) DayNightMetrics {
	m := DayNightMetrics{Scenario: dn.Name, Seed: dn.Seed, Complete: dn.Complete,
		Days: len(dn.Brain.Days), Chance: dn.Brain.Chance, ANN: map[string]ANNMetrics{}}
	if dn.Lesion != nil {
		for _, p := range dn.Lesion.Ribot {
			m.Ribot = append(m.Ribot, RibotPoint{Episode: p.Episode, AgeDays: p.AgeDays, Before: p.Before, After: p.After, Control: p.Control})
		}
	}
	for _, d := range dn.Brain.Days {
		m.Brain = append(m.Brain, BrainDay{Day: d.Day + 1, Cortex: d.Cortex, Hippocampus: d.Hippocampus, Both: d.Both,
			SWR: d.SWR, Replays: d.Replays, Synapses: d.Synapses, Joules: d.Energy.Joules, SynapticEvents: d.Energy.Events,
			Recalls: d.Recalls, RecallJoules: d.RecallEnergy.Joules, RecallSimMs: d.RecallSimMs})
	}
	if len(dn.Brain.Days) > 0 {
		rc := brainRecallEnergy(dn.Brain)
		m.BrainRecall = &rc
	}
	for _, mode := range dn.Modes {
		res := dn.ANN[mode]
		if res == nil {
			continue
		}
		am := ANNMetrics{Day1Recall: res.RecallOfDay(0), FLOPs: res.FLOPs.Total(),
			JoulesH100: res.Energy(ann.JoulesPerFLOPH100), JoulesGPT3: res.Energy(ann.JoulesPerFLOPGPT3),
			Recalls: res.Recalls, RecallFLOPs: res.RecallFLOPs.Total(), FLOPsPerRecall: res.FLOPsPerRecall(),
			JoulesPerRecallH100: res.JoulesPerRecall(ann.JoulesPerFLOPH100), JoulesPerRecallGPT3: res.JoulesPerRecall(ann.JoulesPerFLOPGPT3),
			ParamBytes: res.Memory.ParamBytes}
		for d := range res.Recall {
			am.MeanRecall = append(am.MeanRecall, res.MeanRecall(d))
		}
		m.ANN[string(mode)] = am
	}
	m.Table = comparison(dn)
	return m
}

// comparison fills the brain-versus-AI table with this run's numbers.
func comparison(dn DayNight) []TableRow {
	br := dn.Brain
	n := len(br.Days)
	if n == 0 {
		return nil
	}
	last := n - 1
	// Short-term store: the hippocampus on the day an episode is learned,
	// the ANN's context window on the same day and after it is cleared.
	hSame := stat.Mean(br.SameDayCurve(brain.Hippocampus), nil)
	day1Hip, day1Ctx := readoutOfDay1(br, brain.Hippocampus, last), readoutOfDay1(br, brain.Cortex, last)
	short := TableRow{Dimension: "short-term store",
		Brain: fmt.Sprintf("hippocampal CA3 buffer: recall of each episode on the day it is learned %.2f; of day-1 episodes on day %d %.2f", hSame, n, day1Hip)}
	if res := dn.ANN[ann.ModeNone]; res != nil {
		in := res.InWindowRecall()
		d1 := res.RecallOfDay(0)
		short.ANN = fmt.Sprintf("context window (none): same-day recall %.2f; day-1 episodes after the window is cleared, day %d: %.2f", stat.Mean(in, nil), n, d1[len(d1)-1])
	}
	long := TableRow{Dimension: "long-term consolidation",
		Brain: fmt.Sprintf("cortex alone, day-1 episodes: %.2f after day 1 → %.2f after day %d (%d nights of replay, %d sharp-wave ripples; %s)",
			firstOr(br.DayCurve(0, brain.Cortex)), day1Ctx, n, n, totalSWR(br), pruned(br))}
	var parts []string
	for _, m := range []ann.Mode{ann.ModeFinetune, ann.ModeReplay, ann.ModeRAG} {
		if res := dn.ANN[m]; res != nil {
			d1 := res.RecallOfDay(0)
			parts = append(parts, fmt.Sprintf("%s %.2f → %.2f", m, d1[0], d1[len(d1)-1]))
		}
	}
	long.ANN = "day-1 episodes by backprop: " + strings.Join(parts, "; ")
	sel := selectionRow(dn)
	e := br.Days[last].Energy
	simS := br.Days[last].SimMs / 1000
	rc := brainRecallEnergy(br)
	en := TableRow{Dimension: "energy",
		Brain: fmt.Sprintf("per recall: %.3g J (%.3g spikes × %.2g J + %.3g synaptic events × %.2g J; %d recalls: each learned episode cued %d times to the cortex alone and once to the hippocampus alone at each day's test, %.0f ms simulated per recall; a whole human brain at %g W spends %.3g J in that time). "+
			"Whole run: %.3g J over %.0f s simulated (%d spikes + %d synaptic events): %.3g W for this network",
			rc.JoulesPerRecall, rc.SpikesPerRecall, sim.JoulesPerSpike, rc.SynapticEventsPerRecall, sim.JoulesPerSynapticEvent, rc.Recalls, br.Params.CortexTrials, rc.SimMsPerRecall,
			brain.HumanBrainWatts, rc.HumanBrainJoulesPerRecall, e.Joules, simS, e.Spikes, e.Events, e.Joules/simS)}
	var rparts, eparts []string
	for _, m := range dn.Modes {
		if res := dn.ANN[m]; res != nil {
			rparts = append(rparts, fmt.Sprintf("%s %.3g J (%.3g FLOP)", m, res.JoulesPerRecall(ann.JoulesPerFLOPH100), res.FLOPsPerRecall()))
			eparts = append(eparts, fmt.Sprintf("%s %.3g FLOP = %.3g J (H100) / %.3g J (GPT-3 rate)", m, float64(res.FLOPs.Total()),
				res.Energy(ann.JoulesPerFLOPH100), res.Energy(ann.JoulesPerFLOPGPT3)))
		}
	}
	if len(rparts) > 0 {
		en.ANN = fmt.Sprintf("per recall (one episode cued once), at the H100's %.2g pJ/FLOP: %s. Whole run (training, storing and recall): %s. Training GPT-3 took %.3g J",
			ann.JoulesPerFLOPH100*1e12, strings.Join(rparts, "; "), strings.Join(eparts, "; "), float64(ann.GPT3TrainingJoules))
	}
	return []TableRow{short, long, sel, en}
}

func readoutOfDay1(br brain.Result, ro brain.Readout, day int) float64 {
	if c := br.DayCurve(0, ro); day < len(c) {
		return c[day]
	}
	return math.NaN()
}

func firstOr(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return x[0]
}

func totalSWR(br brain.Result) int {
	n := 0
	for _, d := range br.Days {
		n += d.SWR
	}
	return n
}

func pruned(br brain.Result) string {
	if len(br.Days) == 0 {
		return ""
	}
	first, last := br.Days[0], br.Days[len(br.Days)-1]
	return fmt.Sprintf("cortical E→E synapses %d → %d", first.Synapses, last.Synapses)
}
