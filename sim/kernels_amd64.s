#include "textflag.h"

// AVX2 forms of the hot loops of group.go, four cells per instruction.
// Each performs exactly the operations of the Go loop it replaces, in the
// same order (no fused multiply-add), so the results are bit for bit the
// same; kernels_test.go checks this. The Go loops handle what a kernel
// leaves: the last cells (fewer than four) and any block of four that
// holds a cell outside the kernel's range. The equations, their units and
// sources are in the doc comments of Group.integrate and stepPlainEI.

DATA kc<>+0(SB)/8, $0x3ff0000000000000  // 1
DATA kc<>+8(SB)/8, $0x3fe0000000000000  // 1/2
DATA kc<>+16(SB)/8, $0x3fc5555555555555 // 1/6
DATA kc<>+24(SB)/8, $0x3fa5555555555555 // 1/24
DATA kc<>+32(SB)/8, $0x3f81111111111111 // 1/120
DATA kc<>+40(SB)/8, $0x3f56c16c16c16c17 // 1/720
DATA kc<>+48(SB)/8, $0x3f2a01a01a01a01a // 1/5040
DATA kc<>+56(SB)/8, $0x3fd0000000000000 // 0.25
DATA kc<>+64(SB)/8, $0xc044000000000000 // expTabLo = −40
DATA kc<>+72(SB)/8, $0x4020000000000000 // expTabHi = 8
DATA kc<>+80(SB)/8, $0x4050000000000000 // expTabRes = 64
DATA kc<>+88(SB)/8, $0x3f90000000000000 // 1/expTabRes
DATA kc<>+96(SB)/8, $0x7fffffffffffffff // |x| mask
GLOBL kc<>(SB), RODATA|NOPTR, $104

// func phiStepAVX2(k, g []float64, dtC, gL float64) int
//
// k[i] = dtC·φ(dtC·(gL + g[i])) by the Taylor polynomial of stepFull,
// for blocks of four cells whose x = dtC·(gL + g[i]) all lie in (0, 0.25).
// It returns how many cells it did.
TEXT ·phiStepAVX2(SB), NOSPLIT, $0-72
	MOVQ k_base+0(FP), DI
	MOVQ k_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	VBROADCASTSD dtC+48(FP), Y0
	VBROADCASTSD gL+56(FP), Y1
	VBROADCASTSD kc<>+56(SB), Y2
	VXORPD Y3, Y3, Y3
	VBROADCASTSD kc<>+0(SB), Y4
	VBROADCASTSD kc<>+8(SB), Y5
	VBROADCASTSD kc<>+16(SB), Y6
	VBROADCASTSD kc<>+24(SB), Y7
	VBROADCASTSD kc<>+32(SB), Y8
	VBROADCASTSD kc<>+40(SB), Y9
	VBROADCASTSD kc<>+48(SB), Y10
	XORQ AX, AX

phiLoop:
	LEAQ 4(AX), DX
	CMPQ DX, CX
	JGT  phiDone
	VMOVUPD (SI)(AX*8), Y11
	VADDPD  Y11, Y1, Y11        // gL + g
	VMULPD  Y11, Y0, Y11        // x = dtC·(gL + g)
	VCMPPD  $0x1e, Y3, Y11, Y12 // x > 0
	VCMPPD  $0x11, Y2, Y11, Y13 // x < 0.25
	VANDPD  Y12, Y13, Y12
	VMOVMSKPD Y12, BX
	CMPQ BX, $15
	JNE  phiDone
	VMULPD Y10, Y11, Y12 // x·(1/5040)
	VSUBPD Y12, Y9, Y12  // 1/720 − …
	VMULPD Y12, Y11, Y12
	VSUBPD Y12, Y8, Y12  // 1/120 − …
	VMULPD Y12, Y11, Y12
	VSUBPD Y12, Y7, Y12  // 1/24 − …
	VMULPD Y12, Y11, Y12
	VSUBPD Y12, Y6, Y12  // 1/6 − …
	VMULPD Y12, Y11, Y12
	VSUBPD Y12, Y5, Y12  // 1/2 − …
	VMULPD Y12, Y11, Y12
	VSUBPD Y12, Y4, Y12  // f = 1 − …
	VMULPD Y12, Y0, Y12  // dtC·f
	VMOVUPD Y12, (DI)(AX*8)
	MOVQ DX, AX
	JMP  phiLoop

