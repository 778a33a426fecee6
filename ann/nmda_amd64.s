#include "textflag.h"

// The NMDA gate of nmda.go, four elements per instruction (AVX2 and FMA).
// The exponential is that of Go's math.Exp on amd64 with FMA (Shibata
// 2010, as in math/exp_amd64.s: the same constants and the same operations
// in the same order), so every element is bit for bit what the Go loop
// gives; nmda_test.go checks this. Blocks whose exponential would leave the
// normal range (or whose input is not finite) are left to the Go loop.

DATA nmdak<>+0(SB)/8, $1.4426950408889634073599246810018920
DATA nmdak<>+8(SB)/8, $1.4426950408889634073599246810018920
DATA nmdak<>+16(SB)/8, $1.4426950408889634073599246810018920
DATA nmdak<>+24(SB)/8, $1.4426950408889634073599246810018920
DATA nmdak<>+32(SB)/8, $0.69314718055966295651160180568695068359375
DATA nmdak<>+40(SB)/8, $0.69314718055966295651160180568695068359375
DATA nmdak<>+48(SB)/8, $0.69314718055966295651160180568695068359375
DATA nmdak<>+56(SB)/8, $0.69314718055966295651160180568695068359375
DATA nmdak<>+64(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA nmdak<>+72(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA nmdak<>+80(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA nmdak<>+88(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA nmdak<>+96(SB)/8, $0.0625
DATA nmdak<>+104(SB)/8, $0.0625
DATA nmdak<>+112(SB)/8, $0.0625
DATA nmdak<>+120(SB)/8, $0.0625
DATA nmdak<>+128(SB)/8, $2.4801587301587301587e-5
DATA nmdak<>+136(SB)/8, $2.4801587301587301587e-5
DATA nmdak<>+144(SB)/8, $2.4801587301587301587e-5
DATA nmdak<>+152(SB)/8, $2.4801587301587301587e-5
DATA nmdak<>+160(SB)/8, $1.9841269841269841270e-4
DATA nmdak<>+168(SB)/8, $1.9841269841269841270e-4
DATA nmdak<>+176(SB)/8, $1.9841269841269841270e-4
DATA nmdak<>+184(SB)/8, $1.9841269841269841270e-4
DATA nmdak<>+192(SB)/8, $1.3888888888888888889e-3
DATA nmdak<>+200(SB)/8, $1.3888888888888888889e-3
DATA nmdak<>+208(SB)/8, $1.3888888888888888889e-3
DATA nmdak<>+216(SB)/8, $1.3888888888888888889e-3
DATA nmdak<>+224(SB)/8, $8.3333333333333333333e-3
DATA nmdak<>+232(SB)/8, $8.3333333333333333333e-3
DATA nmdak<>+240(SB)/8, $8.3333333333333333333e-3
DATA nmdak<>+248(SB)/8, $8.3333333333333333333e-3
DATA nmdak<>+256(SB)/8, $4.1666666666666666667e-2
DATA nmdak<>+264(SB)/8, $4.1666666666666666667e-2
DATA nmdak<>+272(SB)/8, $4.1666666666666666667e-2
DATA nmdak<>+280(SB)/8, $4.1666666666666666667e-2
DATA nmdak<>+288(SB)/8, $1.6666666666666666667e-1
DATA nmdak<>+296(SB)/8, $1.6666666666666666667e-1
DATA nmdak<>+304(SB)/8, $1.6666666666666666667e-1
DATA nmdak<>+312(SB)/8, $1.6666666666666666667e-1
DATA nmdak<>+320(SB)/8, $0.5
DATA nmdak<>+328(SB)/8, $0.5
DATA nmdak<>+336(SB)/8, $0.5
DATA nmdak<>+344(SB)/8, $0.5
DATA nmdak<>+352(SB)/8, $1.0
DATA nmdak<>+360(SB)/8, $1.0
DATA nmdak<>+368(SB)/8, $1.0
DATA nmdak<>+376(SB)/8, $1.0
DATA nmdak<>+384(SB)/8, $2.0
DATA nmdak<>+392(SB)/8, $2.0
DATA nmdak<>+400(SB)/8, $2.0
DATA nmdak<>+408(SB)/8, $2.0
DATA nmdak<>+416(SB)/8, $0x8000000000000000
DATA nmdak<>+424(SB)/8, $0x8000000000000000
DATA nmdak<>+432(SB)/8, $0x8000000000000000
DATA nmdak<>+440(SB)/8, $0x8000000000000000
DATA nmdak<>+448(SB)/4, $1023
DATA nmdak<>+452(SB)/4, $1023
DATA nmdak<>+456(SB)/4, $1023
DATA nmdak<>+460(SB)/4, $1023
GLOBL nmdak<>(SB), RODATA|NOPTR, $464

// func nmdaGateAVX2(u, s, out []float64, beta, lnA float64) int
//
// From element 0 in blocks of four: z = β·u − ln α, the gate
// g = 1/(1 + e^(−z)) for z ≥ 0 and e^z/(1 + e^z) otherwise (that is,
// e = exp(−|z|), g = (z ≥ 0 ? 1 : e)/(1 + e)), s = g, out = u·g. It stops
// before the first block that needs the Go loop (an exponent below the
// normal range, or an input that is not finite) and returns how many
// elements it did (a multiple of 4).
TEXT ·nmdaGateAVX2(SB), NOSPLIT, $0-96
	MOVQ         u_base+0(FP), SI
	MOVQ         u_len+8(FP), CX
	MOVQ         s_base+24(FP), DI
	MOVQ         out_base+48(FP), DX
	VBROADCASTSD beta+72(FP), Y14
	VBROADCASTSD lnA+80(FP), Y15
	XORQ         AX, AX
	VPXOR        X13, X13, X13

gateLoop:
	LEAQ 4(AX), BX
	CMPQ BX, CX
	JGT  gateDone

	VMOVUPD (SI)(AX*8), Y7
	VMULPD  Y14, Y7, Y8
	VSUBPD  Y15, Y8, Y8
	VORPD   nmdak<>+416(SB), Y8, Y0

	// e = exp(Y0), as math.Exp
	VMULPD       nmdak<>+0(SB), Y0, Y1
	VCVTPD2DQY   Y1, X5
	VPADDD       nmdak<>+448(SB), X5, X6
	VPCMPGTD     X13, X6, X4
	VMOVMSKPS    X4, BX
	CMPQ         BX, $15
	JNE          gateDone
	VCVTDQ2PD    X5, Y1
	VFNMADD231PD nmdak<>+32(SB), Y1, Y0
	VFNMADD231PD nmdak<>+64(SB), Y1, Y0
	VMULPD       nmdak<>+96(SB), Y0, Y0
	VMOVUPD      nmdak<>+128(SB), Y1
	VFMADD213PD  nmdak<>+160(SB), Y0, Y1
	VFMADD213PD  nmdak<>+192(SB), Y0, Y1
	VFMADD213PD  nmdak<>+224(SB), Y0, Y1
	VFMADD213PD  nmdak<>+256(SB), Y0, Y1
	VFMADD213PD  nmdak<>+288(SB), Y0, Y1
	VFMADD213PD  nmdak<>+320(SB), Y0, Y1
	VFMADD213PD  nmdak<>+352(SB), Y0, Y1
	VMULPD       Y1, Y0, Y0
	VADDPD       nmdak<>+384(SB), Y0, Y1
	VMULPD       Y1, Y0, Y0
	VADDPD       nmdak<>+384(SB), Y0, Y1
	VMULPD       Y1, Y0, Y0
	VADDPD       nmdak<>+384(SB), Y0, Y1
	VMULPD       Y1, Y0, Y0
	VADDPD       nmdak<>+384(SB), Y0, Y1
	VFMADD213PD  nmdak<>+352(SB), Y1, Y0
	VPMOVSXDQ    X6, Y6
	VPSLLQ       $52, Y6, Y6
	VMULPD       Y6, Y0, Y0

	// g = (z ≥ 0 ? 1 : e)/(1 + e); s = g; out = u·g
	VXORPD    Y9, Y9, Y9
	VCMPPD    $0x1d, Y9, Y8, Y9
	VMOVUPD   nmdak<>+352(SB), Y10
	VADDPD    Y10, Y0, Y11
	VBLENDVPD Y9, Y10, Y0, Y12
	VDIVPD    Y11, Y12, Y12
	VMOVUPD   Y12, (DI)(AX*8)
	VMULPD    Y12, Y7, Y12
	VMOVUPD   Y12, (DX)(AX*8)
	ADDQ      $4, AX
	JMP       gateLoop

gateDone:
	MOVQ AX, ret+88(FP)
	VZEROUPPER
	RET
