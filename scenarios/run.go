package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"engram/cortex"
	"engram/hippocampus"
	"engram/sim"
	"engram/task"
	"engram/viz"
)

// Result is what a run produced: its metrics and its recordings.
type Result struct {
	Scenario Scenario
	// Metrics are the COBA run's metrics (model "coba").
	Metrics Metrics
	// Night is the hippocampus run (model "hippocampus").
	Night *hippocampus.Night
	// HippoMetrics are the hippocampus run's metrics.
	HippoMetrics *HippocampusMetrics
	// DayNight is the day-night run (model "day-night" or "ann").
	DayNight *DayNight
	// Pruning and MgSweep are the cortex experiments.
	Pruning *cortex.PruningResult
	MgSweep *cortex.MgSweepResult
	// Trains holds the recorded spikes of each population.
	Trains []viz.SpikeTrain
	// WallSeconds is how long the simulation took (not part of Metrics,
	// which must be identical for identical scenarios).
	WallSeconds float64
	// Complete is false when the run was interrupted.
	Complete bool
}

// Metrics are the measured results of a run, written to metrics.json.
// They depend only on the scenario and its seed.
type Metrics struct {
	Scenario   string             `json:"scenario"`
	Seed       uint64             `json:"seed"`
	DtMs       float64            `json:"dt_ms"`
	DurationMs float64            `json:"duration_ms"`
	Complete   bool               `json:"complete"`
	Neurons    int                `json:"neurons"`
	Synapses   int                `json:"synapses"`
	RateHz     map[string]float64 `json:"rate_hz"`
	// CVISI is the mean CV of the excitatory cells' interspike intervals.
	CVISI Float `json:"cv_isi_e"`
	// PeakOverMean is the peak population rate in 5 ms bins over the mean
	// rate (≈ 1–2 when asynchronous; large in a synchronous blow-up).
	PeakOverMean Float      `json:"peak_over_mean_rate_5ms"`
	Energy       sim.Energy `json:"energy"`
}

// Float is a measured number that JSON writes as null when it is not
// finite: a quantity the run could not measure (the CV of interspike
// intervals of a run too short for any interval, the median of no events).
type Float float64

// MarshalJSON writes f as encoding/json writes a float64, or null.
func (f Float) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

// HippocampusMetrics summarise a hippocampus-only day and night.
type HippocampusMetrics struct {
	Scenario      string     `json:"scenario"`
	Seed          uint64     `json:"seed"`
	SleepMs       float64    `json:"sleep_ms"`
	Events        int        `json:"swr_events"`
	RatePerS      Float      `json:"swr_rate_per_s"`
	MedianDurMs   Float      `json:"median_duration_ms"`
	MedianFreqHz  Float      `json:"median_peak_frequency_hz"`
	IEICV         Float      `json:"iei_cv"`
	Forward       int        `json:"forward_replays"`
	Reverse       int        `json:"reverse_replays"`
	MeanAbsRho    Float      `json:"mean_abs_rho"`
	PooledP       Float      `json:"order_vs_shuffle_p"`
	Compression   Float      `json:"compression"`
	ReplaysPerSeq []int      `json:"replays_per_sequence"`
	SalientSeq    []bool     `json:"salient_sequence"`
	Energy        sim.Energy `json:"energy"`
}

// Progress is told of a run's progress: done of total steps (days of the
// brain, modes of the ANN) have finished. It may be called from several
// goroutines.
type Progress func(done, total int)

// Run runs a scenario. When ctx is cancelled it stops, and returns what it
// has with Complete false.
func Run(ctx context.Context, s Scenario) (*Result, error) { return RunProgress(ctx, s, nil) }

// RunProgress is Run telling progress (nil: no one) of the runs that have
// steps (day-night and ann).
func RunProgress(ctx context.Context, s Scenario, progress Progress) (*Result, error) {
	switch s.Model {
	case "hippocampus":
		return runHippocampus(ctx, s)
	case "day-night", "ann":
		return runDayNight(ctx, s, progress)
	case "cortex-pruning", "cortex-mg":
		return runCortex(ctx, s)
	}
	cfg := sim.DefaultConfig()
	cfg.DtMs, cfg.Seed, cfg.Workers = s.DtMs, s.Seed, s.Workers
	n, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	defer n.Close()
	c, err := sim.BuildCOBA(n, sim.DefaultCOBA())
	if err != nil {
		return nil, err
	}
	re, ri := n.RecordSpikes(c.E, 0), n.RecordSpikes(c.I, 0)
	start := time.Now()
	err = n.RunContext(ctx, s.COBA.DurationMs)
	res := &Result{Scenario: s, WallSeconds: time.Since(start).Seconds(), Complete: err == nil}
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	dur := n.TimeMs()
	te, ce := re.Spikes()
	ti, ci := ri.Spikes()
	res.Trains = []viz.SpikeTrain{
		{Name: "E", Size: c.E.Size(), TMs: te, Cells: ce, Color: viz.Blue},
		{Name: "I", Size: c.I.Size(), TMs: ti, Cells: ci, Color: viz.Vermilion},
	}
	m := Metrics{Scenario: s.Name, Seed: s.Seed, DtMs: s.DtMs, DurationMs: dur, Complete: res.Complete,
		Neurons: c.E.Size() + c.I.Size(), Energy: n.Energy(), RateHz: map[string]float64{}}
	for _, p := range n.Projections() {
		m.Synapses += p.Len()
	}
	m.RateHz["E"] = sim.MeanRate(len(te), c.E.Size(), dur)
	m.RateHz["I"] = sim.MeanRate(len(ti), c.I.Size(), dur)
	m.RateHz["all"] = sim.MeanRate(len(te)+len(ti), m.Neurons, dur)
	cv, _ := sim.CVISI(te, ce, c.E.Size(), 2)
	m.CVISI = Float(cv)
	m.PeakOverMean = Float(math.NaN()) // no spikes: not measured
	if pr := sim.PopulationRate(slices.Concat(te, ti), m.Neurons, 0, dur, 5); len(pr) > 0 && m.RateHz["all"] > 0 {
		m.PeakOverMean = Float(slices.Max(pr) / m.RateHz["all"])
	}
	res.Metrics = m
	return res, nil
}

