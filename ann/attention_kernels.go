package ann

// Helpers of attention.go: the inner loops of attention, done by the AVX2
// kernels of attention_amd64.s when haveGemmKernels is set and by the Go
// loops below otherwise. Both sum every element in the same order with a
// separate multiply and add (the float64 conversions forbid a fused
// multiply-add), so they give the same bits.

// dotsT sets out[j] = Σ_c q[c]·kT[c·ldk + j] for j < n, each summed from 0
// in order of c: the dot products of q with n vectors stored transposed.
func dotsT(q, kT []float64, ldk, n int, out []float64) {
	n4 := 0
	if haveGemmKernels && n >= 4 {
		n4 = n &^ 3
		attnScores(n4, len(q), &q[0], &kT[0], ldk, &out[0])
	}
	for j := n4; j < n; j++ {
		s := 0.0
		for c, qv := range q {
			s += float64(qv * kT[c*ldk+j])
		}
		out[j] = s
	}
}

// weightedSum adds Σ_j p[j]·v[j·ldv : j·ldv+len(o)] to o, each element
// summed in order of j.
func weightedSum(p, v []float64, ldv int, o []float64) {
	n, dh := len(p), len(o)
	if n == 0 {
		return
	}
	c := 0
	if haveGemmKernels {
		for ; c+32 <= dh; c += 32 {
			attnWeighted32(n, &p[0], &v[c], ldv, &o[c])
		}
		for ; c+16 <= dh; c += 16 {
			attnWeighted16(n, &p[0], &v[c], ldv, &o[c])
		}
		for ; c+4 <= dh; c += 4 {
			attnWeighted4(n, &p[0], &v[c], ldv, &o[c])
		}
	}
	if c == dh {
		return
	}
	for j, pj := range p {
		vr := v[j*ldv+c : j*ldv+dh]
		for k, x := range vr {
			o[c+k] += float64(pj * x)
		}
	}
}

// axpyRows adds p[j]·x to y[j·ldy : j·ldy+len(x)] for every j < len(p).
func axpyRows(p, x, y []float64, ldy int) {
	n, dh := len(p), len(x)
	if n == 0 {
		return
	}
	c := 0
	if haveGemmKernels {
		for ; c+32 <= dh; c += 32 {
			attnAxpyRows32(n, &p[0], &x[c], &y[c], ldy)
		}
		for ; c+16 <= dh; c += 16 {
			attnAxpyRows16(n, &p[0], &x[c], &y[c], ldy)
		}
		for ; c+4 <= dh; c += 4 {
			attnAxpyRows4(n, &p[0], &x[c], &y[c], ldy)
		}
	}
	if c == dh {
		return
	}
	for j, pj := range p {
		yr := y[j*ldy+c : j*ldy+dh]
		for k, xv := range x[c:] {
			yr[k] += float64(pj * xv)
		}
	}
}

// transposeHead writes the columns off … off+dh−1 of rows 0 … t−1 of m
// (row stride ld) into dst as dh rows of t: dst[c·t + j] = m[j·ld + off + c].
func transposeHead(m []float64, ld, off, dh, t int, dst []float64) {
	for j := range t {
		row := m[j*ld+off : j*ld+off+dh]
		for c, v := range row {
			dst[c*t+j] = v
		}
	}
}
