package ann

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// TestGemmMatchesGonum checks that gemm gives gonum's Dgemm bit for bit,
// for the three products the model uses, at shapes that exercise the
// kernels' tiles and edges, gonum's serial and concurrent paths (and its
// blocks of 64 along k for A·Bᵀ), β = 0 and 1, and matrices with zeros.
func TestGemmMatchesGonum(t *testing.T) {
	if !haveGemmKernels {
		t.Skip("no AVX2: gemm is gonum's Dgemm")
	}
	rng := rand.New(rand.NewPCG(41, 42))
	fill := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			switch rng.IntN(8) {
			case 0:
				x[i] = 0
			default:
				x[i] = rng.NormFloat64() * math.Exp(2*rng.NormFloat64())
			}
		}
		return x
	}
	dims := []int{1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 16, 31, 64, 65, 130}
	type shape struct{ m, n, k int }
	var shapes []shape
	for range 120 {
		shapes = append(shapes, shape{dims[rng.IntN(len(dims))], dims[rng.IntN(len(dims))], dims[rng.IntN(len(dims))]})
	}
	shapes = append(shapes, shape{300, 256, 256}, shape{129, 192, 64}, shape{256, 64, 517}, shape{516, 11, 64}, shape{70, 130, 200})
	for _, sh := range shapes {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			for _, beta := range []float64{0, 1} {
				m, n, k := sh.m, sh.n, sh.k
				tA, tB := tr[0], tr[1]
				lda, ldb := k, n
				if tA {
					lda = m
				}
				if tB {
					ldb = k
				}
				a, b := fill(m*k), fill(k*n)
				c0 := fill(m * n)
				got := append([]float64(nil), c0...)
				want := append([]float64(nil), c0...)
				gemm(tA, tB, m, n, k, 1, a, lda, b, ldb, beta, got, n)
				ta, tb := blas.NoTrans, blas.NoTrans
				if tA {
					ta = blas.Trans
				}
				if tB {
					tb = blas.Trans
				}
				blas64.Implementation().Dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, want, n)
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%dx%dx%d tA=%v tB=%v β=%g: C[%d] = %v, gonum %v", m, n, k, tA, tB, beta, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// BenchmarkGemm measures the products of one layer of the standard
// replication model (2064 rows, d_model 64, d_ff 256) with the kernels and
// with gonum.
func BenchmarkGemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	r, d, f := 2064, 64, 256
	x, w, y := randSlice(rng, r*d, 1), randSlice(rng, d*f, 1), make([]float64, r*f)
	dw, dx := make([]float64, d*f), make([]float64, r*d)
	for _, kern := range []bool{true, false} {
		name := "gonum"
		if kern {
			name = "kernels"
			if !haveGemmKernels {
				continue
			}
		}
		b.Run(name, func(b *testing.B) {
			old := haveGemmKernels
			haveGemmKernels = kern
			defer func() { haveGemmKernels = old }()
			var fl int64
			for b.Loop() {
				fl += gemm(false, false, r, f, d, 1, x, d, w, f, 0, y, f)
				fl += gemm(true, false, d, f, r, 1, x, d, y, f, 1, dw, f)
				fl += gemm(false, true, r, d, f, 1, y, f, w, f, 0, dx, d)
			}
			b.ReportMetric(float64(fl)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
