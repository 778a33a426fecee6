package ann

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAttentionMatchesReference checks that attention, with the AVX2
// kernels and with the Go loops, gives bit for bit what the plain loops
// below give (the implementation before the kernels, kept here as the
// reference), forward and backward, for head widths that exercise every
// kernel width and the scalar remainders, and sequence lengths around the
// kernels' blocks of 4 and 16 keys.
func TestAttentionMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	old := haveGemmKernels
	defer func() { haveGemmKernels = old }()
	for _, c := range []struct{ heads, d int }{{2, 64}, {2, 32}, {1, 8}, {3, 18}, {2, 72}, {4, 16}} {
		off := []int{0, 1, 4, 21, 38, 54, 57, 86}
		ctx := 40
		sh := attnShape{off: off, heads: c.heads, d: c.d, ctx: ctx}
		n := off[len(off)-1]
		qkv := randSlice(rng, n*3*c.d, 1)
		rel := randSlice(rng, c.heads*ctx, 0.5)
		dout := randSlice(rng, n*c.d, 1)
		np := sh.probOffsets()[len(off)-1]
		run := func(fwd func(attnShape, []float64, []float64, []float64, []float64) int64,
			bwd func(attnShape, []float64, []float64, []float64, []float64, []float64) int64) (out, dqkv, drel []float64, f int64) {
			probs := make([]float64, np)
			out = make([]float64, n*c.d)
			f = fwd(sh, qkv, rel, probs, out)
			dqkv = make([]float64, n*3*c.d)
			drel = make([]float64, len(rel))
			f += bwd(sh, qkv, probs, dout, dqkv, drel)
			return out, dqkv, drel, f
		}
		ro, rq, rr, rf := run(attentionForwardRef, attentionBackwardRef)
		for _, kern := range []bool{false, true} {
			haveGemmKernels = kern && old
			o, q, r, f := run(attentionForward, attentionBackward)
			if f != rf {
				t.Errorf("heads %d, d %d, kernels %v: %d FLOPs, reference %d", c.heads, c.d, haveGemmKernels, f, rf)
			}
			for name, pair := range map[string][2][]float64{"output": {o, ro}, "dqkv": {q, rq}, "drel": {r, rr}} {
				for i := range pair[1] {
					if math.Float64bits(pair[0][i]) != math.Float64bits(pair[1][i]) {
						t.Fatalf("heads %d, d %d, kernels %v: %s[%d] = %v, reference %v", c.heads, c.d, haveGemmKernels, name, i, pair[0][i], pair[1][i])
					}
				}
			}
		}
	}
}

// attentionForwardRef and attentionBackwardRef are the plain loops of
// attention before the kernels (the same equations, see attentionForward
// and attentionBackward).
func attentionForwardRef(sh attnShape, qkv, rel, probs, out []float64) int64 {
	d, h := sh.d, sh.heads
	dh := d / h
	scale := 1 / math.Sqrt(float64(dh))
	po := sh.probOffsets()
	return forEachSeq(len(sh.off)-1, func(_, s int) int64 {
		r0, t := sh.off[s], sh.off[s+1]-sh.off[s]
		var f int64
		for hd := 0; hd < h; hd++ {
			p := probs[po[s]+hd*t*t : po[s]+(hd+1)*t*t]
			r := rel[hd*sh.ctx : (hd+1)*sh.ctx]
			for i := 0; i < t; i++ {
				q := qkv[(r0+i)*3*d+hd*dh : (r0+i)*3*d+(hd+1)*dh]
				pi := p[i*t : (i+1)*t]
				mx := math.Inf(-1)
				for j := 0; j <= i; j++ {
					k := qkv[(r0+j)*3*d+d+hd*dh : (r0+j)*3*d+d+(hd+1)*dh]
					sc := 0.0
					for c, qv := range q {
						sc += qv * k[c]
					}
					sc = sc*scale + r[i-j]
					pi[j] = sc
					if sc > mx {
						mx = sc
					}
				}
				sum := 0.0
				for j := 0; j <= i; j++ {
					e := math.Exp(pi[j] - mx)
					pi[j] = e
					sum += e
				}
				inv := 1 / sum
				for j := 0; j <= i; j++ {
					pi[j] *= inv
				}
				for j := i + 1; j < t; j++ {
					pi[j] = 0
				}
				o := out[(r0+i)*d+hd*dh : (r0+i)*d+(hd+1)*dh]
				for c := range o {
					o[c] = 0
				}
				for j := 0; j <= i; j++ {
					v := qkv[(r0+j)*3*d+2*d+hd*dh : (r0+j)*3*d+2*d+(hd+1)*dh]
					pj := pi[j]
					for c := range o {
						o[c] += pj * v[c]
					}
				}
				// (i+1) keys: 2dₕ+2 (score, scale, bias), 3 (subtract,
				// exp, add), 1 (normalise), 2dₕ (weighted sum); plus 1
				// (1/sum).
				f += int64(i+1)*int64(4*dh+6) + 1
			}
		}
		return f
	})
}

