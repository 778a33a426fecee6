#include "textflag.h"

// AVX2 kernels of attention.go, four doubles per instruction. Each sums
// every element in the order of the Go loops of attention.go (over the
// head's dimensions for a score, over the keys for a weighted sum), with
// a separate multiply and add, so the results are bit for bit those of
// the Go loops; attention_test.go checks this.

// func attnScores(n4 int, dh int, q *float64, kT *float64, ldk int, out *float64)
//
// out[j] = Σ_{c<dh} q[c]·kT[c·ldk + j] for j < n4 (a multiple of 4),
// summed from 0 in order of c: the dot products of q with the keys j,
// stored transposed (one row of kT per dimension).
TEXT ·attnScores(SB), NOSPLIT, $0-48
	MOVQ n4+0(FP), CX
	MOVQ dh+8(FP), R8
	MOVQ q+16(FP), SI
	MOVQ kT+24(FP), DI
	MOVQ ldk+32(FP), R9
	SHLQ $3, R9
	MOVQ out+40(FP), DX

scBlock16:
	CMPQ   CX, $16
	JLT    scBlock4
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ   SI, R10
	MOVQ   DI, R11
	MOVQ   R8, R12

scLoop16:
	VBROADCASTSD (R10), Y4
	VMULPD       (R11), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(R11), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(R11), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMULPD       96(R11), Y4, Y8
	VADDPD       Y8, Y3, Y3
	ADDQ         $8, R10
	ADDQ         R9, R11
	DECQ         R12
	JNZ          scLoop16
	VMOVUPD      Y0, (DX)
	VMOVUPD      Y1, 32(DX)
	VMOVUPD      Y2, 64(DX)
	VMOVUPD      Y3, 96(DX)
	ADDQ         $128, DX
	ADDQ         $128, DI
	SUBQ         $16, CX
	JMP          scBlock16

scBlock4:
	CMPQ   CX, $4
	JLT    scDone
	VXORPD Y0, Y0, Y0
	MOVQ   SI, R10
	MOVQ   DI, R11
	MOVQ   R8, R12

scLoop4:
	VBROADCASTSD (R10), Y4
	VMULPD       (R11), Y4, Y5
	VADDPD       Y5, Y0, Y0
	ADDQ         $8, R10
	ADDQ         R9, R11
	DECQ         R12
	JNZ          scLoop4
	VMOVUPD      Y0, (DX)
	ADDQ         $32, DX
	ADDQ         $32, DI
	SUBQ         $4, CX
	JMP          scBlock4

scDone:
	VZEROUPPER
	RET

