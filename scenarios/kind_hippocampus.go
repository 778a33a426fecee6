package scenarios

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"engram/hippocampus"
	"engram/param"
	"engram/sim"
	"engram/task"
	"engram/viz"
)

// hippocampusKind runs the hippocampus alone: the first day of the default
// task (two episodes of five items, one salient), then a night.
type hippocampusKind struct{}

func (hippocampusKind) Name() string { return "hippocampus" }
func (hippocampusKind) Doc() string {
	return "a hippocampus day and night: encoding, then sharp-wave ripples and replay"
}
func (hippocampusKind) Reads() []string { return []string{"dt_ms", "workers", "hippocampus"} }

// Estimate: about 4 simulated s per wall s, ≈ 2 s of awake encoding; the
// CA3 recurrent synapses dominate memory.
func (hippocampusKind) Estimate(s Scenario) (float64, int64) {
	return (s.Hippocampus.SleepMs + 2000) / 1000 / hippoBioPerWall * 0.1 / s.DtMs, 64 << 20
}

// check reports a hippocampus too small for the day's items (as
// hippocampus.Build would when the run starts), as a *ParamError.
func (hippocampusKind) check(s Scenario) error {
	t, err := task.Generate(hippocampusTask(), s.Seed)
	if err != nil {
		return err
	}
	n, p := len(t.ItemsUsed()), s.Hippocampus.Params
	switch {
	case n*p.AssemblyPC > p.NPC:
		return param.Within("hippocampus.", param.Invalid(&p, &p.NPC, fmt.Sprintf("≥ %d: the day's %d items × assembly_pc (%d)", n*p.AssemblyPC, n, p.AssemblyPC)))
	case n*p.AssemblyCA1 > p.NCA1:
		return param.Within("hippocampus.", param.Invalid(&p, &p.NCA1, fmt.Sprintf("≥ %d: the day's %d items × assembly_ca1 (%d)", n*p.AssemblyCA1, n, p.AssemblyCA1)))
	}
	return nil
}

// hippocampusTask is the task of a hippocampus run: the first day of the
// default task.
func hippocampusTask() task.Params {
	tp := task.DefaultParams()
	tp.Days = 1
	return tp
}

// Run encodes the day's episodes and sleeps. When ctx is cancelled during
// the night, the night so far is analysed and returned, incomplete;
// before it, an empty incomplete outcome.
func (hippocampusKind) Run(ctx context.Context, s Scenario, _ Progress) (Outcome, error) {
	t, err := task.Generate(hippocampusTask(), s.Seed)
	if err != nil {
		return nil, err
	}
	night, err := hippocampus.RunNight(ctx, s.Hippocampus.Params, t, sim.Config{DtMs: s.DtMs, Seed: s.Seed, Workers: s.Workers, MgMM: sim.DefaultMgMM}, s.Hippocampus.SleepMs)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	o := &hippocampusOutcome{Metrics: HippocampusMetrics{Scenario: s.Name, Seed: s.Seed}, complete: err == nil}
	if night == nil {
		return o, nil
	}
	st := night.Stats
	o.Night, o.simMs = night, night.SimMs
	sleptMs := s.Hippocampus.SleepMs
	if !o.complete {
		sleptMs = float64(len(night.Sleep.LFPCA3)) * hippocampus.LFPDtMs
	}
	o.Metrics = HippocampusMetrics{Scenario: s.Name, Seed: s.Seed, SleepMs: sleptMs, Events: len(st.Events),
		RatePerS: Float(st.RatePerS), MedianDurMs: Float(st.MedianDurMs), MedianFreqHz: Float(st.MedianFreqHz), IEICV: Float(st.IEICV),
		Forward: st.Forward, Reverse: st.Reverse, MeanAbsRho: Float(st.MeanAbsRho), PooledP: Float(st.PooledP),
		Compression: Float(st.Compression), ReplaysPerSeq: st.BySequence, SalientSeq: st.Salient,
		Energy: night.Energy}
	return o, nil
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

// hippocampusOutcome is a hippocampus run: its metrics and the night.
type hippocampusOutcome struct {
	Metrics  HippocampusMetrics
	Night    *hippocampus.Night // nil when interrupted before the night
	simMs    float64
	complete bool
}

func (o *hippocampusOutcome) Complete() bool       { return o.complete }
func (o *hippocampusOutcome) SimulatedMs() float64 { return o.simMs }

func (o *hippocampusOutcome) Headline() string {
	m := o.Metrics
	s := fmt.Sprintf("%.0f s of sleep; %d sharp-wave ripples (%.2f/s), %d forward and %d reverse replays",
		m.SleepMs/1000, m.Events, m.RatePerS, m.Forward, m.Reverse)
	if c := float64(m.Compression); !math.IsNaN(c) {
		s += fmt.Sprintf(", compression %.1f×", c)
	}
	return s
}

func (o *hippocampusOutcome) Numbers() []Number {
	m := o.Metrics
	return []Number{{"swr_per_s", float64(m.RatePerS)}, {"forward_replays", float64(m.Forward)},
		{"reverse_replays", float64(m.Reverse)}, {"compression", float64(m.Compression)}}
}

// Write writes metrics.json, swr_events.csv and the four sleep figures.
func (o *hippocampusOutcome) Write(dir string) error {
	if err := writeJSON(filepath.Join(dir, "metrics.json"), o.Metrics); err != nil {
		return err
	}
	n := o.Night
	if n == nil { // interrupted before the night began
		return nil
	}
	var rows [][]string
	for _, e := range n.Stats.Events {
		rows = append(rows, []string{f1(e.Event.StartMs), f1(e.Event.EndMs), f1(e.Event.DurationMs()), f1(e.Event.PeakFreqHz),
			strconv.Itoa(e.Replay.Sequence), fmt.Sprintf("%.3f", e.Replay.Rho), strconv.Itoa(e.Replay.Items),
			fmt.Sprintf("%.2f", e.Replay.MsPerItem), strconv.FormatBool(e.IsReplay())})
	}
	if err := writeCSV(filepath.Join(dir, "swr_events.csv"), []string{"start_ms", "end_ms", "duration_ms", "peak_freq_hz",
		"sequence", "rho", "items", "ms_per_item", "replay"}, rows); err != nil {
		return err
	}
	if err := viz.SleepRaster(filepath.Join(dir, "sleep_raster"), n, 2000); err != nil {
		return err
	}
	if err := viz.SleepLFP(filepath.Join(dir, "sleep_lfp"), n, 300); err != nil {
		return err
	}
	if err := viz.SleepSpectrum(filepath.Join(dir, "sleep_spectrum"), n); err != nil {
		return err
	}
	if err := viz.ReplayVsAwake(filepath.Join(dir, "replay_vs_awake"), n); err != nil {
		fmt.Fprintf(os.Stderr, "note: %v; replay_vs_awake not drawn\n", err)
	}
	if err := viz.ReplayStrip(filepath.Join(dir, "replay_strip"), n, 10, 8); err != nil {
		fmt.Fprintf(os.Stderr, "note: %v; replay_strip not drawn\n", err)
	}
	return nil
}

// f1 formats x with one decimal.
func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
