package cortex

import (
	"fmt"
	"math"

	"engram/task"
)

// DaysConfig sets up the days of the whole brain on the stand-alone
// cortex: one new route a day, experienced awake, then a night in which
// the synthetic driver replays the routes learned so far as the brain's
// CA1 does (ReplayStyle: isolated events, forward and reverse, compressed,
// partial), then a test of every route learned so far; pruning after each
// night by Params.Pruning. It is the mechanism check of the cortex rule
// and of pruning, on the replay the brain delivers.
type DaysConfig struct {
	Setup
	// Days is the number of days, one new route each, 1 … 20. Default 5.
	// Setup.Sequences is set to it.
	Days int
	// NightMs is the length of each night, ms, ≥ 0. Default 5000.
	NightMs float64
	// Style is how replay reaches the cortex. Default DefaultReplayStyle.
	Style ReplayStyle
	// TraceDays is the time constant, days, with which a route's share of
	// the night's replay falls with its age (the hippocampal trace fades),
	// > 0. Default 3.
	TraceDays float64
	// SalienceGain multiplies the share of salient routes, ≥ 0. Default 2.
	SalienceGain float64
	// Exposures is the number of awake exposures of each new route on its
	// day (the brain's cortex sees a route through CA1 and then from its
	// own input: 2), 0 … 20. Default 2.
	Exposures int
	// Deprived replays nothing at night (the cortex sleeps without
	// sharp-wave ripples).
	Deprived bool
}

// DefaultDays returns 5 days of 5-item routes (25 items, as in the
// brain's default task), 5 s nights of replay in the default style (about
// 5 events a night), 4 recall trials.
func DefaultDays() DaysConfig {
	s := DefaultSetup()
	s.Trials = 4
	return DaysConfig{Setup: s, Days: 5, NightMs: 5000, Style: DefaultReplayStyle(), TraceDays: 3, SalienceGain: 2,
		Exposures: 2}
}

// DaysResult is the outcome of Days.
type DaysResult struct {
	// Episodes are the routes, in the order experienced (one a day).
	Episodes []task.Episode
	// Chance is the score of a guesser (task.ChanceScore).
	Chance float64
	// Recall[d][e] is the recall of route e in the test of day d (e ≤ d).
	Recall [][]float64
	// Replays[d][e] is the number of replay events of route e in night d.
	Replays [][]int
	// Prune holds each night's pruning.
	Prune []PruneReport
	// Synapses and Plastic are the E→E synapse counts before the first day
	// and after each night (index d+1).
	Synapses, Plastic []int
	// EEEvents is the mean number of E→E events per recall in each test.
	EEEvents []float64
	// Weights[d] is the assembly × assembly mean E→E weight (mV, [pre][post]
	// in the order of the routes' items) after night d (WeightMatrix).
	Weights [][][]float64
	// Recalled[d][e] is what route e recalled in the first trial of test d.
	Recalled [][][]task.Item
}

// Days lives through the days of cfg on a stand-alone cortex and returns
// the recall of every route in every test.
func Days(cfg DaysConfig) (DaysResult, error) {
	var res DaysResult
	switch {
	case cfg.Days < 1 || cfg.Days > 20:
		return res, fmt.Errorf("cortex: Days = %d, want 1 … 20", cfg.Days)
	case !(cfg.NightMs >= 0):
		return res, fmt.Errorf("cortex: NightMs = %v, want ≥ 0", cfg.NightMs)
	case !(cfg.TraceDays > 0) || !(cfg.SalienceGain >= 0):
		return res, fmt.Errorf("cortex: TraceDays = %v, SalienceGain = %v, want > 0 and ≥ 0", cfg.TraceDays, cfg.SalienceGain)
	case cfg.Exposures < 0 || cfg.Exposures > 20:
		return res, fmt.Errorf("cortex: Exposures = %d, want 0 … 20", cfg.Exposures)
	}
	if err := cfg.Style.Validate(); err != nil {
		return res, err
	}
	s := cfg.Setup
	s.Sequences = cfg.Days
	tp := task.Params{VocabSize: cfg.Days * s.SequenceLen, EpisodeLen: s.SequenceLen, EpisodesPerDay: 1,
		Days: cfg.Days, SalientFraction: 0.5, ItemMs: s.Driver.AwakeItemMs, GapMs: s.Driver.AwakeGapMs, Reuse: task.Disjoint}
	s.Cortex.NE = max(s.Cortex.NE, tp.VocabSize*s.Cortex.AssemblySize)
	r, err := newTaskRun(s, s.Cortex, tp)
	if err != nil {
		return res, err
	}
	defer r.close()
	res.Episodes, res.Chance = r.eps, task.ChanceScore(tp.VocabSize, tp.EpisodeLen)
	tot, pl := r.c.Synapses()
	res.Synapses, res.Plastic = []int{tot}, []int{pl}
	for d := 0; d < cfg.Days; d++ {
		for range cfg.Exposures {
			if err := r.c.Encode(r.eps[d]); err != nil {
				return res, err
			}
		}
		learned := r.eps[:d+1]
		counts := make([]int, len(learned))
		if !cfg.Deprived && cfg.NightMs > 0 {
			w := make([]float64, len(learned))
			for e, ep := range learned {
				w[e] = math.Exp(-float64(d-e) / cfg.TraceDays)
				if ep.Salient {
					w[e] *= cfg.SalienceGain
				}
			}
			if counts, err = r.c.SleepReplay(learned, w, cfg.Style, cfg.NightMs); err != nil {
				return res, err
			}
		} else {
			r.c.SetMode(Sleep)
			err := r.c.driver.play([]segment{{asm: -1, ms: cfg.NightMs}})
			r.c.SetMode(Test)
			if err != nil {
				return res, err
			}
		}
		night, err := r.c.EndNight()
		if err != nil {
			return res, err
		}
		t, err := r.c.Test(learned, s.Trials)
		if err != nil {
			return res, err
		}
		tot, pl := r.c.Synapses()
		res.Recall = append(res.Recall, t.Scores)
		res.Replays = append(res.Replays, counts)
		res.Prune = append(res.Prune, night.Prune)
		res.Synapses, res.Plastic = append(res.Synapses, tot), append(res.Plastic, pl)
		res.EEEvents = append(res.EEEvents, t.EEEvents)
		res.Weights = append(res.Weights, r.c.WeightMatrix())
		res.Recalled = append(res.Recalled, t.Recalled)
	}
	return res, nil
}