func attentionBackwardRef(sh attnShape, qkv, probs, dout, dqkv, drel []float64) int64 {
	d, h := sh.d, sh.heads
	dh := d / h
	scale := 1 / math.Sqrt(float64(dh))
	po := sh.probOffsets()
	var bufs [attentionWorkers][]float64
	for w := range bufs {
		bufs[w] = make([]float64, len(drel))
	}
	f := forEachSeq(len(sh.off)-1, func(w, s int) int64 {
		dr := bufs[w]
		r0, t := sh.off[s], sh.off[s+1]-sh.off[s]
		for r := r0; r < r0+t; r++ {
			row := dqkv[r*3*d : (r+1)*3*d]
			for c := range row {
				row[c] = 0
			}
		}
		dp := make([]float64, t)
		var f int64
		for hd := 0; hd < h; hd++ {
			p := probs[po[s]+hd*t*t : po[s]+(hd+1)*t*t]
			dri := dr[hd*sh.ctx : (hd+1)*sh.ctx]
			for i := 0; i < t; i++ {
				pi := p[i*t : (i+1)*t]
				do := dout[(r0+i)*d+hd*dh : (r0+i)*d+(hd+1)*dh]
				dot := 0.0
				for j := 0; j <= i; j++ {
					v := qkv[(r0+j)*3*d+2*d+hd*dh : (r0+j)*3*d+2*d+(hd+1)*dh]
					dv := dqkv[(r0+j)*3*d+2*d+hd*dh : (r0+j)*3*d+2*d+(hd+1)*dh]
					pj := pi[j]
					g := 0.0
					for c, x := range do {
						g += x * v[c]
						dv[c] += pj * x
					}
					dp[j] = g
					dot += pj * g
				}
				q := qkv[(r0+i)*3*d+hd*dh : (r0+i)*3*d+(hd+1)*dh]
				dq := dqkv[(r0+i)*3*d+hd*dh : (r0+i)*3*d+(hd+1)*dh]
				for j := 0; j <= i; j++ {
					g := pi[j] * (dp[j] - dot)
					dri[i-j] += g
					ds := g * scale
					k := qkv[(r0+j)*3*d+d+hd*dh : (r0+j)*3*d+d+(hd+1)*dh]
					dk := dqkv[(r0+j)*3*d+d+hd*dh : (r0+j)*3*d+d+(hd+1)*dh]
					for c := range dq {
						dq[c] += ds * k[c]
						dk[c] += ds * q[c]
					}
				}
				// (i+1) keys: 4dₕ (dP, dv) + 2 (Σ P·dP), 2 (dS),
				// 1 (dr), 1 (scale), 4dₕ (dq, dk).
				f += int64(i+1) * int64(8*dh+6)
			}
		}
		return f
	})
	for _, b := range bufs {
		f += addInto(drel, b)
	}
	return f
}
