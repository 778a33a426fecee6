package scenarios

import (
	"context"
	"slices"
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
	// Kim is the replication of Kim et al. (2023) (model "kim").
	Kim *KimResult
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
	CVISI float64 `json:"cv_isi_e"`
	// PeakOverMean is the peak population rate in 5 ms bins over the mean
	// rate (≈ 1–2 when asynchronous; large in a synchronous blow-up).
	PeakOverMean float64    `json:"peak_over_mean_rate_5ms"`
	Energy       sim.Energy `json:"energy"`
}

// HippocampusMetrics summarise a hippocampus-only day and night.
type HippocampusMetrics struct {
	Scenario      string     `json:"scenario"`
	Seed          uint64     `json:"seed"`
	SleepMs       float64    `json:"sleep_ms"`
	Events        int        `json:"swr_events"`
	RatePerS      float64    `json:"swr_rate_per_s"`
	MedianDurMs   float64    `json:"median_duration_ms"`
	MedianFreqHz  float64    `json:"median_peak_frequency_hz"`
	IEICV         float64    `json:"iei_cv"`
	Forward       int        `json:"forward_replays"`
	Reverse       int        `json:"reverse_replays"`
	MeanAbsRho    float64    `json:"mean_abs_rho"`
	PooledP       float64    `json:"order_vs_shuffle_p"`
	Compression   float64    `json:"compression"`
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
// steps (day-night and ann; kim counts Adam steps).
func RunProgress(ctx context.Context, s Scenario, progress Progress) (*Result, error) {
	switch s.Model {
	case "hippocampus":
		return runHippocampus(ctx, s)
	case "day-night", "ann":
		return runDayNight(ctx, s, progress)
	case "cortex-pruning", "cortex-mg":
		return runCortex(ctx, s)
	case "kim":
		return runKim(ctx, s, progress)
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
	m.CVISI, _ = sim.CVISI(te, ce, c.E.Size(), 2)
	if pr := sim.PopulationRate(slices.Concat(te, ti), m.Neurons, 0, dur, 5); len(pr) > 0 && m.RateHz["all"] > 0 {
		m.PeakOverMean = slices.Max(pr) / m.RateHz["all"]
	}
	res.Metrics = m
	return res, nil
}

func runHippocampus(ctx context.Context, s Scenario) (*Result, error) {
	tp := task.DefaultParams()
	tp.Days = 1
	t, err := task.Generate(tp, s.Seed)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	night, err := hippocampus.RunNight(ctx, hippocampus.DefaultParams(), t, sim.Config{DtMs: s.DtMs, Seed: s.Seed, Workers: s.Workers, MgMM: sim.DefaultMgMM}, s.Hippocampus.SleepMs)
	if err != nil {
		return nil, err
	}
	defer night.Close()
	st := night.Stats
	m := &HippocampusMetrics{Scenario: s.Name, Seed: s.Seed, SleepMs: s.Hippocampus.SleepMs, Events: len(st.Events),
		RatePerS: st.RatePerS, MedianDurMs: st.MedianDurMs, MedianFreqHz: st.MedianFreqHz, IEICV: st.IEICV,
		Forward: st.Forward, Reverse: st.Reverse, MeanAbsRho: st.MeanAbsRho, PooledP: st.PooledP,
		Compression: st.Compression, ReplaysPerSeq: st.BySequence, SalientSeq: st.Salient,
		Energy: night.H.Net().Energy()}
	return &Result{Scenario: s, Night: night, HippoMetrics: m, WallSeconds: time.Since(start).Seconds(), Complete: true}, nil
}
