package scenarios

import (
	"context"
	"fmt"
	"math"
	"path/filepath"

	"engram/cortex"
	"engram/viz"
)

// pruningKind runs the cortex pruning experiment (cortex.Pruning): use-
// dependent pruning against random pruning on a cortex consolidated by
// synthetic replay.
type pruningKind struct{}

func (pruningKind) Name() string { return "cortex-pruning" }
func (pruningKind) Doc() string {
	return "the cortex pruning experiment: pruning by use against random pruning"
}
func (pruningKind) Reads() []string { return []string{"dt_ms", "pruning"} }

// Estimate: about a minute on one core (cortex.DefaultPruning).
func (pruningKind) Estimate(s Scenario) (float64, int64) { return 60 * 0.1 / s.DtMs, 64 << 20 }

// Run runs cortex.Pruning with the scenario's seed and time step; when
// interrupted, the arms that finished.
func (pruningKind) Run(ctx context.Context, s Scenario, _ Progress) (Outcome, error) {
	cfg := s.Pruning.config(s)
	res, err := cortex.Pruning(ctx, cfg)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	return &pruningOutcome{scenario: s.Name, seed: s.Seed, rules: cfg.Rules, Result: res, complete: err == nil}, nil
}

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

type pruningOutcome struct {
	scenario string
	seed     uint64
	rules    []cortex.PruneRule
	Result   cortex.PruningResult
	complete bool
}

func (o *pruningOutcome) Complete() bool       { return o.complete }
func (o *pruningOutcome) SimulatedMs() float64 { return 0 }

func (o *pruningOutcome) Headline() string {
	s := fmt.Sprintf("%d pruning arms", len(o.Result.Arms))
	for _, a := range o.Result.Arms {
		s += fmt.Sprintf("; %s: recall %.2f → %.2f, %.1f %% of plastic E→E synapses pruned", a.Rule,
			a.Recall[0], a.Recall[len(a.Recall)-1], 100*a.PrunedFraction())
	}
	return s
}

// Numbers are the last recall of each rule's arm (NaN for an arm that did
// not finish).
func (o *pruningOutcome) Numbers() []Number {
	var out []Number
	for _, rule := range o.rules {
		v := math.NaN()
		if a := o.Result.Arm(rule); a != nil {
			v = a.Recall[len(a.Recall)-1]
		}
		out = append(out, Number{"recall_" + string(rule), v})
	}
	return out
}

// Write writes metrics.json and the pruning figure.
func (o *pruningOutcome) Write(dir string) error {
	p := o.Result
	m := PruningMetrics{Scenario: o.scenario, Seed: o.seed, Chance: p.Chance}
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
	return viz.PruningCurves(filepath.Join(dir, "pruning"), p)
}

// mgKind runs the cortex [Mg²⁺] sweep (cortex.MgSweep).
type mgKind struct{}

func (mgKind) Name() string { return "cortex-mg" }
func (mgKind) Doc() string {
	return "the cortex [Mg²⁺] experiment: consolidation at several values of [Mg²⁺] (six by default)"
}
func (mgKind) Reads() []string { return []string{"dt_ms", "workers", "mg_sweep"} }

// Estimate: about a minute on one core (cortex.DefaultMgSweep).
func (mgKind) Estimate(s Scenario) (float64, int64) { return 60 * 0.1 / s.DtMs, 64 << 20 }

// Run runs cortex.MgSweep with the scenario's seed and time step, workers
// values at once; when interrupted, the values that finished.
func (mgKind) Run(ctx context.Context, s Scenario, _ Progress) (Outcome, error) {
	cfg := s.MgSweep.config(s)
	res, err := cortex.MgSweep(ctx, cfg)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	return &mgOutcome{scenario: s.Name, seed: s.Seed, values: cfg.MgMM, Result: res, complete: err == nil}, nil
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

type mgOutcome struct {
	scenario string
	seed     uint64
	values   []float64
	Result   cortex.MgSweepResult
	complete bool
}

func (o *mgOutcome) Complete() bool       { return o.complete }
func (o *mgOutcome) SimulatedMs() float64 { return 0 }

func (o *mgOutcome) Headline() string {
	s := "final recall by [Mg²⁺]"
	for _, p := range o.Result.Points {
		s += fmt.Sprintf("; %g mM %.2f", p.MgMM, p.Final())
	}
	return s + fmt.Sprintf(" (chance %.2f)", o.Result.Chance)
}

// Numbers are the final recall at each [Mg²⁺] of the sweep (NaN for a
// value that did not finish).
func (o *mgOutcome) Numbers() []Number {
	var out []Number
	for k, mg := range o.values {
		v := math.NaN()
		if k < len(o.Result.Points) {
			v = o.Result.Points[k].Final()
		}
		out = append(out, Number{fmt.Sprintf("recall_mg_%g", mg), v})
	}
	return out
}

// Write writes metrics.json and the [Mg²⁺] figure.
func (o *mgOutcome) Write(dir string) error {
	mg := o.Result
	m := MgMetrics{Scenario: o.scenario, Seed: o.seed, Chance: mg.Chance}
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
		return nil // interrupted before the first value finished
	}
	return viz.MgCurve(filepath.Join(dir, "mg_sweep"), mg)
}
