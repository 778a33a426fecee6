package ann

// linearForward computes the affine map Y = X·W + b for the N rows of x
// (width in), W being in×out and b of length out, into y (N×out). It
// returns the FLOPs done: 2·N·in·out (the bias is the initial value of
// the accumulation and costs no extra operation).
func linearForward(x []float64, w, b []float64, in, out int, y []float64) int64 {
	n := len(x) / in
	for r := 0; r < n; r++ {
		copy(y[r*out:(r+1)*out], b)
	}
	return gemm(false, false, n, out, in, 1, x, in, w, out, 1, y, out)
}

// linearBackward back-propagates dy (N×out) through Y = X·W + b: it adds
// Xᵀ·dY to dw, the column sums of dY to db and, if dx is not nil, sets
// dx = dY·Wᵀ. It returns the FLOPs done.
func linearBackward(x, w, dy []float64, in, out int, dx, dw, db []float64) int64 {
	n := len(dy) / out
	var f int64
	f += gemm(true, false, in, out, n, 1, x, in, dy, out, 1, dw, out)
	for r := 0; r < n; r++ {
		row := dy[r*out : (r+1)*out]
		for j, v := range row {
			db[j] += v
		}
	}
	f += int64(n) * int64(out)
	if dx != nil {
		f += gemm(false, true, n, in, out, 1, dy, out, w, out, 0, dx, in)
	}
	return f
}
