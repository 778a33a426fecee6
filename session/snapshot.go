package session

import (
	"sync"

	"engram/ann"
	"engram/brain"
	"engram/hippocampus/swr"
	"engram/task"
)

// Snapshot is what a live Session looked like at one moment of simulated
// time. A Session never changes a Snapshot it has published, so a viewer
// may keep and draw it from another goroutine; slices that do not change
// during a run (Region.Position, Layout) are shared between snapshots.
type Snapshot struct {
	// Scenario and Description name the scenario and tell its story.
	Scenario, Description string
	// Day is the day being lived (from 0), Days the number of days.
	Day, Days int
	// Phase is "awake", "sleep", "test", "rest" or "done".
	Phase string
	// SimMs is the simulated time, ms.
	SimMs float64
	// Paused reports whether simulated time is stopped.
	Paused bool
	// Speed is the pace asked for (simulated s per wall s; 0 = as fast as
	// possible); Achieved the pace of the last second.
	Speed, Achieved float64
	// MgMM is the network's [Mg²⁺], mM; Alpha the α the ANN uses next.
	MgMM, Alpha float64
	// MgGated reports whether any synapse of the brain learns through the
	// Mg²⁺ gate (otherwise [Mg²⁺] changes nothing there).
	MgGated bool
	// Lesioned reports whether the hippocampus is lesioned.
	Lesioned bool
	// Notice is what the last command did (or why it did nothing).
	Notice string
	// Err is set when the model stopped with an error.
	Err string

	// Regions are the cell grids of the network map.
	Regions []Region
	// Raster holds the recent spikes of CA3 and the cortex.
	Raster Raster
	// LFP is the recent CA3 LFP proxy, its ripple band and the night's
	// sharp-wave ripples so far.
	LFP LFP
	// Replay is the latest sharp-wave ripple of the night, decoded (nil
	// before the first).
	Replay *LiveReplay
	// Brain lists the days the brain has finished.
	Brain []brain.DayResult
	// BrainJoules is the brain's energy so far, J (synaptic events and
	// spikes × their costs; sim.Energy).
	BrainJoules float64
	// ANN is the Transformer side (nil until its first day is done).
	ANN *ANNView
	// Layout holds what does not change during a run.
	Layout *Layout
}

// Layout is the static part of a live run: the task and what cells code.
type Layout struct {
	Task *task.Task
	// Items maps a hippocampal assembly to its item.
	Items []task.Item
	// EpisodeOf and PositionOf give, for each item, its episode and its
	// position in that episode (−1: unused).
	EpisodeOf, PositionOf map[task.Item]int
	// EpisodeLen is the number of items per episode.
	EpisodeLen int
	// Chance is the score of a guesser on the task (task.ChanceScore).
	Chance float64
}

// Region is one population of the network map.
type Region struct {
	// Name labels the population ("CA3", "cortex E").
	Name string
	// LastSpikeMs is, per cell, the time of its last spike, ms (−1e9 if
	// it has not fired).
	LastSpikeMs []float32
	// Position is, per cell, the position in its episode of the item the
	// cell codes (−1: codes nothing or an item not yet experienced); shared.
	Position []int8
}

// RasterRow is one population of the raster.
type RasterRow struct {
	Name  string
	Cells int
}

// RasterSpike is one spike of the raster.
type RasterSpike struct {
	// TMs is the spike time, ms.
	TMs float32
	// Row is the population (index into Raster.Rows), Cell the cell.
	Row, Cell int16
	// Position is the position in its episode of the cell's item (−1: none).
	Position int8
}

// Raster is the recent spiking of CA3 and cortex, for a scrolling raster.
type Raster struct {
	// T0Ms and T1Ms bound the window, ms.
	T0Ms, T1Ms float64
	Rows       []RasterRow
	Spikes     []RasterSpike
}

// LFP is a window of the CA3 LFP proxy (where sharp-wave ripples are
// detected; hippocampus.AnalyzeSleep) and the events of the night so far.
type LFP struct {
	// T0Ms is the time of the first sample, DtMs the sampling interval.
	T0Ms, DtMs float64
	// Raw is the LFP proxy, pA.
	Raw []float32
	// Events are the night's sharp-wave ripples detected so far (times in
	// ms of simulated time), by the detector that writes swr_events.csv.
	Events []swr.Event

	band *rippleBand
}

// rippleBand is the 150–250 Hz band of an LFP window, filtered once, when
// first asked for, on the goroutine that asks (the viewer's, so that the
// simulation does not spend its time filtering windows nobody draws).
type rippleBand struct {
	once sync.Once
	raw  []float64
	dtMs float64
	out  []float32
}

// Ripple returns the 150–250 Hz band of Raw, pA (swr.BandPass with the
// detector's band), or nil when there is no window.
func (l *LFP) Ripple() []float32 {
	b := l.band
	if b == nil {
		return nil
	}
	b.once.Do(func() {
		d := swr.DefaultDetect()
		band, _ := swr.BandPass(b.raw, b.dtMs, d.LowHz, d.HighHz)
		b.out, b.raw = toFloat32(band), nil
	})
	return b.out
}

// LiveReplay is one decoded sharp-wave ripple.
type LiveReplay struct {
	Event swr.Event
	// BinMs is the decoding bin; Decoded the assembly decoded in each bin
	// (−1: none).
	BinMs   float64
	Decoded []int
	// Sequence is the stored sequence (assemblies in order) it matches
	// best (nil: none); Rho the correlation of bin time with position in it.
	Sequence []int
	Rho      float64
	// P is the per-event shuffle p of the replay test, and IsReplay
	// whether the event counts as a replay (hippocampus.EventReplay: ≥ 4
	// distinct items, P < 0.05).
	P        float64
	IsReplay bool
	// Count is the number of events of the night so far.
	Count int
}

// ANNView is the Transformer side of a live run after its latest day.
type ANNView struct {
	// Days is the number of days the ANN has lived.
	Days int
	// Modes lists the memory modes; the slices below follow it.
	Modes []ann.Mode
	// Recall[m][d] is mode m's mean recall on day d.
	Recall [][]float64
	// Loss[m] is mode m's training loss per gradient step, nats per item.
	Loss [][]float64
	// Joules[m] is mode m's energy so far at the H100's J/FLOP, and
	// JoulesPerRecall[m] that of one recall (ann.Result.JoulesPerRecall).
	Joules, JoulesPerRecall []float64
	// Attention[m] is mode m's attention while it recalls the latest
	// day's first episode (nil when unavailable).
	Attention []*ann.AttentionMap
	// Alpha is the α the latest day used.
	Alpha float64
}
