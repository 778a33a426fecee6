package ann

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestNMDAKernelMatchesGo checks that the forward pass of the NMDA gate
// gives the same bits with the AVX2 kernel and with the Go loop (math.Exp),
// for inputs from tiny to huge, zeros of both signs, infinities and NaN
// (which the kernel leaves to the Go loop), at several α and β and
// lengths that leave tails.
func TestNMDAKernelMatchesGo(t *testing.T) {
	if !haveNMDAKernel {
		t.Skip("no AVX2 and FMA: the Go loop only")
	}
	rng := rand.New(rand.NewPCG(61, 62))
	defer func() { haveNMDAKernel = true }()
	// ordinary inputs are all done by the kernel
	u := randSlice(rng, 64, 2)
	if n := nmdaGateAVX2(u, make([]float64, 64), make([]float64, 64), 1, math.Log(10)); n != 64 {
		t.Fatalf("the kernel did %d of 64 ordinary inputs", n)
	}
	for _, a := range []NMDA{{0.01, 1}, {0.28, 1}, {1, 1}, {10, 1}, {1000, 0.062}, {3, 37}} {
		for _, n := range []int{1, 3, 4, 7, 64, 1001, 5003} {
			u := make([]float64, n)
			for i := range u {
				switch rng.IntN(20) {
				case 0:
					u[i] = 0
				case 1:
					u[i] = math.Copysign(0, -1)
				case 2:
					u[i] = rng.NormFloat64() * 1000
				case 3:
					u[i] = []float64{math.Inf(1), math.Inf(-1), math.NaN(), -745, -708.3, 1e-300}[rng.IntN(6)]
				default:
					u[i] = rng.NormFloat64() * math.Exp(rng.NormFloat64())
				}
			}
			s1, o1 := make([]float64, n), make([]float64, n)
			s2, o2 := make([]float64, n), make([]float64, n)
			haveNMDAKernel = true
			a.forward(u, s1, o1)
			haveNMDAKernel = false
			a.forward(u, s2, o2)
			for i := range u {
				if math.Float64bits(s1[i]) != math.Float64bits(s2[i]) || math.Float64bits(o1[i]) != math.Float64bits(o2[i]) {
					t.Fatalf("α = %g, β = %g, u = %v: kernel gate %v out %v, Go %v %v", a.Alpha, a.Beta, u[i], s1[i], o1[i], s2[i], o2[i])
				}
			}
		}
	}
}
