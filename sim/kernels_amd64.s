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

// kq holds, four times each (for 256-bit memory operands), the constants of
// math.Expm1 (Go's src/math/expm1.go, after FreeBSD's s_expm1.c) that
// plainEIAVX2 needs to compute φ(x) = −expm1(−x)/x for 0.25 ≤ x < 1.5·ln 2 by
// the same operations as the Go function.
DATA kq<>+0(SB)/8, $0xbfa11111111110f4 // Q1 of expm1
DATA kq<>+8(SB)/8, $0xbfa11111111110f4
DATA kq<>+16(SB)/8, $0xbfa11111111110f4
DATA kq<>+24(SB)/8, $0xbfa11111111110f4
DATA kq<>+32(SB)/8, $0x3f5a01a019fe5585 // Q2
DATA kq<>+40(SB)/8, $0x3f5a01a019fe5585
DATA kq<>+48(SB)/8, $0x3f5a01a019fe5585
DATA kq<>+56(SB)/8, $0x3f5a01a019fe5585
DATA kq<>+64(SB)/8, $0xbf14ce199eaadbb7 // Q3
DATA kq<>+72(SB)/8, $0xbf14ce199eaadbb7
DATA kq<>+80(SB)/8, $0xbf14ce199eaadbb7
DATA kq<>+88(SB)/8, $0xbf14ce199eaadbb7
DATA kq<>+96(SB)/8, $0x3ed0cfca86e65239 // Q4
DATA kq<>+104(SB)/8, $0x3ed0cfca86e65239
DATA kq<>+112(SB)/8, $0x3ed0cfca86e65239
DATA kq<>+120(SB)/8, $0x3ed0cfca86e65239
DATA kq<>+128(SB)/8, $0xbe8afdb76e09c32d // Q5
DATA kq<>+136(SB)/8, $0xbe8afdb76e09c32d
DATA kq<>+144(SB)/8, $0xbe8afdb76e09c32d
DATA kq<>+152(SB)/8, $0xbe8afdb76e09c32d
DATA kq<>+160(SB)/8, $0x3fe62e42fee00000 // Ln2Hi
DATA kq<>+168(SB)/8, $0x3fe62e42fee00000
DATA kq<>+176(SB)/8, $0x3fe62e42fee00000
DATA kq<>+184(SB)/8, $0x3fe62e42fee00000
DATA kq<>+192(SB)/8, $0xbdea39ef35793c76 // −Ln2Lo
DATA kq<>+200(SB)/8, $0xbdea39ef35793c76
DATA kq<>+208(SB)/8, $0xbdea39ef35793c76
DATA kq<>+216(SB)/8, $0xbdea39ef35793c76
DATA kq<>+224(SB)/8, $0x3fd62e42fefa39ef // Ln2Half
DATA kq<>+232(SB)/8, $0x3fd62e42fefa39ef
DATA kq<>+240(SB)/8, $0x3fd62e42fefa39ef
DATA kq<>+248(SB)/8, $0x3fd62e42fefa39ef
DATA kq<>+256(SB)/8, $0x3ff0a2b23f3bab73 // Ln2HalfX3
DATA kq<>+264(SB)/8, $0x3ff0a2b23f3bab73
DATA kq<>+272(SB)/8, $0x3ff0a2b23f3bab73
DATA kq<>+280(SB)/8, $0x3ff0a2b23f3bab73
DATA kq<>+288(SB)/8, $0x3fe0000000000000 // 0.5
DATA kq<>+296(SB)/8, $0x3fe0000000000000
DATA kq<>+304(SB)/8, $0x3fe0000000000000
DATA kq<>+312(SB)/8, $0x3fe0000000000000
DATA kq<>+320(SB)/8, $0x4008000000000000 // 3
DATA kq<>+328(SB)/8, $0x4008000000000000
DATA kq<>+336(SB)/8, $0x4008000000000000
DATA kq<>+344(SB)/8, $0x4008000000000000
DATA kq<>+352(SB)/8, $0x4018000000000000 // 6
DATA kq<>+360(SB)/8, $0x4018000000000000
DATA kq<>+368(SB)/8, $0x4018000000000000
DATA kq<>+376(SB)/8, $0x4018000000000000
DATA kq<>+384(SB)/8, $0x3ff0000000000000 // 1
DATA kq<>+392(SB)/8, $0x3ff0000000000000
DATA kq<>+400(SB)/8, $0x3ff0000000000000
DATA kq<>+408(SB)/8, $0x3ff0000000000000
DATA kq<>+416(SB)/8, $0x8000000000000000 // sign bit
DATA kq<>+424(SB)/8, $0x8000000000000000
DATA kq<>+432(SB)/8, $0x8000000000000000
DATA kq<>+440(SB)/8, $0x8000000000000000
GLOBL kq<>(SB), RODATA|NOPTR, $448

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

