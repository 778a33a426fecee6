package sim

import (
	"math"
	"slices"

	"golang.org/x/sys/cpu"
)

// haveKernels reports whether the AVX2 kernels (kernels_amd64.s) run: on
// an x86-64 processor with AVX2. Tests switch it off to compare.
var haveKernels = cpu.X86.HasAVX2

// haveAVX512 reports whether the kernels that have an AVX-512 form use it
// (with AVX-512 F, VL and DQ, and POPCNT). Tests switch it off to compare.
var haveAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL && cpu.X86.HasAVX512DQ && cpu.X86.HasPOPCNT

// Each kernel below is declared next to the function group.go calls,
// which checks haveKernels and hands the kernel slices of equal length.

//go:noescape
func phiStepAVX2(k, g []float64, dtC, gL float64) int

// phiStepKernel does what it can of stepFull's first loop.
func phiStepKernel(k, g []float64, dtC, gL float64) int {
	if !haveKernels {
		return 0
	}
	return phiStepAVX2(k, g[:len(k)], dtC, gL)
}

//go:noescape
func adexSpikeAVX2(s, v []float64, vt, dT, gLdT float64, tab *float64) int

// adexSpikeKernel does what it can of stepFull's second loop.
func adexSpikeKernel(s, v []float64, vt, dT, gLdT float64) int {
	if !haveKernels {
		return 0
	}
	return adexSpikeAVX2(s, v[:len(s)], vt, dT, gLdT, &expTab[0])
}

//go:noescape
func membraneAVX2(v, w, iext, gs, ges, is, k, sp []float64, ref []int32, gL, glEL, el, aw, decW, vSpike float64, adapt, adex bool) int

// membraneKernel does what it can of stepFull's membrane update; sp is
// nil for cells without the AdEx term.
func membraneKernel(v, w, iext, gs, ges, is, k, sp []float64, ref []int32, gL, glEL, el, aw, decW, vSpike float64, adapt bool) int {
	if !haveKernels {
		return 0
	}
	n := len(v)
	adex := sp != nil
	if !adex {
		sp = v // not read
	}
	return membraneAVX2(v, w[:n], iext[:n], gs[:n], ges[:n], is[:n], k[:n], sp[:n], ref[:n], gL, glEL, el, aw, decW, vSpike, adapt, adex)
}

//go:noescape
func plainEIAVX2(v, iext, a0, a1 []float64, ref, sp []int32, base int, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset float64, refSteps, euler int) (done, nsp int)

//go:noescape
func plainEIAVX512(v, iext, a0, a1 []float64, ref, sp, def []int32, base int, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset float64, refSteps, skip int) (done, nsp int)

// plainEIKernel does what it can of stepPlainEI, refractory cells
// included, writing the indices (base + i) of the cells that spiked to sp
// (ascending), which must have room for plainEISlack beyond one per cell;
// def is scratch room for plainEIDefLen(len(v)) entries. noIext says that
// every iext is 0; euler, that φ = 1 (Config.Method Euler). It returns how
// many cells it did and how many spikes it wrote.
func plainEIKernel(v, iext, a0, a1 []float64, ref, sp, def []int32, base int, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset float64, refSteps int32, noIext, euler bool) (done, nsp int) {
	if !haveKernels {
		return 0, 0
	}
	n := len(v)
	eu := 0
	if euler {
		eu = 1
	}
	if haveAVX512 && n >= 8 {
		// Terms that are exactly 0 may be left out of glEL + g0·e0 + g1·e1
		// + iext unless glEL is −0 (the only way the sum could be −0).
		skip := 0
		if !(glEL == 0 && math.Signbit(glEL)) {
			if e0 == 0 {
				skip |= 1
			}
			if noIext {
				skip |= 2
			}
		}
		skip |= eu << 2
		done, nsp = plainEIAVX512(v, iext[:n], a0[:n], a1[:n], ref[:n], sp[:n+plainEISlack], def[:plainEIDefLen(n)], base,
			d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset, int(refSteps), skip)
		if s := sp[:nsp]; !slices.IsSorted(s) {
			slices.Sort(s) // spikes of cells with x ≥ 0.25 came last
		}
		if done > 0 {
			return done, nsp
		}
	}
	return plainEIAVX2(v, iext[:n], a0[:n], a1[:n], ref[:n], sp[:n], base, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset, int(refSteps), eu)
}

//go:noescape
func cond2AVX2(a, b, gs, ges, lfp, v []float64, da, db, e float64, withLFP bool) int

// cond2Kernel does the whole blocks of four of a rise-and-decay
// conductance's receptorPass, adding to lfp too when it is not nil.
func cond2Kernel(a, b, gs, ges, lfp, v []float64, da, db, e float64) int {
	if !haveKernels {
		return 0
	}
	n := len(a)
	withLFP := lfp != nil
	if !withLFP {
		lfp, v = a, a // not read
	}
	return cond2AVX2(a, b[:n], gs[:n], ges[:n], lfp[:n], v[:n], da, db, e, withLFP)
}

//go:noescape
func decaySumAVX2(a, s []float64, da float64) int

// decaySumKernel does the whole blocks of four of a single-exponential
// current's receptorPass.
func decaySumKernel(a, s []float64, da float64) int {
	if !haveKernels {
		return 0
	}
	return decaySumAVX2(a, s[:len(a)], da)
}

//go:noescape
func scaleAVX2(x []float64, f float64) int

// scaleKernel does the whole blocks of four of decayInto.
func scaleKernel(x []float64, f float64) int {
	if !haveKernels {
		return 0
	}
	return scaleAVX2(x, f)
}
