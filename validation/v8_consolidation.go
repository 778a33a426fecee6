package validation

import (
	"fmt"
	"math"
	"slices"

	"engram/cortex"
)

func init() {
	register(Row{ID: "V8", Title: "Systems consolidation: cortex learns sequences from sleep replay", Run: runV8})
}

// v8Config is the consolidation experiment of V8: the default (4
// sequences of 5 items, 5 days, 10 replays per sequence per night, 2
// recall trials), or with opt.Quick 2 sequences over 3 days and 1 trial.
func v8Config(opt Options) cortex.ConsolidationConfig {
	cfg := cortex.DefaultConsolidation()
	cfg.Seed = opt.Seed
	if opt.Quick {
		cfg.Sequences, cfg.Nights, cfg.Trials = 2, 3, 1
	}
	return cfg
}

// runV8 lives through the days of cortex.Consolidation (each day an awake
// exposure of every sequence, then a night of replay or no sleep, then a
// cortex-only recall test) and checks MODEL.md §6 V8: recall rises over
// nights with replay, well above chance, and stays at chance without
// sleep. Chance is task.ChanceScore of the setup.
func runV8(opt Options) ([]Check, error) {
	cfg := v8Config(opt)
	r, err := cortex.Consolidation(cfg)
	if err != nil {
		return nil, err
	}
	last := len(r.Replay) - 1
	inf := math.Inf(1)
	checks := []Check{
		Within(fmt.Sprintf("recall after night %d with replay (chance %.2f)", last, r.Chance), r.Replay[last], "", r.Chance+0.25, 1),
		Within(fmt.Sprintf("rise of recall from night 1 to night %d with replay", last), r.Replay[last]-r.Replay[1], "", 0.2, 1),
		Within(fmt.Sprintf("highest recall over %d days without sleep (chance %.2f)", last, r.Chance), slices.Max(r.NoSleep[1:]), "", -inf, r.Chance+0.05),
	}
	for k := 1; k < last; k++ {
		checks = append(checks, Within(fmt.Sprintf("recall after night %d with replay", k), r.Replay[k], "", -inf, inf))
	}
	checks = append(checks, Within("forward chain weight after the last night", r.ForwardMV[last], "mV", -inf, inf))
	return checks, nil
}