phiDone:
	VZEROUPPER
	MOVQ AX, ret+64(FP)
	RET

// func adexSpikeAVX2(s, v []float64, vt, dT, gLdT float64, tab *float64) int
//
// s[i] = gLdT·e^x, x = (v[i] − vt)/dT, by the table of fastExp, for
// blocks of four cells whose x all lie in [expTabLo, expTabHi). It
// returns how many cells it did.
TEXT ·adexSpikeAVX2(SB), NOSPLIT, $0-88
	MOVQ s_base+0(FP), DI
	MOVQ s_len+8(FP), CX
	MOVQ v_base+24(FP), SI
	VBROADCASTSD vt+48(FP), Y0
	VBROADCASTSD dT+56(FP), Y1
	VBROADCASTSD gLdT+64(FP), Y2
	MOVQ tab+72(FP), R8
	VBROADCASTSD kc<>+64(SB), Y3 // lo
	VBROADCASTSD kc<>+72(SB), Y4 // hi
	VBROADCASTSD kc<>+80(SB), Y5 // res
	VBROADCASTSD kc<>+88(SB), Y6 // 1/res
	VBROADCASTSD kc<>+0(SB), Y7  // 1
	VBROADCASTSD kc<>+8(SB), Y8  // 1/2
	VBROADCASTSD kc<>+16(SB), Y9 // 1/6
	XORQ AX, AX

expLoop:
	LEAQ 4(AX), DX
	CMPQ DX, CX
	JGT  expDone
	VMOVUPD (SI)(AX*8), Y10
	VSUBPD  Y0, Y10, Y10        // v − vt
	VDIVPD  Y1, Y10, Y10        // x
	VCMPPD  $0x1d, Y3, Y10, Y11 // x ≥ lo
	VCMPPD  $0x11, Y4, Y10, Y12 // x < hi
	VANDPD  Y11, Y12, Y11
	VMOVMSKPD Y11, BX
	CMPQ BX, $15
	JNE  expDone
	VSUBPD Y3, Y10, Y10    // x − lo
	VMULPD Y5, Y10, Y10    // y
	VCVTTPD2DQY Y10, X11   // k = int(y)
	VCVTDQ2PD X11, Y12     // float64(k)
	VSUBPD Y12, Y10, Y12   // y − k
	VMULPD Y6, Y12, Y12    // d
	VPCMPEQD Y13, Y13, Y13
	VGATHERDPD Y13, (R8)(X11*8), Y14 // tab[k]
	VMULPD Y9, Y12, Y13    // d·(1/6)
	VADDPD Y13, Y8, Y13    // 0.5 + …
	VMULPD Y13, Y12, Y13   // d·(…)
	VADDPD Y13, Y7, Y13    // 1 + …
	VMULPD Y13, Y12, Y13   // d·(…)
	VADDPD Y13, Y7, Y13    // 1 + …
	VMULPD Y13, Y14, Y13   // e = tab[k]·(…)
	VMULPD Y13, Y2, Y13    // gLdT·e
	VMOVUPD Y13, (DI)(AX*8)
	MOVQ DX, AX
	JMP  expLoop

expDone:
	VZEROUPPER
	MOVQ AX, ret+80(FP)
	RET

// func cond2AVX2(a, b, gs, ges, lfp, v []float64, da, db, e float64, withLFP bool) int
//
// receptorPass for a rise-and-decay conductance without Mg²⁺ block:
// a ← a·da, b ← b·db, g = a − b, gs += g, ges += g·e, and withLFP
// lfp += |g·(e − v)|. It does the cells in whole blocks of four and
// returns how many.
TEXT ·cond2AVX2(SB), NOSPLIT, $0-184
	MOVQ a_base+0(FP), DI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), SI
	MOVQ gs_base+48(FP), R8
	MOVQ ges_base+72(FP), R9
	MOVQ lfp_base+96(FP), R10
	MOVQ v_base+120(FP), R11
	VBROADCASTSD da+144(FP), Y0
	VBROADCASTSD db+152(FP), Y1
	VBROADCASTSD e+160(FP), Y2
	VBROADCASTSD kc<>+96(SB), Y5 // |x| mask
	MOVBLZX withLFP+168(FP), BX
	ANDQ $-4, CX
	XORQ AX, AX

