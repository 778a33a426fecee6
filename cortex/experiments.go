package cortex

import (
	"context"
	"fmt"
	"sync"

	"engram/param"
	"engram/task"
)

// ConsolidationConfig sets up the consolidation experiment (V8).
type ConsolidationConfig struct {
	Setup
	// Nights is the number of days, each an awake exposure and (in the
	// replay arm) a night, ≥ 1. Default 5.
	Nights int
	// Replays is the number of replay events per episode per night, ≥ 1.
	// Default 10 (docs/model.md §4.1).
	Replays int
}

// DefaultConsolidation returns 5 days with 10 replays per sequence per
// night on the default setup.
func DefaultConsolidation() ConsolidationConfig {
	return ConsolidationConfig{Setup: DefaultSetup(), Nights: 5, Replays: 10}
}

// ConsolidationResult is the outcome of Consolidation: read-only data for
// figures and the validation row.
type ConsolidationResult struct {
	// Episodes are the sequences; Items the items in assembly order (the
	// episodes' items one after the other).
	Episodes []task.Episode
	Items    []task.Item
	// Chance is the score of a guesser (task.ChanceScore).
	Chance float64
	// Replay and NoSleep are the recall scores of the two arms after day
	// k (k = 0: the untrained cortex; k ≥ 1: after day k's awake exposure
	// and, in the replay arm, night k).
	Replay, NoSleep []float64
	// ForwardMV and OtherMV are the replay arm's mean weights (mV) of the
	// forward chain synapses (item k → item k+1 of a sequence) and of all
	// other plastic E→E synapses after day k.
	ForwardMV, OtherMV []float64
	// WeightsBefore and WeightsAfter are the replay arm's assembly ×
	// assembly mean E→E weights (mV, [pre][post] in Items order) after the
	// first awake exposure and after the last night.
	WeightsBefore, WeightsAfter [][]float64
	// Recalled holds what the replay arm recalled of each episode in the
	// last test (first trial).
	Recalled [][]task.Item
}

// Consolidation runs the stand-alone consolidation experiment (a mechanism
// check of the brain's row V8). Two cortices with the same wiring live
// through the same days: every day each sequence is experienced once while
// awake (weak learning, items 150 ms apart, far outside the 8 ms STDP
// window); in the replay arm a night of time-compressed replay follows
// (Setup.Style: forward and reverse events, items 5–15 ms apart, inside
// the window), in the no-sleep arm nothing. After each day both are cued
// with each sequence's first item, learning off, and scored with
// task.Score on the decoded assembly order.
func Consolidation(cfg ConsolidationConfig) (ConsolidationResult, error) {
	var res ConsolidationResult
	if cfg.Nights < 1 || cfg.Replays < 1 {
		return res, fmt.Errorf("cortex: consolidation Nights = %d, Replays = %d, want both ≥ 1", cfg.Nights, cfg.Replays)
	}
	res.Chance = cfg.Chance()
	for _, sleep := range []bool{true, false} {
		r, err := newRun(cfg.Setup, cfg.Cortex)
		if err != nil {
			return res, err
		}
		scores, err := consolidate(cfg, r, sleep, &res)
		r.close()
		if err != nil {
			return res, err
		}
		if sleep {
			res.Replay = scores
			res.Episodes, res.Items = r.eps, r.c.Items()
		} else {
			res.NoSleep = scores
		}
	}
	return res, nil
}

