package validation

import (
	"context"
	"math"
	"sync"

	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

func init() {
	register(Row{ID: "V5", Title: "one-shot buffering in CA3", Run: runV5})
	register(Row{ID: "V6", Title: "sharp-wave ripples", Run: runV6})
	register(Row{ID: "V7", Title: "replay of stored sequences", Run: runV7})
}

// runV5 stores one episode (one exposure) and cues 30 % of each of its
// item assemblies: at least 90 % of the rest of the assembly should fire
// (pattern completion); completion should fall when three episodes are
// stored (load) and as traces decay over 7 days (time).
func runV5(o Options) ([]Check, error) {
	ages := []float64{0, 1, 3, 7}
	if o.Quick {
		ages = []float64{0, 7}
	}
	pts, err := hippocampus.CompletionCurve(context.Background(), hippocampus.DefaultParams(), task.DefaultParams(),
		[]int{1, 3}, ages, 0.3, o.Seed)
	if err != nil {
		return nil, err
	}
	at := func(load int, age float64) float64 {
		for _, p := range pts {
			if p.Episodes == load && p.AgeDays == age {
				return p.Completed
			}
		}
		return math.NaN()
	}
	c10 := at(1, 0)
	checks := []Check{
		Within("completion from a 30 % cue, 1 episode stored, day 0", 100*c10, "%", 90, 100),
		Within("completion with 3 episodes stored, day 0 (falls with load)", 100*at(3, 0), "%", 0, 100*c10-1e-9),
		Within("completion 7 days later, 1 episode (falls with time)", 100*at(1, 7), "%", 0, 100*c10-1e-9),
	}
	if !o.Quick {
		checks = append(checks,
			Within("completion 1 day later, 1 episode", 100*at(1, 1), "%", math.Inf(-1), math.Inf(1)),
			Within("completion 3 days later, 1 episode", 100*at(1, 3), "%", math.Inf(-1), math.Inf(1)))
	}
	return checks, nil
}

// nightCache shares one simulated night between V6 and V7.
var nightCache struct {
	sync.Mutex
	key   Options
	night *hippocampus.Night
	err   error
}

// v67Night runs (once per seed) a day of two episodes, one of them
// salient, encoded once each, and a 30 s night. Quick runs the same night:
// fewer seconds give too few events for the statistics.
func v67Night(o Options) (*hippocampus.Night, error) {
	nightCache.Lock()
	defer nightCache.Unlock()
	if nightCache.night != nil || nightCache.err != nil {
		if nightCache.key == o {
			return nightCache.night, nightCache.err
		}
	}
	tp := task.DefaultParams()
	tp.Days = 1
	t, err := task.Generate(tp, o.Seed)
	if err != nil {
		return nil, err
	}
	n, err := hippocampus.RunNight(context.Background(), hippocampus.DefaultParams(), t, nightConfig(o.Seed), 30000)
	if n != nil {
		n.Close()
	}
	nightCache.key, nightCache.night, nightCache.err = o, n, err
	return n, err
}

// runV6 detects sharp-wave ripples in the night's CA3 LFP proxy (150–250
// Hz band, envelope > mean + 3 SD for ≥ 15 ms) and checks MODEL.md §6:
// in-event spectral peak 150–250 Hz, durations 30–150 ms, 0.1–2 events/s,
// inter-event intervals near-exponential (CV 0.6–1.4; an exponential has
// CV 1). The whole-sleep spectral peak is reported too.
func runV6(o Options) ([]Check, error) {
	n, err := v67Night(o)
	if err != nil {
		return nil, err
	}
	s := n.Stats
	return []Check{
		Within("events", float64(len(s.Events)), "", 3, math.Inf(1)),
		Within("event rate", s.RatePerS, "1/s", 0.1, 2),
		Within("median event duration", s.MedianDurMs, "ms", 30, 150),
		Within("median in-event spectral peak", s.MedianFreqHz, "Hz", 150, 250),
		Within("CV of inter-event intervals", s.IEICV, "", 0.6, 1.4),
		Within("whole-sleep spectral peak above 50 Hz", s.PeakHz, "Hz", math.Inf(-1), math.Inf(1)),
	}, nil
}

// runV7 decodes the items replayed in each event (5 ms bins) and checks
// MODEL.md §6: decoded order matches the stored episodes above a shuffle
// null (p < 0.05), forward and reverse replays both present, compression
// 5–20× against the awake item interval, salient episodes replayed ≥ 2×
// more than others.
func runV7(o Options) ([]Check, error) {
	n, err := v67Night(o)
	if err != nil {
		return nil, err
	}
	s := n.Stats
	return []Check{
		Within("order vs shuffle null, p", s.PooledP, "", 0, 0.05),
		Within("mean |ρ| of decoded order", s.MeanAbsRho, "", math.Inf(-1), math.Inf(1)),
		Within("forward replays", float64(s.Forward), "", 1, math.Inf(1)),
		Within("reverse replays", float64(s.Reverse), "", 1, math.Inf(1)),
		Within("compression (awake / replay item interval)", s.Compression, "×", 5, 20),
		Within("replays per salient episode / per other episode", s.SalientRatio(), "×", 2, math.Inf(1)),
	}, nil
}

// nightConfig is the network configuration of the V6/V7 night.
func nightConfig(seed uint64) sim.Config {
	c := sim.DefaultConfig()
	c.Seed = seed
	return c
}