// func plainEIAVX2(v, iext, a0, a1 []float64, ref, sp []int32, base int, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset float64, refSteps, euler int) (done, nsp int)
//
// stepPlainEI for blocks of four cells, refractory ones included:
//
//	a0 ← a0·d0, a1 ← a1·d1;
//	refractory (ref > 0): ref ← ref − 1, V held;
//	otherwise G = gL + a0 + a1, x = dtC·G,
//	v ← v + dtC·φ(x)·(glEL + a0·e0 + a1·e1 + iext − G·v),
//	and a cell with v ≥ vSpike is reset: v ← vReset, ref ← refSteps, and
//	its index (base + i) is written to sp.
//
// φ by stepPlainEI's polynomial (Estrin's scheme), or φ = 1 when euler
// is 1 (forward Euler). The four cells'
// updates are computed side by side and the refractory ones' discarded
// (a blend), so a block with a refractory cell stays in the kernel. It
// stops before a block in which a cell that is not refractory has x ≥
// 0.25 or a V that is not finite (the Go loop does those), and returns how
// many cells it did and how many spikes it wrote.
TEXT ·plainEIAVX2(SB), NOSPLIT, $0-256
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ iext_base+24(FP), SI
	MOVQ a0_base+48(FP), R8
	MOVQ a1_base+72(FP), R9
	MOVQ ref_base+96(FP), R10
	MOVQ sp_base+120(FP), R11 // next spike slot
	MOVQ base+144(FP), R12
	MOVQ vReset+216(FP), R13
	VBROADCASTSD d0+152(FP), Y2
	VBROADCASTSD d1+160(FP), Y3
	VBROADCASTSD gL+184(FP), Y4
	VBROADCASTSD glEL+192(FP), Y5
	VBROADCASTSD dtC+200(FP), Y6
	VBROADCASTSD vSpike+208(FP), Y7
	VBROADCASTSD kc<>+56(SB), Y8 // 0.25
	XORQ AX, AX // cells done

