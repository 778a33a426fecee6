package validation

import (
	"context"
	"fmt"
	"math"
	"slices"

	"engram/cortex"
)

func init() {
	register(Row{ID: "V11", Title: "Consolidation vs [Mg²⁺] (Mg²⁺-gated LTP in the cortex)", Run: runV11})
}

// v11Config is the sweep of V11: cortex.DefaultMgSweep (6 values from 0
// to 3 mM, 2 sequences, 2 days of 10 replays per sequence per night), or
// with opt.Quick one day per value and 1 recall trial.
func v11Config(opt Options) cortex.MgSweepConfig {
	cfg := cortex.DefaultMgSweep()
	cfg.Seed = opt.Seed
	if opt.Quick {
		cfg.Nights, cfg.Trials = 1, 1
	}
	return cfg
}

// runV11 measures consolidation (cortex-only recall after the last night)
// at each [Mg²⁺] of the sweep with Mg²⁺-gated potentiation, and checks
// MODEL.md §6 V11: the curve is measured at ≥ 6 values spanning 0–3 mM and
// [Mg²⁺] changes consolidation (recall differs by ≥ 0.2 across the
// sweep). Each point is reported with an open range; why the curve has
// its shape is explained at cortex.MgSweep.
func runV11(opt Options) ([]Check, error) {
	cfg := v11Config(opt)
	r, err := cortex.MgSweep(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	inf := math.Inf(1)
	var finals []float64
	var checks []Check
	for _, p := range r.Points {
		finals = append(finals, p.Final())
		checks = append(checks, Within(fmt.Sprintf("recall after %d night(s) at %g mM (LTP factor %.2f, forward weight %.2f mV)",
			cfg.Nights, p.MgMM, p.GateFactor, p.ForwardMV), p.Final(), "", -inf, inf))
	}
	span := slices.Contains(cfg.MgMM, 0) && slices.Max(cfg.MgMM) >= 3
	checks = append([]Check{
		Within("[Mg²⁺] values measured", float64(len(r.Points)), "", 6, inf),
		True("values span 0–3 mM", span),
		Within("range of recall over [Mg²⁺]", slices.Max(finals)-slices.Min(finals), "", 0.2, 1),
	}, checks...)
	return checks, nil
}
