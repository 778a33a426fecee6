package ann

import "golang.org/x/sys/cpu"

// haveNMDAKernel reports whether the AVX2 kernel of nmda_amd64.s runs: on
// a processor with AVX2 and FMA, where math.Exp takes its FMA path, which
// the kernel repeats. Tests switch it off to compare.
var haveNMDAKernel = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func nmdaGateAVX2(u, s, out []float64, beta, lnA float64) int