pe2Loop:
	LEAQ 4(AX), DX
	CMPQ DX, CX
	JGT  pe2Done
	VPMOVSXDQ (R10)(AX*4), Y15   // ref, 64-bit lanes
	VPXOR     Y0, Y0, Y0
	VPCMPGTQ  Y0, Y15, Y15       // refm = ref > 0
	VMULPD  (R8)(AX*8), Y2, Y9   // g0 = a0·d0
	VMULPD  (R9)(AX*8), Y3, Y10  // g1 = a1·d1
	VADDPD  Y9, Y4, Y11          // gL + g0
	VADDPD  Y10, Y11, Y11        // G = … + g1
	VMULPD  Y11, Y6, Y12         // x = dtC·G
	VCMPPD  $0x11, kq<>+256(SB), Y12, Y13 // x < 1.5·ln 2
	VORPD   Y15, Y13, Y13        // or refractory
	VMOVMSKPD Y13, BX
	CMPQ    BX, $15
	JNE     pe2Done
	VBROADCASTSD kc<>+0(SB), Y14   // φ = 1 (forward Euler)
	CMPQ    euler+232(FP), $0
	JNE     pe2Membrane
	// φ(x) = (1 − x/2) + x²·((1/6 − x/24) + x²·((1/120 − x/720) + x²/5040))
	VMULPD  Y12, Y12, Y13          // x²
	VBROADCASTSD kc<>+48(SB), Y14  // 1/5040
	VMULPD  Y14, Y13, Y14          // x²/5040
	VBROADCASTSD kc<>+40(SB), Y0   // 1/720
	VMULPD  Y0, Y12, Y0            // x/720
	VBROADCASTSD kc<>+32(SB), Y1   // 1/120
	VSUBPD  Y0, Y1, Y0             // 1/120 − x/720
	VADDPD  Y14, Y0, Y0            // + x²/5040
	VMULPD  Y0, Y13, Y0            // x²·(…)
	VBROADCASTSD kc<>+24(SB), Y14  // 1/24
	VMULPD  Y14, Y12, Y14          // x/24
	VBROADCASTSD kc<>+16(SB), Y1   // 1/6
	VSUBPD  Y14, Y1, Y14           // 1/6 − x/24
	VADDPD  Y0, Y14, Y14           // + …
	VMULPD  Y14, Y13, Y14          // x²·(…)
	VBROADCASTSD kc<>+8(SB), Y0    // 1/2
	VMULPD  Y0, Y12, Y0            // x/2
	VBROADCASTSD kc<>+0(SB), Y1    // 1
	VSUBPD  Y0, Y1, Y0             // 1 − x/2
	VADDPD  Y14, Y0, Y14           // φ
	VCMPPD  $0x11, Y8, Y12, Y13    // x < 0.25
	VORPD   Y15, Y13, Y13          // or refractory
	VMOVMSKPD Y13, BX
	CMPQ    BX, $15
	JNE     pe2Expm1

pe2Membrane:
	// I = glEL + g0·e0 + g1·e1 + iext − G·v
	VBROADCASTSD e0+168(FP), Y0
	VMULPD  Y0, Y9, Y0
	VADDPD  Y0, Y5, Y0             // glEL + g0·e0
	VBROADCASTSD e1+176(FP), Y1
	VMULPD  Y1, Y10, Y1
	VADDPD  Y1, Y0, Y0             // + g1·e1
	VADDPD  (SI)(AX*8), Y0, Y0     // + iext
	VMOVUPD (DI)(AX*8), Y13        // v
	VMULPD  Y13, Y11, Y1           // G·v
	VSUBPD  Y1, Y0, Y0             // I − G·v
	VMULPD  Y14, Y6, Y14           // dtC·φ
	VMULPD  Y0, Y14, Y14           // dtC·φ·(…)
	VADDPD  Y14, Y13, Y14          // v + …
	VSUBPD  Y14, Y14, Y0           // v − v
	VXORPD  Y1, Y1, Y1
	VCMPPD  $0x04, Y1, Y0, Y0      // ≠ 0 or NaN
	VANDNPD Y0, Y15, Y0            // and not refractory
	VMOVMSKPD Y0, BX
	TESTQ   BX, BX
	JNZ     pe2Done
	VCMPPD  $0x1d, Y7, Y14, Y0     // v ≥ vSpike
	VANDNPD Y0, Y15, Y0            // and not refractory
	VMOVUPD Y9, (R8)(AX*8)
	VMOVUPD Y10, (R9)(AX*8)
	VBLENDVPD Y15, Y13, Y14, Y14   // refractory: V held
	VMOVUPD Y14, (DI)(AX*8)
	VMOVDQU (R10)(AX*4), X1
	VPXOR   X12, X12, X12
	VPCMPGTD X12, X1, X12          // ref > 0: −1
	VPADDD  X12, X1, X1            // ref − 1 where refractory
	VMOVDQU X1, (R10)(AX*4)
	VMOVMSKPD Y0, BX
	TESTQ   BX, BX
	JNZ     pe2Spikes
	MOVQ DX, AX
	JMP  pe2Loop

