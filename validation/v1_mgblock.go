package validation

import (
	"math"

	"engram/sim"
)

func init() {
	register(Row{ID: "V1", Title: "Mg²⁺ block and NMDA I–V", Run: runV1})
}

// runV1 checks the engine's Mg²⁺ block against Jahr & Stevens (1990) and
// measures the NMDA I–V curve on a voltage-clamped cell: the peak NMDA
// current after one presynaptic spike, at holding potentials from −100 to
// +40 mV. At 1 mM the curve has a negative-slope region (current grows
// more inward as the cell depolarises, because the block is relieved); at
// 0 mM it is a straight line through the reversal potential.
func runV1(Options) ([]Check, error) {
	// docs/model.md §1: B at 1 mM.
	worst := 0.0
	for _, c := range []struct{ v, want float64 }{{-80, 0.024}, {-65, 0.060}, {-50, 0.139}, {-20, 0.508}, {0, 0.781}} {
		worst = math.Max(worst, math.Abs(sim.MgBlock(c.v, 1)-c.want))
	}
	checks := []Check{Within("max |B(V) − published value| at 1 mM", worst, "", 0, 0.0005)}

	iv1, err := nmdaIV(1)
	if err != nil {
		return nil, err
	}
	iv0, err := nmdaIV(0)
	if err != nil {
		return nil, err
	}
	minSlope := math.Inf(1)
	for k := 1; k < len(iv1.i); k++ {
		minSlope = math.Min(minSlope, (iv1.i[k]-iv1.i[k-1])/(iv1.v[k]-iv1.v[k-1]))
	}
	checks = append(checks,
		Within("steepest slope of I–V at 1 mM (negative: negative-slope region)", minSlope, "nS", math.Inf(-1), 0),
		Within("deviation of I–V at 0 mM from a straight line, relative", linearity(iv0), "", 0, 1e-6))
	return checks, nil
}

type ivCurve struct{ v, i []float64 }

// nmdaIV clamps one cell at each holding potential, delivers one spike
// through a 1 nS NMDA synapse and returns the peak membrane current
// (outward positive, pA).
func nmdaIV(mgMM float64) (ivCurve, error) {
	var iv ivCurve
	for v := -100.0; v <= 40; v += 5 {
		cfg := sim.DefaultConfig()
		cfg.MgMM = mgMM
		n, err := sim.New(cfg)
		if err != nil {
			return iv, err
		}
		g, err := n.AddGroup("cell", 1, sim.NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: 1e3, VresetMV: -65})
		if err != nil {
			return iv, err
		}
		r, err := g.AddReceptor(sim.NMDA())
		if err != nil {
			return iv, err
		}
		src, _ := n.AddPoisson("pre", 1, 0)
		if _, err := n.Connect(src, r, sim.ConnSpec{Rule: sim.OneToOne, Weight: 1}); err != nil {
			return iv, err
		}
		g.Clamp(0, v)
		src.Fire(0)
		peak := 0.0
		for s := 0; s < 300; s++ {
			if err := n.Step(); err != nil {
				return iv, err
			}
			if i := -g.SynapticCurrent(0); math.Abs(i) > math.Abs(peak) {
				peak = i
			}
		}
		iv.v, iv.i = append(iv.v, v), append(iv.i, peak)
	}
	return iv, nil
}

// linearity returns the largest deviation of the curve from the straight
// line through its end points, relative to its range.
func linearity(c ivCurve) float64 {
	n := len(c.v) - 1
	slope := (c.i[n] - c.i[0]) / (c.v[n] - c.v[0])
	lo, hi, worst := math.Inf(1), math.Inf(-1), 0.0
	for k := range c.v {
		worst = math.Max(worst, math.Abs(c.i[k]-(c.i[0]+slope*(c.v[k]-c.v[0]))))
		lo, hi = math.Min(lo, c.i[k]), math.Max(hi, c.i[k])
	}
	return worst / (hi - lo)
}
