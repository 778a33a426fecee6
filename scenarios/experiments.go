package scenarios

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"engram/cortex"
	"engram/viz"
)

// PruningMetrics summarise a cortex pruning run, written to metrics.json.
type PruningMetrics struct {
	Scenario string       `json:"scenario"`
	Seed     uint64       `json:"seed"`
	Chance   float64      `json:"chance"`
	Arms     []PruningArm `json:"arms"`
}

// PruningArm is one arm: recall and synapses after each pruning night.
type PruningArm struct {
	Rule              string    `json:"rule"`
	Recall            []float64 `json:"recall_by_night"`
	PlasticSynapses   []int     `json:"plastic_ee_synapses_by_night"`
	EEEventsPerRecall []float64 `json:"ee_events_per_recall_by_night"`
	PrunedFraction    float64   `json:"pruned_fraction"`
}

// MgMetrics summarise a cortex [Mg²⁺] sweep, written to metrics.json.
type MgMetrics struct {
	Scenario string    `json:"scenario"`
	Seed     uint64    `json:"seed"`
	Chance   float64   `json:"chance"`
	MgMM     []float64 `json:"mg_mm"`
	Recall   []float64 `json:"final_recall"`
	LTP      []float64 `json:"ltp_gate_factor"`
	Forward  []float64 `json:"forward_weight_mv"`
}

// runCortex runs one of the cortex experiments of MODEL.md §4 (model
// "cortex-pruning" or "cortex-mg"), driven by synthetic replay. When ctx
// is cancelled it returns what finished (pruning arms, [Mg²⁺] points),
// marked incomplete.
func runCortex(ctx context.Context, s Scenario) (*Result, error) {
	start := time.Now()
	r := &Result{Scenario: s}
	var err error
	switch s.Model {
	case "cortex-pruning":
		cfg := cortex.DefaultPruning()
		cfg.Seed, cfg.DtMs = s.Seed, s.DtMs
		var res cortex.PruningResult
		res, err = cortex.Pruning(ctx, cfg)
		r.Pruning = &res
	case "cortex-mg":
		cfg := cortex.DefaultMgSweep()
		cfg.Seed, cfg.DtMs, cfg.Parallel = s.Seed, s.DtMs, s.Workers
		var res cortex.MgSweepResult
		res, err = cortex.MgSweep(ctx, cfg)
		r.MgSweep = &res
	default:
		return nil, fmt.Errorf("model %q is not a cortex experiment", s.Model)
	}
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	r.WallSeconds = time.Since(start).Seconds()
	r.Complete = err == nil
	return r, nil
}

func writeCortex(dir string, r *Result) error {
	if err := writeTiming(dir, r, 0, 0); err != nil {
		return err
	}
	if p := r.Pruning; p != nil {
		m := PruningMetrics{Scenario: r.Scenario.Name, Seed: r.Scenario.Seed, Chance: p.Chance}
		for _, a := range p.Arms {
			m.Arms = append(m.Arms, PruningArm{Rule: fmt.Sprint(a.Rule), Recall: a.Recall, PlasticSynapses: a.Plastic,
				EEEventsPerRecall: a.EEEventsPerRecall, PrunedFraction: a.PrunedFraction()})
		}
		if err := writeJSON(filepath.Join(dir, "metrics.json"), m); err != nil {
			return err
		}
		if len(p.Arms) == 0 {
			return nil // interrupted before the first arm finished
		}
		return viz.PruningCurves(filepath.Join(dir, "pruning"), *p)
	}
	mg := r.MgSweep
	m := MgMetrics{Scenario: r.Scenario.Name, Seed: r.Scenario.Seed, Chance: mg.Chance}
	for _, p := range mg.Points {
		m.MgMM = append(m.MgMM, p.MgMM)
		m.Recall = append(m.Recall, p.Final())
		m.LTP = append(m.LTP, p.GateFactor)
		m.Forward = append(m.Forward, p.ForwardMV)
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), m); err != nil {
		return err
	}
	if len(mg.Points) == 0 {
		return nil // interrupted before the first point finished
	}
	return viz.MgCurve(filepath.Join(dir, "mg_sweep"), *mg)
}