pe2Spikes:
	BSFQ BX, R9
	BTRQ R9, BX
	ADDQ AX, R9                    // the cell
	MOVQ R13, (DI)(R9*8)           // v ← vReset
	MOVQ refSteps+224(FP), SI
	MOVL SI, (R10)(R9*4)           // ref ← refSteps
	ADDQ R12, R9
	MOVL R9, (R11)                 // its index
	ADDQ $4, R11
	TESTQ BX, BX
	JNZ  pe2Spikes
	MOVQ a1_base+72(FP), R9
	MOVQ iext_base+24(FP), SI
	MOVQ DX, AX
	JMP  pe2Loop

pe2Expm1:
	// φ = −expm1(−x)/x where x ≥ 0.25, by math.Expm1's operations on
	// y = −x: |y| ≤ ln2/2 (k = 0) or, reduced by ln 2, ln2/2 < |y| <
	// 1.5·ln2 (k = −1); both are computed and blended.
	VXORPD  kq<>+416(SB), Y12, Y0  // y = −x
	VADDPD  kq<>+160(SB), Y0, Y1   // hi = y + Ln2Hi
	VSUBPD  kq<>+192(SB), Y1, Y10  // y1 = hi − lo, lo = −Ln2Lo
	VSUBPD  Y10, Y1, Y1            // hi − y1
	VSUBPD  kq<>+192(SB), Y1, Y1   // c = (hi − y1) − lo
	VCMPPD  $0x1e, kq<>+224(SB), Y12, Y9 // k = −1: |y| > ln2/2
	VBLENDVPD Y9, Y10, Y0, Y0      // y, reduced where k = −1
	VMULPD  kq<>+288(SB), Y0, Y10  // hfx = 0.5·y
	VMULPD  Y10, Y0, Y11           // hxs = y·hfx
	VMULPD  kq<>+128(SB), Y11, Y13 // hxs·Q5
	VADDPD  kq<>+96(SB), Y13, Y13  // Q4 + …
	VMULPD  Y13, Y11, Y13
	VADDPD  kq<>+64(SB), Y13, Y13  // Q3 + …
	VMULPD  Y13, Y11, Y13
	VADDPD  kq<>+32(SB), Y13, Y13  // Q2 + …
	VMULPD  Y13, Y11, Y13
	VADDPD  kq<>+0(SB), Y13, Y13   // Q1 + …
	VMULPD  Y13, Y11, Y13
	VADDPD  kq<>+384(SB), Y13, Y13 // r1 = 1 + …
	VMULPD  Y10, Y13, Y7           // r1·hfx
	VMOVUPD kq<>+320(SB), Y8
	VSUBPD  Y7, Y8, Y7             // t = 3 − r1·hfx
	VSUBPD  Y7, Y13, Y13           // r1 − t
	VMULPD  Y7, Y0, Y7             // y·t
	VMOVUPD kq<>+352(SB), Y8
	VSUBPD  Y7, Y8, Y7             // 6 − y·t
	VDIVPD  Y7, Y13, Y13           // (r1 − t)/(6 − y·t)
	VMULPD  Y13, Y11, Y13          // e = hxs·(…)
	VMULPD  Y13, Y0, Y7            // y·e
	VSUBPD  Y11, Y7, Y7            // y·e − hxs
	VSUBPD  Y7, Y0, Y7             // k = 0: expm1 = y − (y·e − hxs)
	VSUBPD  Y1, Y13, Y13           // e − c
	VMULPD  Y13, Y0, Y13           // y·(e − c)
	VSUBPD  Y1, Y13, Y13           // − c
	VSUBPD  Y11, Y13, Y13          // e = … − hxs
	VSUBPD  Y13, Y0, Y13           // y − e
	VMULPD  kq<>+288(SB), Y13, Y13 // 0.5·(y − e)
	VSUBPD  kq<>+288(SB), Y13, Y13 // k = −1: expm1 = 0.5·(y − e) − 0.5
	VBLENDVPD Y9, Y13, Y7, Y7      // expm1(y)
	VXORPD  kq<>+416(SB), Y7, Y7   // −expm1(−x)
	VDIVPD  Y12, Y7, Y7            // φ = −expm1(−x)/x
	VBROADCASTSD kc<>+56(SB), Y8   // 0.25
	VCMPPD  $0x11, Y8, Y12, Y13    // x < 0.25
	VBLENDVPD Y13, Y14, Y7, Y14    // φ: the polynomial below 0.25
	VBROADCASTSD vSpike+208(FP), Y7
	// restore g0, g1 and G
	VMULPD  (R8)(AX*8), Y2, Y9
	VMULPD  (R9)(AX*8), Y3, Y10
	VADDPD  Y9, Y4, Y11
	VADDPD  Y10, Y11, Y11
	JMP     pe2Membrane