// consolidate lives through the days of one arm and returns the recall
// after each; the replay arm also fills the weights of res.
func consolidate(cfg ConsolidationConfig, r *run, sleep bool, res *ConsolidationResult) ([]float64, error) {
	t, err := r.c.Test(r.eps, cfg.Trials)
	if err != nil {
		return nil, err
	}
	scores := []float64{t.Score}
	record := func() {
		f, o := r.c.ChainWeights(r.eps)
		res.ForwardMV, res.OtherMV = append(res.ForwardMV, f), append(res.OtherMV, o)
	}
	if sleep {
		record()
	}
	for day := 1; day <= cfg.Nights; day++ {
		if err := r.encode(); err != nil {
			return nil, err
		}
		if sleep {
			if day == 1 {
				res.WeightsBefore = r.c.WeightMatrix()
			}
			if _, err := r.c.Sleep(r.eps, SleepPlan{Replays: cfg.Replays, Style: cfg.Style}); err != nil {
				return nil, err
			}
		}
		if t, err = r.c.Test(r.eps, cfg.Trials); err != nil {
			return nil, err
		}
		scores = append(scores, t.Score)
		if sleep {
			record()
		}
	}
	if sleep {
		res.WeightsAfter = r.c.WeightMatrix()
		res.Recalled = t.Recalled
	}
	return scores, nil
}

// PruningConfig sets up the pruning experiment (V10).
type PruningConfig struct {
	Setup
	// Nights and Replays are the consolidation before pruning: days of
	// awake exposure and a night of Replays events per episode.
	Nights  int `toml:"nights" range:"0..100" doc:"days of consolidation before pruning, each an awake exposure and a night"`
	Replays int `toml:"replays" range:"0..1000" doc:"replay events per episode in each night of consolidation"`
	// MaintenanceReplays is the number of replay events per episode in
	// each pruning night (sleep goes on replaying what was consolidated).
	MaintenanceReplays int `toml:"maintenance_replays" range:"0..1000" doc:"replay events per episode in each pruning night"`
	// Rules lists the arms, each a copy of the consolidated cortex pruned
	// by its rule after each night of Cortex.PruneSchedule.
	Rules []PruneRule `toml:"rules" oneof:"usage|depressed|random|none" doc:"the arms: each a copy of the consolidated cortex pruned by its rule after each night of cortex.prune_schedule (random removes as many as the selective arm before it)"`
}

// Validate reports the first parameter outside its range (its tags), as a
// *param.Error.
func (c PruningConfig) Validate() error { return param.Check(&c, "") }

// DefaultPruning returns 4 days of consolidation (10 replays per sequence
// per night), then the 5 pruning nights of DefaultParams().PruneSchedule
// with 2 replays per sequence each, in three arms: not pruned, pruned by
// depression (PruneDepressed), pruned at random by the same numbers; each
// test has 10 recall trials per sequence.
//
// Ten trials because the question is whether pruning costs more than 5
// points of recall: a test scores 4 transitions per trial and sequence,
// so 2 trials (DefaultSetup) give 32 transitions, one transition is 3.1
// points and the binomial standard error near a recall of 0.85 is ≈ 6
// points; 10 trials give 160 transitions and ≈ 3 points. Measured
// (seed 1, 2 trials): the control without pruning moved between 0.75 and
// 0.91 from one night to the next with nothing pruned.
func DefaultPruning() PruningConfig {
	s := DefaultSetup()
	s.Trials = 10
	s.Cortex.PruneSchedule = DefaultParams().PruneSchedule
	return PruningConfig{Setup: s, Nights: 4, Replays: 10, MaintenanceReplays: 2,
		Rules: []PruneRule{PruneNone, PruneDepressed, PruneRandom}}
}

// PruneArm is one arm of the pruning experiment.
type PruneArm struct {
	// Rule is how the arm pruned.
	Rule PruneRule
	// Recall, Synapses (all E→E), Plastic (plastic E→E) and
	// EEEventsPerRecall (E→E synaptic events per recall) are indexed by
	// pruning night: k = 0 is the consolidated cortex before pruning, k ≥ 1
	// after pruning night k.
	Recall            []float64
	Synapses, Plastic []int
	EEEventsPerRecall []float64
	// Reports holds each night's pruning step (night k at k−1).
	Reports []PruneReport
}

