//go:build !amd64

package sim

// haveKernels is false: there are no vector kernels for this processor,
// and the Go loops do every cell.
var haveKernels = false

// haveAVX512 is false, as haveKernels.
var haveAVX512 = false

func phiStepKernel(k, g []float64, dtC, gL float64) int { return 0 }

func adexSpikeKernel(s, v []float64, vt, dT, gLdT float64) int { return 0 }

func cond2Kernel(a, b, gs, ges, lfp, v []float64, da, db, e float64) int { return 0 }

func decaySumKernel(a, s []float64, da float64) int { return 0 }

func membraneKernel(v, w, iext, gs, ges, is, k, sp []float64, ref []int32, gL, glEL, el, aw, decW, vSpike float64, adapt bool) int {
	return 0
}

func plainEIKernel(v, iext, a0, a1 []float64, ref, sp, def []int32, base int, d0, d1, e0, e1, gL, glEL, dtC, vSpike, vReset float64, refSteps int32, noIext, euler bool) (done, nsp int) {
	return 0, 0
}

func scaleKernel(x []float64, f float64) int { return 0 }