pe2Done:
	VZEROUPPER
	MOVQ AX, done+240(FP)
	MOVQ sp_base+120(FP), BX
	SUBQ BX, R11
	SHRQ $2, R11
	MOVQ R11, nsp+248(FP)
	RET

// kiota holds the lane numbers 0 … 7 as int32.
DATA kiota<>+0(SB)/4, $0
DATA kiota<>+4(SB)/4, $1
DATA kiota<>+8(SB)/4, $2
DATA kiota<>+12(SB)/4, $3
DATA kiota<>+16(SB)/4, $4
DATA kiota<>+20(SB)/4, $5
DATA kiota<>+24(SB)/4, $6
DATA kiota<>+28(SB)/4, $7
GLOBL kiota<>(SB), RODATA|NOPTR, $32

// P5SPIKES resets the cells of the block starting at cell B whose lanes
// are set in K7 (v ← vReset from Z19, ref ← refSteps from Y29) and appends
// their indices (base + B + lane) to the list at R11, packed (VPCOMPRESSD)
// but stored eight wide; T is a scratch register.
#define P5SPIKES(B, T) \
	VMOVUPD Z19, K7, (DI)(B*8); \
	VMOVDQU32 Y29, K7, (R10)(B*4); \
	MOVQ base+168(FP), T; \
	ADDQ B, T; \
	VPBROADCASTD T, Y0; \
	VPADDD Y20, Y0, Y0; \
	VPCOMPRESSD Y0, K7, Y0; \
	VMOVDQU32 Y0, (R11); \
	KMOVB K7, T; \
	POPCNTL T, T; \
	LEAQ (R11)(T*4), R11

// P5CURRENT sets Z0 to glEL + g0·e0 + g1·e1 + iext for the block at cell
// B (g0 in Z9, g1 in Z10), with labels LE0 and LIE. Bit 0 of skip (e0 = 0, and glEL is not −0)
// drops g0·e0 and bit 1 (every iext is 0) drops iext: adding a zero
// changes no sum that is not −0, and these sums cannot be. The branches go the same way for a whole call.
#define P5CURRENT(B, LE0, LIE) \
	VMOVAPD Z5, Z0; \
	TESTQ $1, skip+256(FP); \
	JNZ   LE0; \
	VMULPD Z16, Z9, Z0; \
	VADDPD Z0, Z5, Z0; \
LE0: \
	VMULPD Z17, Z10, Z1; \
	VADDPD Z1, Z0, Z0; \
	TESTQ $2, skip+256(FP); \
	JNZ   LIE; \
	VADDPD (SI)(B*8), Z0, Z0; \
LIE:

// func plainEIAVX512(v, iext, a0, a1 []float64, ref, sp, def []int32, base int, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset float64, refSteps, skip int) (done, nsp int)
//
// plainEIAVX2 for blocks of eight cells with AVX-512 masks, and without a
// branch on φ's form: a block's cells with x ≥ 0.25 (about 3 % of the
// cells of the COBA network) are left untouched and listed in def (cell
// index, lane bits); once the blocks are done, the listed cells are
// stepped with φ = −expm1(−x)/x (math.Expm1's operations, as in
// plainEIAVX2). Spike indices are written to sp, which needs room for
// eight beyond one per cell; those of listed cells come after the others
// (the caller restores the order). def needs room for two entries per
// block. Bit 2 of skip means forward Euler: φ = 1 for every cell, none
// listed, and no bound on x. It stops before a block in which a cell that is not refractory
// has x ≥ 1.5·ln 2 or a V that is not finite, and before the last cells
// (fewer than eight), and returns how many cells it did and how many
// spikes it wrote.
TEXT ·plainEIAVX512(SB), NOSPLIT, $0-280
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ iext_base+24(FP), SI
	MOVQ a0_base+48(FP), R8
	MOVQ a1_base+72(FP), R9
	MOVQ ref_base+96(FP), R10
	MOVQ sp_base+120(FP), R11 // next spike slot
	MOVQ def_base+144(FP), R12
	XORQ R13, R13             // listed blocks
	VBROADCASTSD d0+176(FP), Z2
	VBROADCASTSD d1+184(FP), Z3
	VBROADCASTSD gL+208(FP), Z4
	VBROADCASTSD glEL+216(FP), Z5
	VBROADCASTSD dtC+224(FP), Z6
	VBROADCASTSD vSpike+232(FP), Z7
	VBROADCASTSD kc<>+56(SB), Z8 // 0.25
	VBROADCASTSD e0+192(FP), Z16
	VBROADCASTSD e1+200(FP), Z17
	VBROADCASTSD kq<>+256(SB), Z18 // 1.5·ln 2
	VBROADCASTSD vReset+240(FP), Z19
	VMOVDQU32 kiota<>(SB), Y20      // 0, 1, … 7
	VBROADCASTSD kc<>+0(SB), Z22  // 1
	VBROADCASTSD kc<>+8(SB), Z23  // 1/2
	VBROADCASTSD kc<>+16(SB), Z24 // 1/6
	VBROADCASTSD kc<>+24(SB), Z25 // 1/24
	VBROADCASTSD kc<>+32(SB), Z26 // 1/120
	VBROADCASTSD kc<>+40(SB), Z27 // 1/720
	VBROADCASTSD kc<>+48(SB), Z28 // 1/5040
	MOVQ refSteps+248(FP), BX
	VPBROADCASTD BX, Y29
	VPTERNLOGD $0xff, Y21, Y21, Y21 // −1 in every lane
	XORQ AX, AX // cells done

p5Loop:
	LEAQ 8(AX), DX
	CMPQ DX, CX
	JGT  p5End
	VMOVDQU32 (R10)(AX*4), Y15
	VPTESTMD  Y15, Y15, K1          // refractory
	KNOTB     K1, K2                // free
	VMULPD  (R8)(AX*8), Z2, Z9      // g0 = a0·d0
	VMULPD  (R9)(AX*8), Z3, Z10     // g1 = a1·d1
	VADDPD  Z9, Z4, Z11             // gL + g0
	VADDPD  Z10, Z11, Z11           // G = … + g1
	TESTQ   $4, skip+256(FP)
	JZ      p5Phi
	KXORB   K4, K4, K4              // forward Euler: none listed,
	VMOVAPD Z22, Z14                // φ = 1
	JMP     p5Current

