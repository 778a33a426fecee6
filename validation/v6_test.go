package validation

import (
	"math/rand/v2"
	"testing"

	"engram/sim"
)

// nightCVPasses returns the fraction of nights of ms in which the CV of
// the intervals between events of a renewal process — a dead time of
// deadMs, then an exponential wait, mean interval meanMs — falls in V6's
// 0.6–1.4, over nights nights.
func nightCVPasses(rng *rand.Rand, ms, meanMs, deadMs float64, nights int) float64 {
	wait := func() float64 { return deadMs + rng.ExpFloat64()*(meanMs-deadMs) }
	pass := 0
	for range nights {
		var iei []float64
		for t, last := wait(), -1.0; t < ms; t += wait() {
			if last >= 0 {
				iei = append(iei, t-last)
			}
			last = t
		}
		if cv := sim.CV(iei); cv >= 0.6 && cv <= 1.4 {
			pass++
		}
	}
	return float64(pass) / float64(nights)
}

// TestV6NightLength: V6's nights are long enough for its CV check to tell
// near-exponential intervals from regular ones, and the scenario's 10-s
// nights are not. Poisson events at 0.5/s (the slowest rate the default
// brain's long nights show is ≈ 0.6/s) pass on ≥ 97 % of v6NightMs
// nights (0.984 of 20 000 nights) but on < 80 % of 10-s nights (0.563;
// all five nights of a run then pass 6 % of the time); a train with a
// dead time of 80 % of its mean interval (CV 0.2) passes on < 1 % of
// v6NightMs nights (none of 20 000).
func TestV6NightLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	const nights = 4000
	if f := nightCVPasses(rng, v6NightMs, 2000, 0, nights); f < 0.97 {
		t.Errorf("Poisson at 0.5/s passes on %.3f of %.0f-s nights, want ≥ 0.97", f, v6NightMs/1000)
	}
	if f := nightCVPasses(rng, 10000, 2000, 0, nights); f >= 0.8 {
		t.Errorf("Poisson at 0.5/s passes on %.3f of 10-s nights; then 10-s nights would do", f)
	}
	if f := nightCVPasses(rng, v6NightMs, 2000, 1600, nights); f >= 0.01 {
		t.Errorf("a train of CV 0.2 passes on %.3f of %.0f-s nights, want < 0.01", f, v6NightMs/1000)
	}
}
