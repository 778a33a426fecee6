package scenarios

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"engram/export"
	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

// Exportable is implemented by the kinds whose network can be exported to
// other simulators (package export, `simulate export`).
type Exportable interface {
	// ExportPoint runs a fresh run of s up to the point at ("" for the
	// kind's default; coba: "start", hippocampus: "night", day-night:
	// "night:N") and returns it, with the default window (ms) and a
	// function that releases the run's network.
	ExportPoint(ctx context.Context, s Scenario, at string) (pt export.Point, windowMs float64, release func(), err error)
}

// ExportPoint advances a run of s to the export point at, for the kinds
// that can be exported (Exportable).
func ExportPoint(ctx context.Context, s Scenario, at string) (export.Point, float64, func(), error) {
	k, ok := KindOf(s.Model)
	if !ok {
		return export.Point{}, 0, nil, fmt.Errorf("model %q: no such kind of scenario", s.Model)
	}
	e, ok := k.(Exportable)
	if !ok {
		var names []string
		for _, k := range Kinds {
			if _, ok := k.(Exportable); ok {
				names = append(names, k.Name())
			}
		}
		return export.Point{}, 0, nil, fmt.Errorf("model %q cannot be exported (the kinds that can: %s)", s.Model, strings.Join(names, ", "))
	}
	return e.ExportPoint(ctx, s, at)
}

// ExportPoint of a COBA run is its start, the network as built with its
// random initial conditions.
func (cobaKind) ExportPoint(ctx context.Context, s Scenario, at string) (export.Point, float64, func(), error) {
	if at != "" && at != "start" {
		return export.Point{}, 0, nil, fmt.Errorf(`-at %q: a coba run exports at "start"`, at)
	}
	cfg := sim.DefaultConfig()
	cfg.DtMs, cfg.Seed, cfg.Workers = s.DtMs, s.Seed, s.Workers
	n, err := sim.New(cfg)
	if err != nil {
		return export.Point{}, 0, nil, err
	}
	if _, err := sim.BuildCOBA(n, s.COBA.COBAParams); err != nil {
		n.Close()
		return export.Point{}, 0, nil, err
	}
	pt := export.Point{Net: n, Scenario: s.Name, Kind: s.Model, Seed: s.Seed, At: "start",
		Label: "the COBA network as built, with its random initial conditions",
		// The network has no end of its own: it runs for as long as asked.
		Run: func(ctx context.Context) error { return n.RunContext(ctx, math.MaxInt32*s.DtMs) }}
	return pt, s.COBA.DurationMs, n.Close, nil
}

// ExportPoint of a hippocampus run is the start of its night: the day's
// episodes encoded (the recurrent weights learned), sleep begun.
func (hippocampusKind) ExportPoint(ctx context.Context, s Scenario, at string) (export.Point, float64, func(), error) {
	if at != "" && at != "night" {
		return export.Point{}, 0, nil, fmt.Errorf(`-at %q: a hippocampus run exports at "night"`, at)
	}
	t, err := task.Generate(hippocampusTask(), s.Seed)
	if err != nil {
		return export.Point{}, 0, nil, err
	}
	// As hippocampus.RunNight: the day's items, the circuit, the encoding.
	var items []task.Item
	for _, e := range t.Days[0].Episodes {
		for _, it := range e.Items {
			if !slices.Contains(items, it) {
				items = append(items, it)
			}
		}
	}
	n, err := sim.New(sim.Config{DtMs: s.DtMs, Seed: s.Seed, Workers: s.Workers, MgMM: sim.DefaultMgMM})
	if err != nil {
		return export.Point{}, 0, nil, err
	}
	h, err := hippocampus.Build(n, s.Hippocampus.Params, items)
	if err != nil {
		n.Close()
		return export.Point{}, 0, nil, err
	}
	for _, e := range t.Days[0].Episodes {
		if err := h.Encode(ctx, e, 1, t.Params.ItemMs, t.Params.GapMs); err != nil {
			n.Close()
			return export.Point{}, 0, nil, err
		}
	}
	sleep := s.Hippocampus.SleepMs
	pt := hippocampusPoint(h, t, 1, s)
	pt.At, pt.Label = "night", "the start of the night, after the day's encoding (one lap per episode)"
	// The export is taken one step into the night: the night runs one step
	// longer, so that the window can be the whole night.
	pt.Run = func(ctx context.Context) error { return h.Sleep(ctx, sleep+s.DtMs, false) }
	return pt, sleep, n.Close, nil
}

// ExportPoint of a day-night run is the start of a night: days 1 … N−1
// lived in full, day N's encoding done, its sleep begun.
func (dayNightKind) ExportPoint(ctx context.Context, s Scenario, at string) (export.Point, float64, func(), error) {
	night := 1
	if at != "" {
		v, ok := strings.CutPrefix(at, "night:")
		var err error
		if night, err = strconv.Atoi(v); !ok || err != nil {
			return export.Point{}, 0, nil, fmt.Errorf(`-at %q: a day-night run exports at "night:N", N a day from 1`, at)
		}
	}
	if days := s.TaskParams().Days; night < 1 || night > days {
		return export.Point{}, 0, nil, fmt.Errorf("-at %q: night %d, want 1 … %d (the scenario's days)", at, night, days)
	}
	s.Model = "day-night"
	d, err := NewDayNight(s)
	if err != nil {
		return export.Point{}, 0, nil, err
	}
	b := d.Brain
	for b.DaysDone() < night-1 {
		if _, err := b.Day(ctx); err != nil {
			d.Close()
			return export.Point{}, 0, nil, err
		}
	}
	if err := b.Awake(ctx); err != nil {
		d.Close()
		return export.Point{}, 0, nil, err
	}
	pt := hippocampusPoint(b.H, d.Task, night, s)
	pt.At = fmt.Sprintf("night:%d", night)
	pt.Label = fmt.Sprintf("the start of night %d, after day %d's encoding", night, night)
	pt.Run = b.Sleep
	// The export is taken one step into the night.
	return pt, s.Brain.SleepMs - s.DtMs, d.Close, nil
}

// hippocampusPoint describes the hippocampus of a run that has encoded the
// episodes of the first days of t: its network, LFP groups and what the
// replay analysis needs.
func hippocampusPoint(h *hippocampus.Hippocampus, t *task.Task, days int, s Scenario) export.Point {
	rec := h.Recording()
	info := &export.HippocampusInfo{CA3: h.CA3.Name(), BC: h.BC.Name(), CA1: h.CA1.Name(),
		AssemblyPC: h.P.AssemblyPC, Items: len(h.Items), Assembly: rec.Assembly, Sequences: rec.Sequences,
		ItemMs: t.Params.ItemMs}
	var seen [][]task.Item
	for _, day := range t.Days[:days] {
		for _, e := range day.Episodes {
			if !slices.ContainsFunc(seen, func(q []task.Item) bool { return slices.Equal(q, e.Items) }) {
				seen = append(seen, e.Items)
				info.Salient = append(info.Salient, e.Salient)
			}
		}
	}
	return export.Point{Net: h.Net(), Scenario: s.Name, Kind: s.Model, Seed: s.Seed,
		LFP: []*sim.Group{h.CA3, h.CA1}, Hippocampus: info}
}