p5Phi:
	VMULPD  Z11, Z6, Z12            // x = dtC·G
	VCMPPD  $0x11, Z18, Z12, K2, K3 // free and x < 1.5·ln 2
	KXORB   K3, K2, K3
	KORTESTB K3, K3                 // a free cell beyond
	JNZ     p5End
	VCMPPD  $0x1d, Z8, Z12, K2, K4  // free and x ≥ 0.25: listed
	// φ(x) = (1 − x/2) + x²·((1/6 − x/24) + x²·((1/120 − x/720) + x²/5040))
	VMULPD  Z12, Z12, Z13           // x²
	VMULPD  Z28, Z13, Z14           // x²/5040
	VMULPD  Z27, Z12, Z0            // x/720
	VSUBPD  Z0, Z26, Z0             // 1/120 − x/720
	VADDPD  Z14, Z0, Z0             // + x²/5040
	VMULPD  Z0, Z13, Z0             // x²·(…)
	VMULPD  Z25, Z12, Z14           // x/24
	VSUBPD  Z14, Z24, Z14           // 1/6 − x/24
	VADDPD  Z0, Z14, Z14            // + …
	VMULPD  Z14, Z13, Z14           // x²·(…)
	VMULPD  Z23, Z12, Z0            // x/2
	VSUBPD  Z0, Z22, Z0             // 1 − x/2
	VADDPD  Z14, Z0, Z14            // φ

p5Current:
	// I = glEL + g0·e0 + g1·e1 + iext − G·v
	P5CURRENT(AX, p5ae0, p5aie)
	VMOVUPD (DI)(AX*8), Z13         // v
	VMULPD  Z13, Z11, Z1            // G·v
	VSUBPD  Z1, Z0, Z0              // I − G·v
	VMULPD  Z14, Z6, Z14            // dtC·φ
	VMULPD  Z0, Z14, Z14            // dtC·φ·(…)
	VADDPD  Z14, Z13, Z14           // v + …
	VSUBPD  Z14, Z14, Z0            // v − v
	VPXORQ  Z1, Z1, Z1
	VCMPPD  $0x04, Z1, Z0, K2, K3   // free and not finite
	KORTESTB K3, K3
	JNZ     p5End
	KNOTB   K4, K5                  // not listed
	VMOVUPD Z9, K5, (R8)(AX*8)
	VMOVUPD Z10, K5, (R9)(AX*8)
	KANDNB  K2, K4, K6              // free and not listed
	VMOVUPD Z14, K6, (DI)(AX*8)
	VPADDD  Y21, Y15, K1, Y15       // ref − 1 where refractory
	VMOVDQU32 Y15, (R10)(AX*4)
	KMOVB   K4, BX                  // list the block (no branch)
	MOVL    AX, (R12)(R13*8)
	MOVL    BX, 4(R12)(R13*8)
	NEGL    BX                      // CF = some cell listed
	ADCQ    $0, R13
	VCMPPD  $0x1d, Z7, Z14, K6, K7  // v ≥ vSpike
	KORTESTB K7, K7
	JNZ     p5Spikes
	MOVQ    DX, AX
	JMP     p5Loop

p5Spikes:
	P5SPIKES(AX, BX)
	MOVQ    DX, AX
	JMP     p5Loop

p5End:
	MOVQ AX, done+264(FP)
	XORQ AX, AX

