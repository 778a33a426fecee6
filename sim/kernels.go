package sim

// The hot loops of a Group's step (group.go) hand whole blocks of four
// cells to vector kernels where the processor has them (kernels_amd64.s,
// AVX2) and do the rest themselves: the last cells, and any block a kernel
// refuses because one of its cells needs the loop's other branch (a
// refractory or spiking cell, a value outside a polynomial's range). A
// kernel computes exactly what the loop would, operation for operation,
// so results are the same bit for bit with or without it
// (TestKernelsMatchGo). Each kernel function returns how many cells it
// did; without kernels it does none.

// kernelLeft returns the end of the cells a Go loop does after a kernel
// stopped at cell i of n: the block of four the kernel refused, or all the
// rest without the kernels.
func kernelLeft(i, n int) int {
	if !haveKernels {
		return n
	}
	return min(i+4, n)
}

// plainEISlack is the room beyond one per cell that plainEIKernel needs in
// its spike list (a vector kernel stores eight indices at a time).
const plainEISlack = 8

// plainEIDefLen is the scratch room plainEIKernel needs for n cells.
func plainEIDefLen(n int) int { return 2 * (n/8 + 1) }