// runHippocampus runs the first day of the default task and a night on the
// hippocampus alone. When ctx is cancelled during the night, the night so
// far is analysed and returned, marked incomplete; before it, an empty
// incomplete result.
func runHippocampus(ctx context.Context, s Scenario) (*Result, error) {
	tp := task.DefaultParams()
	tp.Days = 1
	t, err := task.Generate(tp, s.Seed)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	night, err := hippocampus.RunNight(ctx, hippocampus.DefaultParams(), t, sim.Config{DtMs: s.DtMs, Seed: s.Seed, Workers: s.Workers, MgMM: sim.DefaultMgMM}, s.Hippocampus.SleepMs)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	res := &Result{Scenario: s, WallSeconds: time.Since(start).Seconds(), Complete: err == nil,
		HippoMetrics: &HippocampusMetrics{Scenario: s.Name, Seed: s.Seed}}
	if night == nil {
		return res, nil
	}
	defer night.Close()
	st := night.Stats
	res.Night = night
	sleptMs := s.Hippocampus.SleepMs
	if !res.Complete {
		sleptMs = float64(len(night.Sleep.LFPCA3)) * hippocampus.LFPDtMs
	}
	*res.HippoMetrics = HippocampusMetrics{Scenario: s.Name, Seed: s.Seed, SleepMs: sleptMs, Events: len(st.Events),
		RatePerS: Float(st.RatePerS), MedianDurMs: Float(st.MedianDurMs), MedianFreqHz: Float(st.MedianFreqHz), IEICV: Float(st.IEICV),
		Forward: st.Forward, Reverse: st.Reverse, MeanAbsRho: Float(st.MeanAbsRho), PooledP: Float(st.PooledP),
		Compression: Float(st.Compression), ReplaysPerSeq: st.BySequence, SalientSeq: st.Salient,
		Energy: night.H.Net().Energy()}
	return res, nil
}

// Headline is the one-line summary of a result that simulate prints.
func Headline(r *Result) string {
	var b strings.Builder
	s := r.Scenario
	switch {
	case r.DayNight != nil:
		dn := r.DayNight
		n := len(dn.Brain.Days)
		fmt.Fprintf(&b, "%s: %d days in %.1f s wall", s.Name, n, r.WallSeconds)
		if n > 0 {
			d := dn.Brain.Days[n-1]
			fmt.Fprintf(&b, "; last test: cortex %.2f, hippocampus %.2f, both %.2f (chance %.2f)", d.Cortex, d.Hippocampus, d.Both, dn.Brain.Chance)
		}
		for _, m := range dn.Modes {
			if a := dn.ANN[m]; a != nil && len(a.Recall) > 0 {
				fmt.Fprintf(&b, "; ann %s %.2f", m, a.MeanRecall(len(a.Recall)-1))
			}
		}
	case r.HippoMetrics != nil:
		hm := r.HippoMetrics
		fmt.Fprintf(&b, "%s: %.0f s of sleep in %.1f s wall; %d sharp-wave ripples (%.2f/s), %d forward and %d reverse replays, compression %.1f×",
			s.Name, hm.SleepMs/1000, r.WallSeconds, hm.Events, hm.RatePerS, hm.Forward, hm.Reverse, hm.Compression)
	case r.Pruning != nil:
		fmt.Fprintf(&b, "%s: %d pruning arms in %.1f s wall", s.Name, len(r.Pruning.Arms), r.WallSeconds)
		for _, a := range r.Pruning.Arms {
			fmt.Fprintf(&b, "; %s: recall %.2f → %.2f, %.1f %% of plastic E→E synapses pruned", a.Rule,
				a.Recall[0], a.Recall[len(a.Recall)-1], 100*a.PrunedFraction())
		}
	case r.MgSweep != nil:
		fmt.Fprintf(&b, "%s: final recall in %.1f s wall by [Mg²⁺]", s.Name, r.WallSeconds)
		for _, p := range r.MgSweep.Points {
			fmt.Fprintf(&b, "; %g mM %.2f", p.MgMM, p.Final())
		}
		fmt.Fprintf(&b, " (chance %.2f)", r.MgSweep.Chance)
	default:
		m := r.Metrics
		fmt.Fprintf(&b, "%s: %.0f ms simulated in %.2f s wall; rate %.2f Hz, CV(ISI) %.2f, %d synapses, %.3g J",
			s.Name, m.DurationMs, r.WallSeconds, m.RateHz["all"], m.CVISI, m.Synapses, m.Energy.Joules)
	}
	return b.String()
}