p5List:
	CMPQ AX, R13
	JGE  p5Ret
	MOVL (R12)(AX*8), BX            // block
	MOVL 4(R12)(AX*8), DX
	KMOVB DX, K4                    // listed cells
	VMULPD  (R8)(BX*8), Z2, Z9      // g0
	VMULPD  (R9)(BX*8), Z3, Z10     // g1
	VADDPD  Z9, Z4, Z11
	VADDPD  Z10, Z11, Z11           // G
	VMULPD  Z11, Z6, Z12            // x
	// φ = −expm1(−x)/x by math.Expm1's operations (see plainEIAVX2)
	VXORPD.BCST kq<>+416(SB), Z12, Z0  // y = −x
	VADDPD.BCST kq<>+160(SB), Z0, Z1   // hi = y + Ln2Hi
	VSUBPD.BCST kq<>+192(SB), Z1, Z10  // y1 = hi − lo, lo = −Ln2Lo (Z10 restored below)
	VSUBPD  Z10, Z1, Z1                // hi − y1
	VSUBPD.BCST kq<>+192(SB), Z1, Z1   // c = (hi − y1) − lo
	VCMPPD.BCST $0x1e, kq<>+224(SB), Z12, K5 // k = −1: |y| > ln2/2
	VMOVAPD Z10, K5, Z0                // y, reduced where k = −1
	VMULPD.BCST kq<>+288(SB), Z0, Z10  // hfx = 0.5·y
	VMULPD  Z10, Z0, Z11               // hxs = y·hfx
	VMULPD.BCST kq<>+128(SB), Z11, Z13 // hxs·Q5
	VADDPD.BCST kq<>+96(SB), Z13, Z13  // Q4 + …
	VMULPD  Z13, Z11, Z13
	VADDPD.BCST kq<>+64(SB), Z13, Z13  // Q3 + …
	VMULPD  Z13, Z11, Z13
	VADDPD.BCST kq<>+32(SB), Z13, Z13  // Q2 + …
	VMULPD  Z13, Z11, Z13
	VADDPD.BCST kq<>+0(SB), Z13, Z13   // Q1 + …
	VMULPD  Z13, Z11, Z13
	VADDPD  Z22, Z13, Z13              // r1 = 1 + …
	VMULPD  Z10, Z13, Z14              // r1·hfx
	VBROADCASTSD kq<>+320(SB), Z15
	VSUBPD  Z14, Z15, Z14              // t = 3 − r1·hfx
	VSUBPD  Z14, Z13, Z13              // r1 − t
	VMULPD  Z14, Z0, Z14               // y·t
	VBROADCASTSD kq<>+352(SB), Z15
	VSUBPD  Z14, Z15, Z14              // 6 − y·t
	VDIVPD  Z14, Z13, Z13              // (r1 − t)/(6 − y·t)
	VMULPD  Z13, Z11, Z13              // e = hxs·(…)
	VMULPD  Z13, Z0, Z14               // y·e
	VSUBPD  Z11, Z14, Z14              // y·e − hxs
	VSUBPD  Z14, Z0, Z14               // k = 0: expm1 = y − (y·e − hxs)
	VSUBPD  Z1, Z13, Z13               // e − c
	VMULPD  Z13, Z0, Z13               // y·(e − c)
	VSUBPD  Z1, Z13, Z13               // − c
	VSUBPD  Z11, Z13, Z13              // e = … − hxs
	VSUBPD  Z13, Z0, Z13               // y − e
	VMULPD  Z23, Z13, Z13              // 0.5·(y − e)
	VSUBPD  Z23, Z13, Z13              // k = −1: expm1 = 0.5·(y − e) − 0.5
	VMOVAPD Z13, K5, Z14               // expm1(y)
	VXORPD.BCST kq<>+416(SB), Z14, Z14 // −expm1(−x)
	VDIVPD  Z12, Z14, Z14              // φ = −expm1(−x)/x
	VMULPD  (R9)(BX*8), Z3, Z10        // g1 again
	VMULPD  (R8)(BX*8), Z2, Z9         // g0 again
	VADDPD  Z9, Z4, Z11
	VADDPD  Z10, Z11, Z11              // G again
	// I and v as in the loop above
	P5CURRENT(BX, p5be0, p5bie)
	VMOVUPD (DI)(BX*8), Z13
	VMULPD  Z13, Z11, Z1
	VSUBPD  Z1, Z0, Z0
	VMULPD  Z14, Z6, Z14
	VMULPD  Z0, Z14, Z14
	VADDPD  Z14, Z13, Z14
	VMOVUPD Z9, K4, (R8)(BX*8)
	VMOVUPD Z10, K4, (R9)(BX*8)
	VMOVUPD Z14, K4, (DI)(BX*8)
	VCMPPD  $0x1d, Z7, Z14, K4, K7     // v ≥ vSpike
	KORTESTB K7, K7
	JZ      p5Next
	P5SPIKES(BX, DX)

p5Next:
	INCQ AX
	JMP  p5List

p5Ret:
	MOVQ sp_base+120(FP), BX
	SUBQ BX, R11
	SHRQ $2, R11
	MOVQ R11, nsp+272(FP)
	VZEROUPPER
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
