#include "textflag.h"

// AVX2 micro-kernels of gemm.go, four doubles per instruction. Each
// performs, for every element of C, exactly the operations of gonum's
// Dgemm (blas/gonum, amd64: SSE2 AxpyUnitary and DotUnitary) in the same
// order, with a separate multiply and add (no fused multiply-add), so the
// results are bit for bit those of gonum; gemm_test.go checks this.

// func gemmNN4x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)
//
// C[r][j] += A[r][l]·B[l][j] for r < 4, j < 8, l = 0 … k−1 in order
// (gonum: one AxpyUnitary of row l of B per l). Strides in elements.
TEXT ·gemmNN4x8(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R11
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R9
	SHLQ $3, R9
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R10
	SHLQ $3, R10
	LEAQ (R10)(R10*2), R12
	VMOVUPD (DX), Y0
	VMOVUPD 32(DX), Y1
	VMOVUPD (DX)(R10*1), Y2
	VMOVUPD 32(DX)(R10*1), Y3
	VMOVUPD (DX)(R10*2), Y4
	VMOVUPD 32(DX)(R10*2), Y5
	VMOVUPD (DX)(R12*1), Y6
	VMOVUPD 32(DX)(R12*1), Y7
	TESTQ CX, CX
	JLE   nnStore

nnLoop:
	VMOVUPD      (DI), Y8
	VMOVUPD      32(DI), Y9
	VBROADCASTSD (SI), Y10
	VMULPD       Y8, Y10, Y12
	VADDPD       Y12, Y0, Y0
	VMULPD       Y9, Y10, Y13
	VADDPD       Y13, Y1, Y1
	VBROADCASTSD (SI)(R8*1), Y11
	VMULPD       Y8, Y11, Y14
	VADDPD       Y14, Y2, Y2
	VMULPD       Y9, Y11, Y15
	VADDPD       Y15, Y3, Y3
	VBROADCASTSD (SI)(R8*2), Y10
	VMULPD       Y8, Y10, Y12
	VADDPD       Y12, Y4, Y4
	VMULPD       Y9, Y10, Y13
	VADDPD       Y13, Y5, Y5
	VBROADCASTSD (SI)(R11*1), Y11
	VMULPD       Y8, Y11, Y14
	VADDPD       Y14, Y6, Y6
	VMULPD       Y9, Y11, Y15
	VADDPD       Y15, Y7, Y7
	ADDQ         $8, SI
	ADDQ         R9, DI
	DECQ         CX
	JNZ          nnLoop

nnStore:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, (DX)(R10*1)
	VMOVUPD Y3, 32(DX)(R10*1)
	VMOVUPD Y4, (DX)(R10*2)
	VMOVUPD Y5, 32(DX)(R10*2)
	VMOVUPD Y6, (DX)(R12*1)
	VMOVUPD Y7, 32(DX)(R12*1)
	VZEROUPPER
	RET

// func gemmTN4x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)
//
// C[r][j] += A[l][r]·B[l][j] for r < 4, j < 8, l = 0 … k−1 in order
// (gonum: one AxpyUnitary of row l of B per l and r).
TEXT ·gemmTN4x8(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $3, R8
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R9
	SHLQ $3, R9
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R10
	SHLQ $3, R10
	LEAQ (R10)(R10*2), R12
	VMOVUPD (DX), Y0
	VMOVUPD 32(DX), Y1
	VMOVUPD (DX)(R10*1), Y2
	VMOVUPD 32(DX)(R10*1), Y3
	VMOVUPD (DX)(R10*2), Y4
	VMOVUPD 32(DX)(R10*2), Y5
	VMOVUPD (DX)(R12*1), Y6
	VMOVUPD 32(DX)(R12*1), Y7
	TESTQ CX, CX
	JLE   tnStore

tnLoop:
	VMOVUPD      (DI), Y8
	VMOVUPD      32(DI), Y9
	VBROADCASTSD (SI), Y10
	VMULPD       Y8, Y10, Y12
	VADDPD       Y12, Y0, Y0
	VMULPD       Y9, Y10, Y13
	VADDPD       Y13, Y1, Y1
	VBROADCASTSD 8(SI), Y11
	VMULPD       Y8, Y11, Y14
	VADDPD       Y14, Y2, Y2
	VMULPD       Y9, Y11, Y15
	VADDPD       Y15, Y3, Y3
	VBROADCASTSD 16(SI), Y10
	VMULPD       Y8, Y10, Y12
	VADDPD       Y12, Y4, Y4
	VMULPD       Y9, Y10, Y13
	VADDPD       Y13, Y5, Y5
	VBROADCASTSD 24(SI), Y11
	VMULPD       Y8, Y11, Y14
	VADDPD       Y14, Y6, Y6
	VMULPD       Y9, Y11, Y15
	VADDPD       Y15, Y7, Y7
	ADDQ         R8, SI
	ADDQ         R9, DI
	DECQ         CX
	JNZ          tnLoop

tnStore:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, (DX)(R10*1)
	VMOVUPD Y3, 32(DX)(R10*1)
	VMOVUPD Y4, (DX)(R10*2)
	VMOVUPD Y5, 32(DX)(R10*2)
	VMOVUPD Y6, (DX)(R12*1)
	VMOVUPD Y7, 32(DX)(R12*1)
	VZEROUPPER
	RET

// func gemmNT2x4(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)
//
// C[r][j] += DotUnitary(A[r][0:k], B[j][0:k]) for r < 2, j < 4, summed as
// gonum's DotUnitary sums: lane q of an accumulator sums A[r][l]·B[j][l]
// over l ≡ q (mod 4) below k − k mod 4, in order from 0; the last k mod 4
// products are added to lane 0 (the other lanes get +0, which leaves a
// sum that started at +0 unchanged); then (s₀ + s₂) + (s₁ + s₃) is added
// to C[r][j].
TEXT ·gemmNT2x4(SB), NOSPLIT, $0-56
	MOVQ   k+0(FP), CX
	MOVQ   a+8(FP), SI
	MOVQ   lda+16(FP), R8
	SHLQ   $3, R8
	MOVQ   b+24(FP), DI
	MOVQ   ldb+32(FP), R9
	SHLQ   $3, R9
	LEAQ   (R9)(R9*2), R11
	MOVQ   c+40(FP), DX
	MOVQ   ldc+48(FP), R10
	SHLQ   $3, R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   CX, BX
	ANDQ   $3, BX
	SHRQ   $2, CX
	JZ     ntTail

ntLoop:
	VMOVUPD (SI), Y8
	VMOVUPD (SI)(R8*1), Y9
	VMOVUPD (DI), Y10
	VMULPD  Y10, Y8, Y12
	VADDPD  Y12, Y0, Y0
	VMULPD  Y10, Y9, Y13
	VADDPD  Y13, Y4, Y4
	VMOVUPD (DI)(R9*1), Y11
	VMULPD  Y11, Y8, Y14
	VADDPD  Y14, Y1, Y1
	VMULPD  Y11, Y9, Y15
	VADDPD  Y15, Y5, Y5
	VMOVUPD (DI)(R9*2), Y10
	VMULPD  Y10, Y8, Y12
	VADDPD  Y12, Y2, Y2
	VMULPD  Y10, Y9, Y13
	VADDPD  Y13, Y6, Y6
	VMOVUPD (DI)(R11*1), Y11
	VMULPD  Y11, Y8, Y14
	VADDPD  Y14, Y3, Y3
	VMULPD  Y11, Y9, Y15
	VADDPD  Y15, Y7, Y7
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     ntLoop

ntTail:
	TESTQ BX, BX
	JZ    ntReduce

ntTailLoop:
	VMOVSD (SI), X8
	VMOVSD (SI)(R8*1), X9
	VMOVSD (DI), X10
	VMULPD Y10, Y8, Y12
	VADDPD Y12, Y0, Y0
	VMULPD Y10, Y9, Y13
	VADDPD Y13, Y4, Y4
	VMOVSD (DI)(R9*1), X11
	VMULPD Y11, Y8, Y14
	VADDPD Y14, Y1, Y1
	VMULPD Y11, Y9, Y15
	VADDPD Y15, Y5, Y5
	VMOVSD (DI)(R9*2), X10
	VMULPD Y10, Y8, Y12
	VADDPD Y12, Y2, Y2
	VMULPD Y10, Y9, Y13
	VADDPD Y13, Y6, Y6
	VMOVSD (DI)(R11*1), X11
	VMULPD Y11, Y8, Y14
	VADDPD Y14, Y3, Y3
	VMULPD Y11, Y9, Y15
	VADDPD Y15, Y7, Y7
	ADDQ   $8, SI
	ADDQ   $8, DI
	DECQ   BX
	JNZ    ntTailLoop

ntReduce:
	// row 0: (s₀ + s₂, s₁ + s₃) of each accumulator, then their sum
	VPERM2F128 $0x20, Y1, Y0, Y8
	VPERM2F128 $0x31, Y1, Y0, Y9
	VADDPD     Y9, Y8, Y8
	VPERM2F128 $0x20, Y3, Y2, Y10
	VPERM2F128 $0x31, Y3, Y2, Y11
	VADDPD     Y11, Y10, Y10
	VHADDPD    Y10, Y8, Y8
	VPERMPD    $0xD8, Y8, Y8
	VADDPD     (DX), Y8, Y8
	VMOVUPD    Y8, (DX)

	// row 1
	VPERM2F128 $0x20, Y5, Y4, Y8
	VPERM2F128 $0x31, Y5, Y4, Y9
	VADDPD     Y9, Y8, Y8
	VPERM2F128 $0x20, Y7, Y6, Y10
	VPERM2F128 $0x31, Y7, Y6, Y11
	VADDPD     Y11, Y10, Y10
	VHADDPD    Y10, Y8, Y8
	VPERMPD    $0xD8, Y8, Y8
	VADDPD     (DX)(R10*1), Y8, Y8
	VMOVUPD    Y8, (DX)(R10*1)
	VZEROUPPER
	RET
