package validation

import (
	"fmt"
	"math"
	"slices"

	"engram/sim"
)

func init() {
	register(Row{ID: "V3", Title: "COBA network (Vogels & Abbott 2005)", Run: runV3})
}

// COBAStats summarises a run of the COBA benchmark network.
type COBAStats struct {
	DurMs float64
	// RateHz is the mean rate over all 4000 cells.
	RateHz float64
	// CV is the mean CV of the excitatory cells' ISIs (cells with ≥ 2 ISIs).
	CV float64
	// PeakRatio is the peak population rate in 5 ms bins over the mean:
	// a synchronous blow-up makes it large.
	PeakRatio float64
}

// RunCOBA runs the benchmark network of MODEL.md §1 for durMs and returns
// its statistics; exported so `simulate` and tests share one definition.
func RunCOBA(seed uint64, workers int, durMs float64) (COBAStats, *sim.Network, *sim.SpikeRecorder, *sim.SpikeRecorder, error) {
	cfg := sim.DefaultConfig()
	cfg.Seed, cfg.Workers = seed, workers
	n, err := sim.New(cfg)
	if err != nil {
		return COBAStats{}, nil, nil, nil, err
	}
	defer n.Close()
	c, err := sim.BuildCOBA(n, sim.DefaultCOBA())
	if err != nil {
		return COBAStats{}, nil, nil, nil, err
	}
	re, ri := n.RecordSpikes(c.E, 0), n.RecordSpikes(c.I, 0)
	if err := n.Run(durMs); err != nil {
		return COBAStats{}, nil, nil, nil, err
	}
	st := COBAStats{DurMs: durMs}
	te, ce := re.Spikes()
	ti, _ := ri.Spikes()
	st.RateHz = sim.MeanRate(len(te)+len(ti), c.E.Size()+c.I.Size(), durMs)
	st.CV, _ = sim.CVISI(te, ce, c.E.Size(), 2)
	all := slices.Concat(te, ti)
	pr := sim.PopulationRate(all, c.E.Size()+c.I.Size(), 0, durMs, 5)
	st.PeakRatio = slices.Max(pr) / st.RateHz
	return st, n, re, ri, nil
}

// runV3 runs the benchmark for 1 s and 10 s (1 s only when quick).
func runV3(o Options) ([]Check, error) {
	durs := []float64{1000, 10000}
	if o.Quick {
		durs = durs[:1]
	}
	var checks []Check
	for _, d := range durs {
		st, _, _, _, err := RunCOBA(o.Seed, 1, d)
		if err != nil {
			return nil, err
		}
		tag := fmt.Sprintf("%g s", d/1000)
		checks = append(checks,
			Within("mean rate, "+tag, st.RateHz, "Hz", 15, 25),
			Within("CV(ISI), "+tag, st.CV, "", 0.7, 1.5),
			Within("peak/mean population rate (5 ms bins), "+tag, st.PeakRatio, "", 0, 5))
		if math.IsNaN(st.CV) {
			return checks, fmt.Errorf("no cell fired twice in %s", tag)
		}
	}
	return checks, nil
}