c2Loop:
	CMPQ AX, CX
	JGE  c2Done
	VMULPD  (DI)(AX*8), Y0, Y3 // a·da
	VMULPD  (SI)(AX*8), Y1, Y4 // b·db
	VMOVUPD Y3, (DI)(AX*8)
	VMOVUPD Y4, (SI)(AX*8)
	VSUBPD  Y4, Y3, Y3         // g
	VADDPD  (R8)(AX*8), Y3, Y4 // gs + g
	VMOVUPD Y4, (R8)(AX*8)
	VMULPD  Y2, Y3, Y4         // g·e
	VADDPD  (R9)(AX*8), Y4, Y4 // ges + g·e
	VMOVUPD Y4, (R9)(AX*8)
	TESTQ   BX, BX
	JZ      c2Next
	VMOVUPD (R11)(AX*8), Y6
	VSUBPD  Y6, Y2, Y6         // e − v
	VMULPD  Y6, Y3, Y6         // g·(e − v)
	VANDPD  Y5, Y6, Y6         // |…|
	VADDPD  (R10)(AX*8), Y6, Y6
	VMOVUPD Y6, (R10)(AX*8)

c2Next:
	ADDQ $4, AX
	JMP  c2Loop

c2Done:
	VZEROUPPER
	MOVQ CX, ret+176(FP)
	RET

// func decaySumAVX2(a, s []float64, da float64) int
//
// receptorPass for a single-exponential current: a ← a·da, s += a. It
// does the cells in whole blocks of four and returns how many.
TEXT ·decaySumAVX2(SB), NOSPLIT, $0-64
	MOVQ a_base+0(FP), DI
	MOVQ a_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	VBROADCASTSD da+48(FP), Y0
	ANDQ $-4, CX
	XORQ AX, AX

dsLoop:
	CMPQ AX, CX
	JGE  dsDone
	VMULPD  (DI)(AX*8), Y0, Y3
	VMOVUPD Y3, (DI)(AX*8)
	VADDPD  (SI)(AX*8), Y3, Y3
	VMOVUPD Y3, (SI)(AX*8)
	ADDQ $4, AX
	JMP  dsLoop

dsDone:
	VZEROUPPER
	MOVQ CX, ret+56(FP)
	RET

// func membraneAVX2(v, w, iext, gs, ges, is, k, sp []float64, ref []int32, gL, glEL, el, aw, decW, vSpike float64, adapt, adex bool) int
//
// The membrane update of stepFull for cells that are not clamped, not
// refractory and do not spike in this step:
//
//	w ← winf + (w − winf)·decW, winf = aw·(v − el)   (adapt)
//	v ← v + k·(glEL + ges + is + iext − w [+ sp] − (gL + gs)·v)
//
// It stops before a block of four that holds a refractory cell, a cell
// reaching vSpike or a non-finite V, which the Go loop then does, and
// returns how many cells it did.
TEXT ·membraneAVX2(SB), NOSPLIT, $0-280
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ w_base+24(FP), SI
	MOVQ iext_base+48(FP), R8
	MOVQ gs_base+72(FP), R9
	MOVQ ges_base+96(FP), R10
	MOVQ is_base+120(FP), R11
	MOVQ k_base+144(FP), R12
	MOVQ sp_base+168(FP), R13
	MOVQ ref_base+192(FP), R14
	VBROADCASTSD gL+216(FP), Y0
	VBROADCASTSD glEL+224(FP), Y1
	VBROADCASTSD el+232(FP), Y2
	VBROADCASTSD aw+240(FP), Y3
	VBROADCASTSD decW+248(FP), Y4
	VBROADCASTSD vSpike+256(FP), Y5
	VXORPD Y6, Y6, Y6
	XORQ AX, AX

