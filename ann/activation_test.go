package ann

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestActivationRMS checks RMS against closed forms (identity 1, ReLU
// 1/√2) and, for the NMDA family, against a Monte Carlo estimate; the
// matched activations then have RMS 1.
func TestActivationRMS(t *testing.T) {
	if r := (Activation{NMDA: NMDA{0, 1}}).RMS(); r != 1 {
		t.Errorf("identity RMS %v", r)
	}
	if r := (Activation{Kind: ActReLU}).RMS(); math.Abs(r-1/math.Sqrt2) > 1e-12 {
		t.Errorf("ReLU RMS %v, want 1/√2", r)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 400000
	for _, alpha := range []float64{0.01, 0.1, 1, 10} {
		a := Activation{NMDA: NMDA{alpha, 1}}
		s := 0.0
		for range n {
			y := a.F(rng.NormFloat64())
			s += y * y
		}
		mc := math.Sqrt(s / n)
		r := a.RMS()
		if math.Abs(r-mc) > 0.01*r {
			t.Errorf("α = %g: RMS %v, Monte Carlo %v", alpha, r, mc)
		}
		m := a.Matched()
		if g := m.Gain; math.Abs(g*r-1) > 1e-12 || math.Abs(m.RMS()*g-1) > 1e-12 {
			t.Errorf("α = %g: matched gain %v for RMS %v", alpha, g, r)
		}
		t.Logf("α = %g: RMS %.4f, f′(0) = %.4f, matched gain %.3f", alpha, r, a.NMDA.Deriv(0), m.Gain)
	}
	if g := (Activation{NMDA: NMDA{-1, 1}}).Matched().gain(); g != 1 {
		t.Errorf("linear matched gain %v, want exactly 1", g)
	}
}

func TestActivationValidate(t *testing.T) {
	good := []Activation{{NMDA: NMDA{1, 1}}, {Kind: ActGELU}, {Kind: ActReLU, Gain: 2}, {NMDA: NMDA{-1, 1}}}
	for _, a := range good {
		if err := a.Validate(); err != nil {
			t.Errorf("%v: %v", a, err)
		}
	}
	bad := []Activation{{Kind: "tanh"}, {NMDA: NMDA{math.NaN(), 1}}, {NMDA: NMDA{1, 0}}, {Kind: ActGELU, Gain: -1}, {Kind: ActReLU, Gain: math.Inf(1)}}
	for _, a := range bad {
		if err := a.Validate(); err == nil {
			t.Errorf("%+v accepted", a)
		}
	}
}