// PrunedFraction returns the fraction of the plastic E→E synapses of the
// consolidated cortex that the arm removed in all.
func (a PruneArm) PrunedFraction() float64 {
	if len(a.Plastic) == 0 || a.Plastic[0] == 0 {
		return 0
	}
	return 1 - float64(a.Plastic[len(a.Plastic)-1])/float64(a.Plastic[0])
}

// PruningResult is the outcome of Pruning.
type PruningResult struct {
	Episodes []task.Episode
	// Chance is the score of a guesser (task.ChanceScore).
	Chance float64
	// Arms are the arms in the order of PruningConfig.Rules.
	Arms []PruneArm
}

// Arm returns the arm that pruned by rule (nil if none).
func (r PruningResult) Arm(rule PruneRule) *PruneArm {
	for k := range r.Arms {
		if r.Arms[k].Rule == rule {
			return &r.Arms[k]
		}
	}
	return nil
}

// Pruning runs the stand-alone pruning experiment (a mechanism check of
// the brain's row V10). A cortex consolidates the sequences (Nights days
// of awake exposure and replay, no pruning), then continues as one copy
// per rule with the same weights and usage traces (fork): each sleeps one
// night per entry of the prune schedule, replaying each sequence
// MaintenanceReplays times, and after each night removes nothing, its
// rule's choice of plastic E→E synapses (Prune), or the same number chosen
// at random. After each night it is tested and its synapses and the E→E
// synaptic events of a recall (the energy the pruning saves) are counted.
// When ctx is done it stops within a simulated step and returns the arms
// that finished, with ctx's error.
func Pruning(ctx context.Context, cfg PruningConfig) (PruningResult, error) {
	var res PruningResult
	if err := cfg.Validate(); err != nil {
		return res, fmt.Errorf("cortex: pruning: %w", err)
	}
	res.Chance = cfg.Chance()
	base := cfg.Cortex
	base.Pruning = PruneNone
	r, err := newRun(cfg.Setup, base)
	if err != nil {
		return res, err
	}
	defer r.close()
	r.stopOn(ctx)
	res.Episodes = r.eps
	for day := 1; day <= cfg.Nights; day++ {
		if err := r.encode(); err != nil {
			return res, err
		}
		if _, err := r.c.Sleep(r.eps, SleepPlan{Replays: cfg.Replays, Style: cfg.Style}); err != nil {
			return res, err
		}
	}
	before, err := r.c.Test(r.eps, cfg.Trials)
	if err != nil {
		return res, err
	}
	total, plastic := r.c.Synapses()
	// The random arm removes, night by night, as many synapses as the last
	// selective arm before it did (its schedule otherwise).
	var selective []float64
	for _, rule := range cfg.Rules {
		arm := PruneArm{Rule: rule, Recall: []float64{before.Score}, Synapses: []int{total}, Plastic: []int{plastic},
			EEEventsPerRecall: []float64{before.EEEvents}}
		p := cfg.Cortex
		p.Pruning = rule
		if rule == PruneRandom && selective != nil {
			p.PruneSchedule = selective
		}
		f, err := fork(cfg.Setup, p, r)
		if err != nil {
			return res, err
		}
		f.stopOn(ctx)
		for range p.PruneSchedule {
			rep, err := f.c.Sleep(f.eps, SleepPlan{Replays: cfg.MaintenanceReplays, Style: cfg.Style})
			if err != nil {
				f.close()
				return res, err
			}
			t, err := f.c.Test(f.eps, cfg.Trials)
			if err != nil {
				f.close()
				return res, err
			}
			tot, pl := f.c.Synapses()
			arm.Recall = append(arm.Recall, t.Score)
			arm.Synapses, arm.Plastic = append(arm.Synapses, tot), append(arm.Plastic, pl)
			arm.EEEventsPerRecall = append(arm.EEEventsPerRecall, t.EEEvents)
			arm.Reports = append(arm.Reports, rep.Prune)
		}
		f.close()
		res.Arms = append(res.Arms, arm)
		if rule == PruneByUsage || rule == PruneDepressed {
			selective = nil
			for _, rep := range arm.Reports {
				selective = append(selective, float64(rep.Removed)/float64(max(rep.PlasticBefore, 1)))
			}
		}
	}
	return res, nil
}

