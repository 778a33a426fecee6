package ann

import (
	"fmt"
	"math"
	"sync"
)

// ActKind names the function of the feed-forward layer's activation.
type ActKind string

const (
	// ActNMDA is the NMDA activation x/(1 + α·e^(−βx)) (see NMDA); α ≤ 0
	// is the identity, a linear layer.
	ActNMDA ActKind = "nmda"
	// ActGELU is the Gaussian error linear unit x·Φ(x), Φ the standard
	// normal distribution function (Hendrycks & Gimpel 2016), in its
	// exact form.
	ActGELU ActKind = "gelu"
	// ActReLU is the rectifier max(0, x) (Nair & Hinton 2010).
	ActReLU ActKind = "relu"
)

// Activation is the activation of the feed-forward layer, g·f(x): a
// function f of kind Kind times an output gain g. The gain lets the NMDA
// family be compared at equal strength: f′(0) = 1/(1 + α) and the output
// of a unit-variance input shrinks with α (see RMS and Matched).
type Activation struct {
	// Kind is the function; "" means ActNMDA.
	Kind ActKind
	// NMDA holds α and β when Kind is ActNMDA.
	NMDA NMDA
	// Gain is the output gain g; 0 means 1.
	Gain float64
}

// kind returns a.Kind with "" read as ActNMDA.
func (a Activation) kind() ActKind {
	if a.Kind == "" {
		return ActNMDA
	}
	return a.Kind
}

// gain returns the output gain, 1 when a.Gain is 0.
func (a Activation) gain() float64 {
	if a.Gain == 0 {
		return 1
	}
	return a.Gain
}

// Linear reports whether f is the identity (ActNMDA with α ≤ 0).
func (a Activation) Linear() bool { return a.kind() == ActNMDA && a.NMDA.Alpha <= 0 }

// Validate reports a kind it does not know, a non-finite or non-positive
// β (for ActNMDA) or gain, and a non-finite α.
func (a Activation) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch a.kind() {
	case ActNMDA:
		if !finite(a.NMDA.Alpha) {
			return fmt.Errorf("ann: activation α = %v, want a finite number (α ≤ 0: linear)", a.NMDA.Alpha)
		}
		if !finite(a.NMDA.Beta) || !(a.NMDA.Beta > 0) || a.NMDA.Beta > 1000 {
			return fmt.Errorf("ann: activation β = %v, want 0 < β ≤ 1000", a.NMDA.Beta)
		}
	case ActGELU, ActReLU:
	default:
		return fmt.Errorf("ann: activation kind %q, want %q, %q or %q", a.Kind, ActNMDA, ActGELU, ActReLU)
	}
	if !finite(a.Gain) || a.Gain < 0 || a.Gain > 1e6 {
		return fmt.Errorf("ann: activation gain = %v, want 0 ≤ gain ≤ 10⁶ (0 means 1)", a.Gain)
	}
	return nil
}

// F returns g·f(x).
func (a Activation) F(x float64) float64 {
	var y float64
	switch a.kind() {
	case ActGELU:
		y = x * normCDF(x)
	case ActReLU:
		y = max(x, 0)
	default:
		y = a.NMDA.F(x)
	}
	return a.gain() * y
}

// String names the activation as in figures and tables: "α = 0.1",
// "α = 10 ×3.2" (with a gain), "linear", "GELU", "ReLU".
func (a Activation) String() string {
	var s string
	switch a.kind() {
	case ActGELU:
		s = "GELU"
	case ActReLU:
		s = "ReLU"
	default:
		if a.Linear() {
			s = "linear"
		} else {
			s = fmt.Sprintf("α = %g", a.NMDA.Alpha)
		}
	}
	if g := a.gain(); g != 1 {
		s += fmt.Sprintf(" ×%.3g", g)
	}
	return s
}

