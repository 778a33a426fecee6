package brain

import (
	"engram/cortex"
	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

// HumanBrainWatts is the power of a whole human brain, ≈ 20 W: about 20 %
// of the resting body's energy use (Raichle & Gusnard 2002, "Appraising the
// brain's energy budget", PNAS 99:10237). Times the simulated time of one
// of the model's recalls it is what a whole human brain spends while the
// model recalls once.
const HumanBrainWatts = 20.0

// Readout names one way of reading recall out of the brain.
type Readout string

const (
	// Cortex is recall by the cortex alone: the CA1 → cortex projection's
	// gain is 0, the cue reaches the cortex through its own item input,
	// and the recalled order is decoded from cortical assemblies.
	Cortex Readout = "cortex"
	// Hippocampus is recall by the hippocampus alone: the cue reaches CA3
	// through EC and DG, and the recalled order is decoded from CA3
	// assemblies (hippocampus.Recall).
	Hippocampus Readout = "hippocampus"
	// Both is not a mechanism of the brain: it is, for each episode, the
	// better of the cortex's and the hippocampus's scores, the recall an
	// observer would credit if either system producing the episode counts.
	Both Readout = "better-of-two"
)

// Readouts lists the readouts in the order results report them.
var Readouts = []Readout{Cortex, Hippocampus, Both}

// EpisodeRecall is the recall of one episode in one day's test.
type EpisodeRecall struct {
	// Episode is the episode's ID; LearnedDay the day it was experienced.
	Episode, LearnedDay int
	// Salient marks a tagged episode.
	Salient bool
	// Cortex, Hippocampus and Both are the task.Score of each readout:
	// the cortex's the mean over Params.CortexTrials recalls, the
	// hippocampus's of one recall, Both the larger of the two.
	Cortex, Hippocampus, Both float64
	// CortexRecalled and HippocampusRecalled are the decoded item orders
	// (the cortex's of its first trial).
	CortexRecalled, HippocampusRecalled []task.Item
}

// Score returns the score of readout r (0 for an unknown readout).
func (e EpisodeRecall) Score(r Readout) float64 {
	switch r {
	case Cortex:
		return e.Cortex
	case Hippocampus:
		return e.Hippocampus
	case Both:
		return e.Both
	}
	return 0
}

// DayResult is what one day of a brain run measured.
type DayResult struct {
	// Day is the day, from 0.
	Day int
	// Lesioned reports whether the hippocampus was lesioned this day;
	// Deprived whether the night had no sharp waves.
	Lesioned, Deprived bool
	// SWR is the number of sharp-wave ripples detected in the night's
	// CA3 LFP, SWRPerS their rate (per s, after the start-up transient),
	// Replays how many of them were significant replays of a stored
	// sequence (hippocampus.ReplayTest: ≥ 4 distinct items, per-event
	// shuffle p < 0.05), and ReplaysBySequence those replays per stored
	// sequence (in the order the hippocampus stored them).
	SWR               int
	SWRPerS           float64
	Replays           int
	ReplaysBySequence []int
	// Sleep is the night's whole sharp-wave-ripple and replay analysis
	// (hippocampus.AnalyzeSleep: every event, its decoded items and test,
	// the negative control) without the LFP traces and spectrum; nil when
	// the night was not slept or not analysed.
	Sleep *hippocampus.SleepStats
	// Prune is the cortex's pruning after the night.
	Prune cortex.PruneReport
	// Recall holds the test of every episode learned by this day, in the
	// order experienced; Cortex, Hippocampus and Both are their means.
	Recall                    []EpisodeRecall
	Cortex, Hippocampus, Both float64
	// Links holds, for each episode of Recall (same order), the mean weight
	// of the cortical E→E synapses along its route and between its other
	// items at the end of the day (cortex.RouteLinks).
	Links []RouteLinks
	// CortexEventsPerRecall is the mean number of cortical synaptic events
	// per cortex-only recall.
	CortexEventsPerRecall float64
	// Synapses and PlasticSynapses are the cortex's E→E synapse counts at
	// the end of the day.
	Synapses, PlasticSynapses int
	// Energy is the network's energy meter at the end of the day
	// (cumulative since the brain was built).
	Energy sim.Energy
	// RecallEnergy is what the day's recall test alone cost: the energy
	// meter's spikes, synaptic events and joules of the whole network
	// (every population, inputs included) from the start to the end of the
	// test.
	RecallEnergy sim.Energy
	// Recalls is the number of recalls the test made. One recall is one
	// cued recall of one episode by one readout: the test recalls each
	// episode learned so far Params.CortexTrials times by the cortex and
	// once by the hippocampus, so Recalls = (CortexTrials + 1)·len(Recall)
	// (Both is scored from those and costs nothing more).
	Recalls int
	// RecallSimMs is the simulated time of the day's recall test, ms (the
	// hippocampus's rest before its first cue included).
	RecallSimMs float64
	// SimMs is the network's simulated time at the end of the day, ms;
	// WallSeconds the wall-clock time the day took.
	SimMs, WallSeconds float64
}

// RouteLinks is the cortical wiring of one episode's route at the end of a
// day: the mean E→E weight between the assemblies of consecutive items
// (both directions) and between its other pairs of items, mV.
type RouteLinks struct {
	Episode              int
	NeighbourMV, OtherMV float64
}

// Mean returns the day's mean score of readout r.
func (d DayResult) Mean(r Readout) float64 {
	switch r {
	case Cortex:
		return d.Cortex
	case Hippocampus:
		return d.Hippocampus
	case Both:
		return d.Both
	}
	return 0
}

// JoulesPerRecall returns the energy of one recall of the day's test,
// RecallEnergy.Joules / Recalls, in joules (0 when the test recalled
// nothing).
func (d DayResult) JoulesPerRecall() float64 {
	if d.Recalls == 0 {
		return 0
	}
	return d.RecallEnergy.Joules / float64(d.Recalls)
}

// MsPerRecall returns the simulated time of one recall of the day's test,
// RecallSimMs / Recalls, in ms (0 when the test recalled nothing).
func (d DayResult) MsPerRecall() float64 {
	if d.Recalls == 0 {
		return 0
	}
	return d.RecallSimMs / float64(d.Recalls)
}

// energySince returns what the energy meter counted between two of its
// readings, before and after: spikes and synaptic events of each
// population and of the whole network, their joules recomputed from the
// counts (sim.JoulesPerSpike, sim.JoulesPerSynapticEvent). Populations are
// matched by position and name (a network only adds populations, at the
// end); one missing from before counts from zero.
func energySince(before, after sim.Energy) sim.Energy {
	var d sim.Energy
	for k, p := range after.By {
		if k < len(before.By) && before.By[k].Name == p.Name {
			p.Spikes -= before.By[k].Spikes
			p.Events -= before.By[k].Events
		}
		p.Joules = float64(p.Spikes)*sim.JoulesPerSpike + float64(p.Events)*sim.JoulesPerSynapticEvent
		d.Spikes += p.Spikes
		d.Events += p.Events
		d.Joules += p.Joules
		d.By = append(d.By, p)
	}
	return d
}

// Result is a brain run: its parameters, task, chance level and the days
// lived through (all of them, or those completed before cancellation).
type Result struct {
	Params Params
	Task   *task.Task
	// Chance is the score of a guesser on the task (task.ChanceScore).
	Chance float64
	Days   []DayResult
}

// PrunedFraction returns the fraction of all cortical E→E synapses
// (assembly synapses included, which are never pruned) removed by the end
// of the run: 1 − synapses after the last day / synapses before the first
// night (0 for a run of no days).
func (r Result) PrunedFraction() float64 {
	if len(r.Days) == 0 {
		return 0
	}
	d0 := r.Days[0]
	before := d0.Synapses + d0.Prune.Removed
	if before == 0 {
		return 0
	}
	return 1 - float64(r.Days[len(r.Days)-1].Synapses)/float64(before)
}

// Recalls returns the number of recalls of every test of the run (one
// recall: one episode cued to one readout, see DayResult.Recalls).
func (r Result) Recalls() int {
	n := 0
	for _, d := range r.Days {
		n += d.Recalls
	}
	return n
}

// JoulesPerRecall returns the energy of one recall over every test of the
// run: the tests' summed RecallEnergy.Joules / Recalls(), in joules (0
// when nothing was recalled).
func (r Result) JoulesPerRecall() float64 {
	j := 0.0
	for _, d := range r.Days {
		j += d.RecallEnergy.Joules
	}
	if n := r.Recalls(); n > 0 {
		return j / float64(n)
	}
	return 0
}

// MsPerRecall returns the simulated time of one recall over every test of
// the run: the tests' summed RecallSimMs / Recalls(), in ms (0 when
// nothing was recalled).
func (r Result) MsPerRecall() float64 {
	ms := 0.0
	for _, d := range r.Days {
		ms += d.RecallSimMs
	}
	if n := r.Recalls(); n > 0 {
		return ms / float64(n)
	}
	return 0
}

// RecallRow is one row of a tidy recall table.
type RecallRow struct {
	// Day is the test's day; Episode the episode's ID and LearnedDay the
	// day it was experienced (its age at the test is Day − LearnedDay).
	Day, Episode, LearnedDay int
	// System is the readout.
	System Readout
	// Score is the task.Score.
	Score float64
}

// RecallRows returns the recall of every test as tidy rows (day, system,
// episode, score), days in order, then episodes, then readouts in the
// order of Readouts: what a runner writes as recall.csv.
func (r Result) RecallRows() []RecallRow {
	var rows []RecallRow
	for _, d := range r.Days {
		for _, e := range d.Recall {
			for _, ro := range Readouts {
				rows = append(rows, RecallRow{Day: d.Day, Episode: e.Episode, LearnedDay: e.LearnedDay, System: ro, Score: e.Score(ro)})
			}
		}
	}
	return rows
}

// Curve returns the mean score of readout r after each day.
func (r Result) Curve(ro Readout) []float64 {
	out := make([]float64, len(r.Days))
	for k, d := range r.Days {
		out[k] = d.Mean(ro)
	}
	return out
}

// EpisodeCurve returns readout r's score of episode id after each day
// (NaN-free: days before the episode was learned are left out), with the
// days it was tested on.
func (r Result) EpisodeCurve(id int, ro Readout) (days []int, scores []float64) {
	for _, d := range r.Days {
		for _, e := range d.Recall {
			if e.Episode == id {
				days = append(days, d.Day)
				scores = append(scores, e.Score(ro))
			}
		}
	}
	return days, scores
}

// SameDayCurve returns, for each day, readout r's mean score of the
// episodes experienced that day, tested the same day (after one night):
// the short-term store's recall, the counterpart of the Transformer's
// in-window recall (ann.Result.InWindowRecall).
func (r Result) SameDayCurve(ro Readout) []float64 {
	out := make([]float64, len(r.Days))
	for k, d := range r.Days {
		n := 0
		for _, e := range d.Recall {
			if e.LearnedDay == d.Day {
				out[k] += e.Score(ro)
				n++
			}
		}
		out[k] /= float64(max(n, 1))
	}
	return out
}

// DayCurve returns, after each day from day `of` on (index 0 is the test
// of day 0), readout r's mean score of the episodes first experienced on
// day `of`; tests before that day are 0. It is the forgetting curve of one
// day's episodes.
func (r Result) DayCurve(of int, ro Readout) []float64 {
	out := make([]float64, len(r.Days))
	if r.Task == nil || of < 0 || of >= len(r.Task.Days) {
		return out
	}
	eps := r.Task.Days[of].Episodes
	for _, e := range eps {
		_, sc := r.EpisodeCurve(e.ID, ro)
		for k, s := range sc {
			if d := of + k; d < len(out) {
				out[d] += s / float64(len(eps))
			}
		}
	}
	return out
}

// ReplayRow is one sharp-wave ripple detected in a night of a brain run
// and its replay test: a row of replays.csv.
type ReplayRow struct {
	// Night is the night (1 for the first day's).
	Night int
	// StartMs is the ripple's start from the beginning of the night, ms;
	// DurationMs its duration, ms; PeakHz the largest spectral peak of the
	// LFP within it (100–300 Hz).
	StartMs, DurationMs, PeakHz float64
	// Items is the number of distinct items of the best-matching stored
	// route decoded in the event (0 when fewer than 3 of any route).
	Items int
	// Direction is "forward" or "reverse" for a significant replay, "none"
	// otherwise.
	Direction string
	// Rho is the correlation of decoded bin time with position in the route
	// (NaN when no route matched), P the per-event shuffle p (1 when the
	// event had too few items to be tested).
	Rho, P float64
	// Significant reports whether the event is a replay (≥ 4 distinct
	// items, P < 0.05).
	Significant bool
}

// ReplayRows returns every sharp-wave ripple of every night of the run, in
// order: what a runner writes as replays.csv.
func (r Result) ReplayRows() []ReplayRow {
	var rows []ReplayRow
	for _, d := range r.Days {
		if d.Sleep == nil {
			continue
		}
		for _, e := range d.Sleep.Events {
			row := ReplayRow{Night: d.Day + 1, StartMs: e.Event.StartMs - d.Sleep.T0Ms, DurationMs: e.Event.DurationMs(),
				PeakHz: e.Event.PeakFreqHz, Items: e.Replay.Items, Direction: "none", Rho: e.Replay.Rho, P: e.Replay.P,
				Significant: e.IsReplay()}
			if row.Significant {
				row.Direction = "reverse"
				if e.Replay.Forward() {
					row.Direction = "forward"
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}
