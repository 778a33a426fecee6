package ann

import "math"

// Adam's moment decay rates and denominator guard, the defaults of
// Kingma & Ba (2015).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// adam is the Adam optimizer (Kingma & Ba 2015, "Adam: a method for
// stochastic optimization", Algorithm 1) over one flat parameter vector.
type adam struct {
	lr   float64
	m, v []float64 // first and second moment estimates
	t    int       // steps taken
}

func newAdam(n int, lr float64) *adam {
	return &adam{lr: lr, m: make([]float64, n), v: make([]float64, n)}
}

// step applies one Adam update to theta from the gradient g:
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
//	θ ← θ − lr·m̂/(√v̂ + ε),  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ).
//
// It returns the FLOPs done.
func (a *adam) step(theta, g []float64) int64 {
	a.t++
	c1 := 1 - math.Pow(adamBeta1, float64(a.t))
	c2 := 1 - math.Pow(adamBeta2, float64(a.t))
	stepSize := a.lr / c1
	sc2 := 1 / math.Sqrt(c2)
	for i, gi := range g {
		a.m[i] = adamBeta1*a.m[i] + (1-adamBeta1)*gi
		a.v[i] = adamBeta2*a.v[i] + (1-adamBeta2)*gi*gi
		theta[i] -= stepSize * a.m[i] / (math.Sqrt(a.v[i])*sc2 + adamEps)
	}
	// per parameter: 3 (m), 4 (v), 6 (update); plus the bias corrections.
	return 13*int64(len(g)) + 6
}

// clipGradNorm rescales g in place so that its Euclidean norm is at most
// maxNorm (Pascanu, Mikolov & Bengio 2013, "On the difficulty of training
// recurrent neural networks", Algorithm 1): g ← g·maxNorm/‖g‖ when
// ‖g‖ > maxNorm. maxNorm ≤ 0 disables clipping. It returns the norm
// before clipping and the FLOPs done.
func clipGradNorm(g []float64, maxNorm float64) (norm float64, flops int64) {
	s := 0.0
	for _, v := range g {
		s += v * v
	}
	norm = math.Sqrt(s)
	flops = 2*int64(len(g)) + 1
	if maxNorm > 0 && norm > maxNorm {
		f := maxNorm / norm
		for i := range g {
			g[i] *= f
		}
		flops += int64(len(g)) + 1
	}
	return norm, flops
}
