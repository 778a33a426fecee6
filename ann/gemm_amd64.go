package ann

import "golang.org/x/sys/cpu"

// haveGemmKernels reports whether the AVX2 kernels of gemm_amd64.s run: on
// an x86-64 processor with AVX2. Tests switch it off to compare.
var haveGemmKernels = cpu.X86.HasAVX2

//go:noescape
func gemmNN4x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)

//go:noescape
func gemmTN4x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)

//go:noescape
func gemmNT2x4(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)
