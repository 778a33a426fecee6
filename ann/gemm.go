package ann

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// gemm computes C = α·op(A)·op(B) + β·C for row-major matrices, op(X) being
// X or Xᵀ as tA, tB say; C is m×n and the inner dimension is k. It returns
// the FLOPs of the product, 2·m·n·k.
//
// The result is that of gonum's Dgemm bit for bit: with the AVX2 kernels
// (α = 1, β = 0 or 1, op(A)·op(B) = A·B, Aᵀ·B or A·Bᵀ) every element is
// computed with the same operations in the same order as gonum computes
// it, and otherwise gonum computes it. gonum's Dgemm (blocked, concurrent
// over output blocks with a fixed order along k) does not depend on
// scheduling, so neither does gemm.
func gemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) int64 {
	if m == 0 || n == 0 {
		return 0
	}
	if haveGemmKernels && alpha == 1 && (beta == 0 || beta == 1) && !(tA && tB) {
		if beta == 0 {
			for i := 0; i < m; i++ {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		switch {
		case !tA && !tB:
			gemmNN(m, n, k, a, lda, b, ldb, c, ldc)
		case tA:
			gemmTN(m, n, k, a, lda, b, ldb, c, ldc)
		default:
			gemmNT(m, n, k, a, lda, b, ldb, c, ldc)
		}
		return 2 * int64(m) * int64(n) * int64(k)
	}
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	blas64.Implementation().Dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	return 2 * int64(m) * int64(n) * int64(k)
}

// Cache blocking of the kernels: gemmNN works on blocks of gemmRowBlock
// rows of A (kept in the level-2 cache while the 8-column panels of B pass
// through level 1); gemmTN works on blocks of gemmDepthBlock rows of A and
// B. Neither changes the order in which an element of C is summed.
const (
	gemmRowBlock   = 32
	gemmDepthBlock = 128
)

// gemmNN adds A·B to C (A m×k, B k×n): for every element, in order of l,
// C[i][j] += A[i][l]·B[l][j], as gonum's dgemmSerialNotNot does with one
// AxpyUnitary per l. Tiles of 4×8 go to the kernel, the rest is done here
// with the same operations.
func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if k == 0 {
		return
	}
	m4, n8 := m&^3, n&^7
	for i0 := 0; i0 < m4; i0 += gemmRowBlock {
		i1 := min(i0+gemmRowBlock, m4)
		for j := 0; j < n8; j += 8 {
			for i := i0; i < i1; i += 4 {
				gemmNN4x8(k, &a[i*lda], lda, &b[j], ldb, &c[i*ldc+j], ldc)
			}
		}
	}
	for i := 0; i < m; i++ {
		j0 := n8
		if i >= m4 {
			j0 = 0
		}
		if j0 == n {
			continue
		}
		ci := c[i*ldc+j0 : i*ldc+n]
		for l, av := range a[i*lda : i*lda+k] {
			bl := b[l*ldb+j0 : l*ldb+n]
			for j, bv := range bl {
				ci[j] += float64(av * bv) // the conversion forbids a fused multiply-add
			}
		}
	}
}

// gemmTN adds Aᵀ·B to C (A k×m, B k×n): for every element, in order of
// l, C[i][j] += A[l][i]·B[l][j], as gonum's dgemmSerialTransNot does.
func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	m4, n8 := m&^3, n&^7
	for l0 := 0; l0 < k; l0 += gemmDepthBlock {
		kk := min(gemmDepthBlock, k-l0)
		for j := 0; j < n8; j += 8 {
			for i := 0; i < m4; i += 4 {
				gemmTN4x8(kk, &a[l0*lda+i], lda, &b[l0*ldb+j], ldb, &c[i*ldc+j], ldc)
			}
		}
		if m4 == m && n8 == n {
			continue
		}
		for l := l0; l < l0+kk; l++ {
			al := a[l*lda : l*lda+m]
			bl := b[l*ldb : l*ldb+n]
			for i, av := range al {
				j0 := n8
				if i >= m4 {
					j0 = 0
				}
				ci := c[i*ldc : i*ldc+n]
				for j := j0; j < n; j++ {
					ci[j] += float64(av * bl[j])
				}
			}
		}
	}
}

// gemmNT adds A·Bᵀ to C (A m×k, B n×k): C[i][j] += DotUnitary(row i of
// A, row j of B), as gonum's dgemmSerialNotTrans does; when gonum runs
// the product concurrently (at least four 64×64 blocks of C), it does so
// per block of 64 along k, adding each block's dot product to C in turn,
// and so does gemmNT.
func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	kb := k
	if blocks64(m)*blocks64(n) >= 4 {
		kb = 64
	}
	m2, n4 := m&^1, n&^3
	for l0 := 0; l0 < k; l0 += kb {
		kk := min(kb, k-l0)
		for i := 0; i < m2; i += 2 {
			for j := 0; j < n4; j += 4 {
				gemmNT2x4(kk, &a[i*lda+l0], lda, &b[j*ldb+l0], ldb, &c[i*ldc+j], ldc)
			}
		}
		for i := 0; i < m; i++ {
			j0 := n4
			if i >= m2 {
				j0 = 0
			}
			ar := a[i*lda+l0 : i*lda+l0+kk]
			for j := j0; j < n; j++ {
				c[i*ldc+j] += dotUnitary(ar, b[j*ldb+l0:j*ldb+l0+kk])
			}
		}
	}
}

// blocks64 returns the number of blocks of 64 that cover n.
func blocks64(n int) int { return (n + 63) / 64 }

// dotUnitary returns Σ x[l]·y[l] summed as gonum's DotUnitary (amd64)
// sums it: four partial sums, lane q over l ≡ q (mod 4) for the first
// len − len mod 4 elements, the rest added to lane 0, then
// (s₀ + s₂) + (s₁ + s₃).
func dotUnitary(x, y []float64) float64 {
	var s [4]float64
	k4 := len(x) &^ 3
	for l := 0; l < k4; l += 4 {
		s[0] += float64(x[l] * y[l])
		s[1] += float64(x[l+1] * y[l+1])
		s[2] += float64(x[l+2] * y[l+2])
		s[3] += float64(x[l+3] * y[l+3])
	}
	for l := k4; l < len(x); l++ {
		s[0] += float64(x[l] * y[l])
	}
	return (s[0] + s[2]) + (s[1] + s[3])
}