memLoop:
	LEAQ 4(AX), DX
	CMPQ DX, CX
	JGT  memDone
	VMOVDQU (R14)(AX*4), X7
	VPTEST  X7, X7 // a refractory cell
	JNZ     memDone
	VMOVUPD (DI)(AX*8), Y7 // v
	VMOVUPD (SI)(AX*8), Y8 // w
	CMPB    adapt+264(FP), $0
	JEQ     memNoAdapt
	VSUBPD  Y2, Y7, Y9     // v − el
	VMULPD  Y9, Y3, Y9     // winf = aw·(v − el)
	VSUBPD  Y9, Y8, Y8     // w − winf
	VMULPD  Y4, Y8, Y8     // (w − winf)·decW
	VADDPD  Y8, Y9, Y8     // w = winf + …

memNoAdapt:
	VADDPD  (R10)(AX*8), Y1, Y10 // glEL + ges
	VADDPD  (R11)(AX*8), Y10, Y10 // + is
	VADDPD  (R8)(AX*8), Y10, Y10  // + iext
	VSUBPD  Y8, Y10, Y10          // − w
	CMPB    adex+265(FP), $0
	JEQ     memNoAdex
	VADDPD  (R13)(AX*8), Y10, Y10 // + sp

memNoAdex:
	VADDPD  (R9)(AX*8), Y0, Y11 // G = gL + gs
	VMULPD  Y7, Y11, Y11        // G·v
	VSUBPD  Y11, Y10, Y11       // I − G·v
	VMULPD  (R12)(AX*8), Y11, Y11 // k·(…)
	VADDPD  Y11, Y7, Y11        // v + …
	VCMPPD  $0x1d, Y5, Y11, Y12 // v ≥ vSpike
	VSUBPD  Y11, Y11, Y13       // v − v: 0 unless V is not finite
	VCMPPD  $0x04, Y6, Y13, Y13 // ≠ 0 or NaN
	VORPD   Y12, Y13, Y12
	VMOVMSKPD Y12, BX
	TESTQ   BX, BX
	JNZ     memDone
	CMPB    adapt+264(FP), $0
	JEQ     memStoreV
	VMOVUPD Y8, (SI)(AX*8)

memStoreV:
	VMOVUPD Y11, (DI)(AX*8)
	MOVQ DX, AX
	JMP  memLoop

memDone:
	VZEROUPPER
	MOVQ AX, ret+272(FP)
	RET

// func plainEIAVX2(v, iext, a0, a1 []float64, ref []int32, d0, d1, e0, e1, gL, glEL, dtC, vSpike float64) int
//
// stepPlainEI for blocks of four cells that are not refractory, whose
// x = dtC·G lies below 0.25 and that do not spike or diverge:
//
//	a0 ← a0·d0, a1 ← a1·d1, G = gL + a0 + a1,
//	v ← v + dtC·φ(x)·(glEL + a0·e0 + a1·e1 + iext − G·v),
//
// φ by stepPlainEI's polynomial (Estrin's scheme). It stops before any
// other block and returns how many cells it did.
TEXT ·plainEIAVX2(SB), NOSPLIT, $0-192
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ iext_base+24(FP), SI
	MOVQ a0_base+48(FP), R8
	MOVQ a1_base+72(FP), R9
	MOVQ ref_base+96(FP), R10
	VBROADCASTSD d0+120(FP), Y0
	VBROADCASTSD d1+128(FP), Y1
	VBROADCASTSD e0+136(FP), Y2
	VBROADCASTSD e1+144(FP), Y3
	VBROADCASTSD gL+152(FP), Y4
	VBROADCASTSD glEL+160(FP), Y5
	VBROADCASTSD dtC+168(FP), Y6
	VBROADCASTSD vSpike+176(FP), Y7
	VBROADCASTSD kc<>+56(SB), Y8 // 0.25
	XORQ AX, AX

