//go:build !amd64

package ann

// haveGemmKernels is false: gemm uses gonum's Dgemm.
var haveGemmKernels = false

func gemmNN4x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int) {
	panic("ann: no gemm kernels")
}

func gemmTN4x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int) {
	panic("ann: no gemm kernels")
}

func gemmNT2x4(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int) {
	panic("ann: no gemm kernels")
}