// RMS returns the root mean square of f(u) (without the gain) for a
// standard normal input u, √E[f(u)²]: the output scale of the layer at
// initialisation, when the pre-activations of a layer-normalised input
// through weights of variance 1/fan_in are close to N(0, 1). It is 1 for
// the identity and 1/√2 for ReLU; for NMDA with β = 1 it falls from
// 0.97 at α = 0.01 and 0.60 at α = 1 (SiLU) to 0.26 at α = 10. It is computed by Simpson's
// rule on [−12, 12] (error < 1e-12).
func (a Activation) RMS() float64 {
	if a.Linear() {
		return 1
	}
	f := a
	f.Gain = 0
	const lo, hi, n = -12.0, 12.0, 4800
	h := (hi - lo) / n
	sum := 0.0
	for i := 0; i <= n; i++ {
		u := lo + float64(i)*h
		y := f.F(u)
		w := 2.0
		switch {
		case i == 0 || i == n:
			w = 1
		case i%2 == 1:
			w = 4
		}
		sum += w * y * y * math.Exp(-u*u/2)
	}
	return math.Sqrt(sum * h / 3 / math.Sqrt(2*math.Pi))
}

// Matched returns a with its gain set so that the output RMS at a standard
// normal input is 1, that of the identity: g = 1/RMS. Every α of the NMDA
// family then starts with the same output scale.
func (a Activation) Matched() Activation {
	a.Gain = 1 / a.RMS()
	if a.Linear() {
		a.Gain = 0
	}
	return a
}

// normCDF returns Φ(x) = ½·(1 + erf(x/√2)).
func normCDF(x float64) float64 { return 0.5 * (1 + math.Erf(x/math.Sqrt2)) }

// parallelElems calls run(lo, hi) over [0, n), split over two goroutines
// when n is large. Each element is computed alone, so the result does not
// depend on the split.
func parallelElems(n int, run func(lo, hi int)) {
	if n < 4096 {
		run(0, n)
		return
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); run(0, n/2) }()
	run(n/2, n)
	wg.Wait()
}

// forward sets out[i] = g·f(u[i]) and keeps in s what backward needs: the
// NMDA gate, Φ(u) for GELU, the step 1[u > 0] for ReLU. It returns the
// FLOPs done (see NMDA.forward; GELU 5 per element, ReLU none, and 1 per
// element for a gain other than 1).
func (a Activation) forward(u, s, out []float64) int64 {
	var f int64
	switch a.kind() {
	case ActGELU:
		parallelElems(len(u), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				x := u[i]
				p := normCDF(x)
				s[i] = p
				out[i] = x * p
			}
		})
		f = 5 * int64(len(u))
	case ActReLU:
		for i, x := range u {
			if x > 0 {
				s[i], out[i] = 1, x
			} else {
				s[i], out[i] = 0, 0
			}
		}
	default:
		f = a.NMDA.forward(u, s, out)
	}
	if g := a.gain(); g != 1 {
		for i := range out {
			out[i] *= g
		}
		f += int64(len(out))
	}
	return f
}

// backward sets du[i] = dout[i]·g·f′(u[i]) from what forward kept in s:
//
//	NMDA: f′ = s + β·x·s·(1 − s);  GELU: f′ = Φ(x) + x·φ(x);  ReLU: f′ = 1[x > 0].
//
// It returns the FLOPs done (NMDA see NMDA.backward; GELU 7, ReLU 1 per
// element; 1 more per element for a gain other than 1).
func (a Activation) backward(u, s, dout, du []float64) int64 {
	var f int64
	switch a.kind() {
	case ActGELU:
		c := 1 / math.Sqrt(2*math.Pi)
		for i, x := range u {
			du[i] = dout[i] * (s[i] + x*c*math.Exp(-0.5*x*x))
		}
		f = 7 * int64(len(u))
	case ActReLU:
		for i, g := range s {
			du[i] = dout[i] * g
		}
		f = int64(len(u))
	default:
		f = a.NMDA.backward(u, s, dout, du)
	}
	if g := a.gain(); g != 1 {
		for i := range du {
			du[i] *= g
		}
		f += int64(len(du))
	}
	return f
}