// MgSweepConfig sets up the [Mg²⁺] sweep of consolidation (V11).
type MgSweepConfig struct {
	Setup
	// MgMM lists the [Mg²⁺] values, mM (Setup.MgMM is set to each).
	MgMM []float64 `toml:"mg_mm" unit:"mM" range:"0..10" doc:"the [Mg²⁺] values, one consolidation each"`
	// Nights and Replays are the days of consolidation at each value and
	// the replay events per episode per night.
	Nights  int `toml:"nights" range:"1..100" doc:"days of consolidation at each value"`
	Replays int `toml:"replays" range:"1..1000" doc:"replay events per episode per night"`
	// Parallel is how many values run at once (each on its own network;
	// results do not depend on it), ≥ 1.
	Parallel int `toml:"-"`
}

// Validate reports the first parameter outside its range (its tags), or
// an empty list of values, as a *param.Error.
func (c MgSweepConfig) Validate() error {
	if err := param.Check(&c, ""); err != nil {
		return err
	}
	if len(c.MgMM) == 0 {
		return param.Invalid(&c, &c.MgMM, "at least one value")
	}
	if c.Parallel < 1 {
		return &param.Error{Key: "Parallel", Value: fmt.Sprint(c.Parallel), Want: "≥ 1"}
	}
	return nil
}

// DefaultMgSweep returns the sweep on 2 sequences of 5 items with the
// Mg²⁺ gate on LTP switched on (MgGain 9.5, V̄ over 10 ms): 6 values from
// 0 to 3 mM, 2 days each.
func DefaultMgSweep() MgSweepConfig {
	s := DefaultSetup()
	s.Sequences = 2
	return MgSweepConfig{Setup: s, MgMM: []float64{0, 0.25, 0.5, 1, 2, 3}, Nights: 2, Replays: 10, Parallel: 1}
}

// MgPoint is consolidation at one [Mg²⁺].
type MgPoint struct {
	// MgMM is the [Mg²⁺], mM.
	MgMM float64
	// Recall is the score after each day (night k at k−1).
	Recall []float64
	// ForwardMV and OtherMV are the mean weights (mV) of the forward chain
	// synapses and of all other plastic E→E synapses after the last night.
	ForwardMV, OtherMV float64
	// EEEventsPerRecall is the number of E→E synaptic events per recall
	// in the last test (runaway excitation shows here).
	EEEventsPerRecall float64
	// VbarMV is the mean low-passed potential V̄ of E cells at their
	// spikes during the last night, and VdMV the mean dendritic potential
	// the gate reads there (V̄ plus the depolarisation by the replayed
	// input, Params.STDP.GateOnInput), mV.
	VbarMV, VdMV float64
	// GateFactor is the mean of MgGain·B(Vd) at those spikes: the factor
	// on potentiation (1 = ungated).
	GateFactor float64
}

// Final returns the recall after the last night.
func (p MgPoint) Final() float64 { return p.Recall[len(p.Recall)-1] }

// MgSweepResult is the outcome of MgSweep.
type MgSweepResult struct {
	// Chance is the score of a guesser (task.ChanceScore).
	Chance float64
	// InitialMV is the initial weight of plastic E→E synapses, mV.
	InitialMV float64
	// Points holds one result per [Mg²⁺], in the order of MgSweepConfig.MgMM.
	Points []MgPoint
}

