package ann

import (
	"math"
	"sync"
)

// NMDA is the NMDA-receptor-inspired activation of the feed-forward layer
// (Kim, Kwon, Cha & Lee 2023, "Transformer as a hippocampal memory
// consolidation model based on NMDAR-inspired nonlinearity", NeurIPS):
//
//	f(x) = x / (1 + α·e^(−βx))
//
// It is the NMDA receptor's current–voltage relation with the Mg²⁺ block
// of Jahr & Stevens (1990), B(V) = 1/(1 + [Mg²⁺]/3.57 mM · e^(−0.062·V)),
// so α plays [Mg²⁺]/3.57 mM and β the voltage sensitivity. Special cases:
// α ≤ 0 gives the identity f(x) = x (no Mg²⁺, a linear layer); α = β = 1
// gives SiLU, x·σ(x) (Elfwing, Uchibe & Doya 2018).
type NMDA struct {
	// Alpha is α, the Mg²⁺ term ([Mg²⁺]/3.57 mM). Values ≤ 0 mean no block.
	Alpha float64
	// Beta is β, the slope of the unblocking with x (> 0).
	Beta float64
}

// gate returns s(x) = 1/(1 + α·e^(−βx)), computed as the logistic function
// σ(βx − ln α) so that it neither overflows nor loses precision for large
// |x|. It is 1 for α ≤ 0.
func (a NMDA) gate(x float64) float64 {
	if a.Alpha <= 0 {
		return 1
	}
	z := a.Beta*x - math.Log(a.Alpha)
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// F returns f(x) = x / (1 + α·e^(−βx)).
func (a NMDA) F(x float64) float64 { return x * a.gate(x) }

// Deriv returns f′(x) = s + β·x·s·(1 − s), where s = 1/(1 + α·e^(−βx)),
// using ds/dx = β·s·(1 − s). It is 1 for α ≤ 0.
func (a NMDA) Deriv(x float64) float64 {
	if a.Alpha <= 0 {
		return 1
	}
	s := a.gate(x)
	return s + a.Beta*x*s*(1-s)
}

// forward sets out[i] = f(u[i]) and keeps the gate s[i] for the backward
// pass. Long inputs are split over two goroutines (each element is
// computed alone, so the result does not depend on the split); blocks of
// four go to the AVX2 kernel of nmda_amd64.s when it runs, which gives the
// same bits as the Go loop. It returns
// the FLOPs done: 6 per element (βx, − ln α, exp, add, divide, multiply
// by x) and 1 for ln α, none for the identity.
func (a NMDA) forward(u, s, out []float64) int64 {
	if a.Alpha <= 0 {
		copy(out, u)
		for i := range s {
			s[i] = 1
		}
		return 0
	}
	lnA := math.Log(a.Alpha)
	gate := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			x := u[i]
			z := a.Beta*x - lnA
			var g float64
			if z >= 0 {
				g = 1 / (1 + math.Exp(-z))
			} else {
				e := math.Exp(z)
				g = e / (1 + e)
			}
			s[i] = g
			out[i] = x * g
		}
	}
	run := gate
	if haveNMDAKernel {
		// the kernel does what it can, the Go loop the rest, four at a time
		run = func(lo, hi int) {
			for i := lo; i < hi; {
				i += nmdaGateAVX2(u[i:hi], s[i:hi], out[i:hi], a.Beta, lnA)
				end := min(i+4, hi)
				gate(i, end)
				i = end
			}
		}
	}
	if n := len(u); n >= 4096 {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); run(0, n/2) }()
		run(n/2, n)
		wg.Wait()
	} else {
		run(0, n)
	}
	return 6*int64(len(u)) + 1
}

// backward sets du[i] = dout[i]·f′(u[i]) from the gates s kept by forward.
// It returns the FLOPs done: 6 per element, 0 for the identity.
func (a NMDA) backward(u, s, dout, du []float64) int64 {
	if a.Alpha <= 0 {
		copy(du, dout)
		return 0
	}
	for i, x := range u {
		g := s[i]
		du[i] = dout[i] * (g + a.Beta*x*g*(1-g))
	}
	return 6 * int64(len(u))
}