// func attnWeighted32(n int, p *float64, v *float64, ldv int, o *float64)
//
// o[c] += p[j]·v[j·ldv + c] for c < 32, for j = 0 … n−1 in order: a
// weighted sum of n rows of v into o.
TEXT ·attnWeighted32(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ p+8(FP), SI
	MOVQ v+16(FP), DI
	MOVQ ldv+24(FP), R9
	SHLQ $3, R9
	MOVQ o+32(FP), DX
	VMOVUPD 0(DX), Y0
	VMOVUPD 32(DX), Y1
	VMOVUPD 64(DX), Y2
	VMOVUPD 96(DX), Y3
	VMOVUPD 128(DX), Y4
	VMOVUPD 160(DX), Y5
	VMOVUPD 192(DX), Y6
	VMOVUPD 224(DX), Y7
	TESTQ CX, CX
	JLE   ws32Store

ws32Loop:
	VBROADCASTSD (SI), Y15
	VMULPD 0(DI), Y15, Y8
	VADDPD Y8, Y0, Y0
	VMULPD 32(DI), Y15, Y9
	VADDPD Y9, Y1, Y1
	VMULPD 64(DI), Y15, Y10
	VADDPD Y10, Y2, Y2
	VMULPD 96(DI), Y15, Y11
	VADDPD Y11, Y3, Y3
	VMULPD 128(DI), Y15, Y12
	VADDPD Y12, Y4, Y4
	VMULPD 160(DI), Y15, Y13
	VADDPD Y13, Y5, Y5
	VMULPD 192(DI), Y15, Y14
	VADDPD Y14, Y6, Y6
	VMULPD 224(DI), Y15, Y8
	VADDPD Y8, Y7, Y7
	ADDQ $8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  ws32Loop

ws32Store:
	VMOVUPD Y0, 0(DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, 64(DX)
	VMOVUPD Y3, 96(DX)
	VMOVUPD Y4, 128(DX)
	VMOVUPD Y5, 160(DX)
	VMOVUPD Y6, 192(DX)
	VMOVUPD Y7, 224(DX)
	VZEROUPPER
	RET

// func attnWeighted16(n int, p *float64, v *float64, ldv int, o *float64)
//
// o[c] += p[j]·v[j·ldv + c] for c < 16, for j = 0 … n−1 in order: a
// weighted sum of n rows of v into o.
TEXT ·attnWeighted16(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ p+8(FP), SI
	MOVQ v+16(FP), DI
	MOVQ ldv+24(FP), R9
	SHLQ $3, R9
	MOVQ o+32(FP), DX
	VMOVUPD 0(DX), Y0
	VMOVUPD 32(DX), Y1
	VMOVUPD 64(DX), Y2
	VMOVUPD 96(DX), Y3
	TESTQ CX, CX
	JLE   ws16Store

ws16Loop:
	VBROADCASTSD (SI), Y15
	VMULPD 0(DI), Y15, Y8
	VADDPD Y8, Y0, Y0
	VMULPD 32(DI), Y15, Y9
	VADDPD Y9, Y1, Y1
	VMULPD 64(DI), Y15, Y10
	VADDPD Y10, Y2, Y2
	VMULPD 96(DI), Y15, Y11
	VADDPD Y11, Y3, Y3
	ADDQ $8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  ws16Loop

ws16Store:
	VMOVUPD Y0, 0(DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, 64(DX)
	VMOVUPD Y3, 96(DX)
	VZEROUPPER
	RET

// func attnWeighted4(n int, p *float64, v *float64, ldv int, o *float64)
//
// o[c] += p[j]·v[j·ldv + c] for c < 4, for j = 0 … n−1 in order: a
// weighted sum of n rows of v into o.
TEXT ·attnWeighted4(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ p+8(FP), SI
	MOVQ v+16(FP), DI
	MOVQ ldv+24(FP), R9
	SHLQ $3, R9
	MOVQ o+32(FP), DX
	VMOVUPD 0(DX), Y0
	TESTQ CX, CX
	JLE   ws4Store

ws4Loop:
	VBROADCASTSD (SI), Y15
	VMULPD 0(DI), Y15, Y8
	VADDPD Y8, Y0, Y0
	ADDQ $8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  ws4Loop

ws4Store:
	VMOVUPD Y0, 0(DX)
	VZEROUPPER
	RET

// func attnAxpyRows32(n int, p *float64, x *float64, y *float64, ldy int)
//
// y[j·ldy + c] += p[j]·x[c] for c < 32, j < n: x, scaled by each p[j],
// added to n rows of y.
TEXT ·attnAxpyRows32(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ p+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ y+24(FP), DI
	MOVQ ldy+32(FP), R9
	SHLQ $3, R9
	VMOVUPD 0(DX), Y0
	VMOVUPD 32(DX), Y1
	VMOVUPD 64(DX), Y2
	VMOVUPD 96(DX), Y3
	VMOVUPD 128(DX), Y4
	VMOVUPD 160(DX), Y5
	VMOVUPD 192(DX), Y6
	VMOVUPD 224(DX), Y7
	TESTQ CX, CX
	JLE   ax32Done

ax32Loop:
	VBROADCASTSD (SI), Y15
	VMULPD Y0, Y15, Y8
	VADDPD 0(DI), Y8, Y8
	VMOVUPD Y8, 0(DI)
	VMULPD Y1, Y15, Y9
	VADDPD 32(DI), Y9, Y9
	VMOVUPD Y9, 32(DI)
	VMULPD Y2, Y15, Y10
	VADDPD 64(DI), Y10, Y10
	VMOVUPD Y10, 64(DI)
	VMULPD Y3, Y15, Y11
	VADDPD 96(DI), Y11, Y11
	VMOVUPD Y11, 96(DI)
	VMULPD Y4, Y15, Y12
	VADDPD 128(DI), Y12, Y12
	VMOVUPD Y12, 128(DI)
	VMULPD Y5, Y15, Y13
	VADDPD 160(DI), Y13, Y13
	VMOVUPD Y13, 160(DI)
	VMULPD Y6, Y15, Y14
	VADDPD 192(DI), Y14, Y14
	VMOVUPD Y14, 192(DI)
	VMULPD Y7, Y15, Y8
	VADDPD 224(DI), Y8, Y8
	VMOVUPD Y8, 224(DI)
	ADDQ $8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  ax32Loop

ax32Done:
	VZEROUPPER
	RET

// func attnAxpyRows16(n int, p *float64, x *float64, y *float64, ldy int)
//
// y[j·ldy + c] += p[j]·x[c] for c < 16, j < n: x, scaled by each p[j],
// added to n rows of y.
TEXT ·attnAxpyRows16(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ p+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ y+24(FP), DI
	MOVQ ldy+32(FP), R9
	SHLQ $3, R9
	VMOVUPD 0(DX), Y0
	VMOVUPD 32(DX), Y1
	VMOVUPD 64(DX), Y2
	VMOVUPD 96(DX), Y3
	TESTQ CX, CX
	JLE   ax16Done

ax16Loop:
	VBROADCASTSD (SI), Y15
	VMULPD Y0, Y15, Y8
	VADDPD 0(DI), Y8, Y8
	VMOVUPD Y8, 0(DI)
	VMULPD Y1, Y15, Y9
	VADDPD 32(DI), Y9, Y9
	VMOVUPD Y9, 32(DI)
	VMULPD Y2, Y15, Y10
	VADDPD 64(DI), Y10, Y10
	VMOVUPD Y10, 64(DI)
	VMULPD Y3, Y15, Y11
	VADDPD 96(DI), Y11, Y11
	VMOVUPD Y11, 96(DI)
	ADDQ $8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  ax16Loop

ax16Done:
	VZEROUPPER
	RET

// func attnAxpyRows4(n int, p *float64, x *float64, y *float64, ldy int)
//
// y[j·ldy + c] += p[j]·x[c] for c < 4, j < n: x, scaled by each p[j],
// added to n rows of y.
TEXT ·attnAxpyRows4(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ p+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ y+24(FP), DI
	MOVQ ldy+32(FP), R9
	SHLQ $3, R9
	VMOVUPD 0(DX), Y0
	TESTQ CX, CX
	JLE   ax4Done

ax4Loop:
	VBROADCASTSD (SI), Y15
	VMULPD Y0, Y15, Y8
	VADDPD 0(DI), Y8, Y8
	VMOVUPD Y8, 0(DI)
	ADDQ $8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  ax4Loop

ax4Done:
	VZEROUPPER
	RET