// MgSweep measures consolidation (recall after Nights days of awake
// exposure and replay, and the weights learned) at each [Mg²⁺], with
// potentiation gated by the NMDA receptor's Mg²⁺ block (Params.STDP.MgGate):
// each potentiating pairing is scaled by MgGain·B(Vd), B the block of
// Jahr & Stevens (1990) at the dendrite's potential Vd = V̄ + D (D the
// depolarisation by the replayed input, GateOnInput), while the
// depression β at every spike is not gated.
//
// Why the curve has its shape. Vd at the spikes of replay sits around −40
// mV (V̄ near −59 plus ≈ 20 mV of input), in the steep, exponential part
// of B, so the mean gate falls with [Mg²⁺] (GateFactor; seed 1,
// DefaultMgSweep: 1, 0.51, 0.38, 0.26, 0.17, 0.13 at 0, 0.25, 0.5, 1, 2,
// 3 mM) and sets how far potentiation outgrows β. Recall after 2 nights
// (chance 0.34): 0.38, 0.44, 1.00, 1.00, 1.00, 0.81; route links 5.8, 5.5,
// 5.5, 5.0, 4.0, 3.3 mV (from 0.2):
//
//   - 0 and 0.25 mM: every co-active pair potentiates, also items
//     replayed 20 ms apart and the cortex's own completion; links between
//     a route's non-neighbouring items grow and the recalled order is
//     lost.
//   - 0.5–2 mM: neighbours outgrow β, the rest falls: routes are learned.
//   - 3 mM: potentiation barely outgrows β; the links stay weaker and one
//     sequence is recalled in part.
//
// With the fewer replays a night of the whole brain the same gate puts the
// best consolidation at 1 mM and none at 3 mM (validation row V11).
func MgSweep(ctx context.Context, cfg MgSweepConfig) (MgSweepResult, error) {
	res := MgSweepResult{Chance: cfg.Chance(), InitialMV: cfg.Cortex.WEEInitMV}
	if err := cfg.Validate(); err != nil {
		return res, fmt.Errorf("cortex: Mg sweep: %w", err)
	}
	res.Points = make([]MgPoint, len(cfg.MgMM))
	errs := make([]error, len(cfg.MgMM))
	sem := make(chan struct{}, cfg.Parallel)
	var wg sync.WaitGroup
	for k, mg := range cfg.MgMM {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			res.Points[k], errs[k] = mgPoint(ctx, cfg, mg)
		}()
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			res.Points = res.Points[:k]
			return res, err
		}
	}
	return res, nil
}

// mgPoint consolidates at one [Mg²⁺].
func mgPoint(ctx context.Context, cfg MgSweepConfig, mg float64) (MgPoint, error) {
	pt := MgPoint{MgMM: mg}
	s := cfg.Setup
	s.MgMM = mg
	r, err := newRun(s, s.Cortex)
	if err != nil {
		return pt, err
	}
	defer r.close()
	r.stopOn(ctx)
	var t TestResult
	for day := 1; day <= cfg.Nights; day++ {
		if err := r.encode(); err != nil {
			return pt, err
		}
		if day == cfg.Nights {
			r.c.probe = &vbarProbe{}
		}
		if _, err := r.c.Sleep(r.eps, SleepPlan{Replays: cfg.Replays, Style: cfg.Style}); err != nil {
			return pt, err
		}
		if t, err = r.c.Test(r.eps, cfg.Trials); err != nil {
			return pt, err
		}
		pt.Recall = append(pt.Recall, t.Score)
	}
	pt.ForwardMV, pt.OtherMV = r.c.ChainWeights(r.eps)
	pt.EEEventsPerRecall = t.EEEvents
	if pr := r.c.probe; pr.n > 0 {
		pt.VbarMV, pt.VdMV = pr.sum/float64(pr.n), pr.sumVd/float64(pr.n)
		pt.GateFactor = cfg.Cortex.STDP.MgGain * pr.sumB / float64(pr.n)
		if !cfg.Cortex.STDP.MgGate {
			pt.GateFactor = 1
		}
	}
	return pt, nil
}