peLoop:
	LEAQ 4(AX), DX
	CMPQ DX, CX
	JGT  peDone
	VMOVDQU (R10)(AX*4), X9
	VPTEST  X9, X9 // a refractory cell
	JNZ     peDone
	VMULPD  (R8)(AX*8), Y0, Y9  // g0 = a0·d0
	VMULPD  (R9)(AX*8), Y1, Y10 // g1 = a1·d1
	VADDPD  Y9, Y4, Y11         // gL + g0
	VADDPD  Y10, Y11, Y11       // G = … + g1
	VMULPD  Y11, Y6, Y12        // x = dtC·G
	VCMPPD  $0x11, Y8, Y12, Y13 // x < 0.25
	VMOVMSKPD Y13, BX
	CMPQ    BX, $15
	JNE     peDone
	// φ(x) = (1 − x/2) + x²·((1/6 − x/24) + x²·((1/120 − x/720) + x²/5040))
	VMULPD  Y12, Y12, Y13          // x²
	VBROADCASTSD kc<>+48(SB), Y14  // 1/5040
	VMULPD  Y14, Y13, Y14          // x²/5040
	VBROADCASTSD kc<>+40(SB), Y15  // 1/720
	VMULPD  Y15, Y12, Y15          // x/720
	VBROADCASTSD kc<>+32(SB), Y9   // 1/120 (g0 reloaded below)
	VSUBPD  Y15, Y9, Y15           // 1/120 − x/720
	VADDPD  Y14, Y15, Y15          // + x²/5040
	VMULPD  Y15, Y13, Y15          // x²·(…)
	VBROADCASTSD kc<>+24(SB), Y14  // 1/24
	VMULPD  Y14, Y12, Y14          // x/24
	VBROADCASTSD kc<>+16(SB), Y9   // 1/6
	VSUBPD  Y14, Y9, Y14           // 1/6 − x/24
	VADDPD  Y15, Y14, Y14          // + …
	VMULPD  Y14, Y13, Y14          // x²·(…)
	VBROADCASTSD kc<>+8(SB), Y9    // 1/2
	VMULPD  Y9, Y12, Y9            // x/2
	VBROADCASTSD kc<>+0(SB), Y15   // 1
	VSUBPD  Y9, Y15, Y9            // 1 − x/2
	VADDPD  Y14, Y9, Y14           // φ
	VMULPD  (R8)(AX*8), Y0, Y9     // g0 again
	// I = glEL + g0·e0 + g1·e1 + iext − G·v
	VMULPD  Y2, Y9, Y12
	VADDPD  Y12, Y5, Y12           // glEL + g0·e0
	VMULPD  Y3, Y10, Y13
	VADDPD  Y13, Y12, Y12          // + g1·e1
	VADDPD  (SI)(AX*8), Y12, Y12   // + iext
	VMOVUPD (DI)(AX*8), Y13        // v
	VMULPD  Y13, Y11, Y15          // G·v
	VSUBPD  Y15, Y12, Y12          // I − G·v
	VMULPD  Y14, Y6, Y14           // dtC·φ
	VMULPD  Y12, Y14, Y14          // dtC·φ·(…)
	VADDPD  Y14, Y13, Y14          // v + …
	VCMPPD  $0x1d, Y7, Y14, Y12    // v ≥ vSpike
	VSUBPD  Y14, Y14, Y15          // v − v
	VXORPD  Y13, Y13, Y13
	VCMPPD  $0x04, Y13, Y15, Y15   // ≠ 0 or NaN
	VORPD   Y12, Y15, Y12
	VMOVMSKPD Y12, BX
	TESTQ   BX, BX
	JNZ     peDone
	VMOVUPD Y9, (R8)(AX*8)
	VMOVUPD Y10, (R9)(AX*8)
	VMOVUPD Y14, (DI)(AX*8)
	MOVQ DX, AX
	JMP  peLoop

peDone:
	VZEROUPPER
	MOVQ AX, ret+184(FP)
	RET

// func scaleAVX2(x []float64, f float64) int
//
// x ← x·f in whole blocks of four; it returns how many it did.
TEXT ·scaleAVX2(SB), NOSPLIT, $0-40
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	VBROADCASTSD f+24(FP), Y0
	ANDQ $-4, CX
	XORQ AX, AX

scLoop:
	CMPQ AX, CX
	JGE  scDone
	VMULPD  (DI)(AX*8), Y0, Y1
	VMOVUPD Y1, (DI)(AX*8)
	ADDQ $4, AX
	JMP  scLoop

scDone:
	VZEROUPPER
	MOVQ CX, ret+32(FP)
	RET
