package scenarios

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"engram/sim"
	"engram/viz"
)

// cobaKind runs the benchmark network of Vogels & Abbott (2005), benchmark
// 1 of Brette et al. (2007): self-sustained asynchronous irregular
// activity.
type cobaKind struct{}

func (cobaKind) Name() string { return "coba" }
func (cobaKind) Doc() string {
	return "the COBA benchmark network (Vogels & Abbott 2005): 4000 LIF cells, self-sustained activity"
}
func (cobaKind) Reads() []string { return []string{"dt_ms", "workers", "coba"} }

// Estimate: about 4 simulated s per wall s on one core for the 4000 cells
// of the benchmark, in proportion to the synapses for another size;
// bytesPerSynapse for each of the N²·p synapses.
func (cobaKind) Estimate(s Scenario) (float64, int64) {
	n := float64(s.COBA.NE + s.COBA.NI)
	syn := n * n * s.COBA.P
	return s.COBA.DurationMs / 1000 / cobaBioPerWall * 0.1 / s.DtMs * max(syn/(4000*4000*0.02), n/4000), int64(syn) * bytesPerSynapse
}

// Run builds the network and runs it for coba.duration_ms, recording every
// spike.
func (cobaKind) Run(ctx context.Context, s Scenario, _ Progress) (Outcome, error) {
	cfg := sim.DefaultConfig()
	cfg.DtMs, cfg.Seed, cfg.Workers, cfg.Method = s.DtMs, s.Seed, s.Workers, s.COBA.Method
	n, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	defer n.Close()
	c, err := sim.BuildCOBA(n, s.COBA.COBAParams)
	if err != nil {
		return nil, err
	}
	re, ri := n.RecordSpikes(c.E, 0), n.RecordSpikes(c.I, 0)
	err = n.RunContext(ctx, s.COBA.DurationMs)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	dur := n.TimeMs()
	te, ce := re.Spikes()
	ti, ci := ri.Spikes()
	o := &cobaOutcome{name: s.Name, dtMs: s.DtMs, Spikes: []Population{
		{Name: "E", Size: c.E.Size(), TMs: te, Cells: ce},
		{Name: "I", Size: c.I.Size(), TMs: ti, Cells: ci},
	}}
	m := Metrics{Scenario: s.Name, Seed: s.Seed, DtMs: s.DtMs, Method: n.Method(), DurationMs: dur, Complete: err == nil,
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
	o.Metrics = m
	return o, nil
}

// Metrics are the measured results of a COBA run, written to metrics.json.
// They depend only on the scenario and its seed.
type Metrics struct {
	Scenario   string             `json:"scenario"`
	Seed       uint64             `json:"seed"`
	DtMs       float64            `json:"dt_ms"`
	Method     sim.Method         `json:"method"`
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

// Population is the recorded spikes of one population.
type Population struct {
	// Name labels the population ("E", "I").
	Name string
	// Size is its number of cells.
	Size int
	// TMs and Cells are the spike times (ms) and cell indices.
	TMs   []float64
	Cells []int32
}

// cobaOutcome is a COBA run: its metrics and every spike.
type cobaOutcome struct {
	name    string
	dtMs    float64
	Metrics Metrics
	Spikes  []Population
}

func (o *cobaOutcome) Complete() bool       { return o.Metrics.Complete }
func (o *cobaOutcome) SimulatedMs() float64 { return o.Metrics.DurationMs }

func (o *cobaOutcome) Headline() string {
	m := o.Metrics
	return fmt.Sprintf("%.0f ms simulated; rate %.2f Hz, CV(ISI) %.2f, %d synapses, %.3g J",
		m.DurationMs, m.RateHz["all"], m.CVISI, m.Synapses, m.Energy.Joules)
}

func (o *cobaOutcome) Numbers() []Number {
	return []Number{{"rate_hz", o.Metrics.RateHz["all"]}, {"cv_isi", float64(o.Metrics.CVISI)}}
}

// Write writes metrics.json, spikes.csv and the raster figure.
func (o *cobaOutcome) Write(dir string) error {
	if err := writeJSON(filepath.Join(dir, "metrics.json"), o.Metrics); err != nil {
		return err
	}
	if err := writeSpikes(filepath.Join(dir, "spikes.csv"), o.Spikes, o.dtMs); err != nil {
		return err
	}
	if o.Metrics.DurationMs <= 0 {
		return nil // interrupted before the first step: nothing to draw
	}
	var trains []viz.SpikeTrain
	for _, p := range o.Spikes {
		trains = append(trains, viz.SpikeTrain{Name: p.Name, Size: p.Size, TMs: p.TMs, Cells: p.Cells})
	}
	title := fmt.Sprintf("%s: self-sustained activity, %.1f Hz per cell, CV(ISI) %.2f", o.name, o.Metrics.RateHz["all"], o.Metrics.CVISI)
	return viz.RasterRate(filepath.Join(dir, "raster"), title, trains, 0, math.Min(o.Metrics.DurationMs, 1000), 5, 400)
}
