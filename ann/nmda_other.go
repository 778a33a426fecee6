//go:build !amd64

package ann

// haveNMDAKernel is false: the NMDA gate is computed by the Go loop.
var haveNMDAKernel = false

func nmdaGateAVX2(u, s, out []float64, beta, lnA float64) int { return 0 }
