package ann

import (
	"math"
	"sync"
)

// attnShape describes a batch of sequences laid out row after row: sequence
// s occupies rows off[s] … off[s+1]−1.
type attnShape struct {
	off   []int // row offsets, len = sequences+1
	heads int
	d     int // model width; a head has d/heads dimensions
	ctx   int // distances of the relative-position bias (the window)
}

// probOffsets returns where the attention probabilities of each sequence
// start in a flat slice that holds, for sequence s of length T, heads
// blocks of T×T weights; the last entry is the total length.
func (a attnShape) probOffsets() []int {
	po := make([]int, len(a.off))
	for s := 0; s+1 < len(a.off); s++ {
		t := a.off[s+1] - a.off[s]
		po[s+1] = po[s] + a.heads*t*t
	}
	return po
}

// attentionWorkers is the number of goroutines over which the sequences of
// a batch are spread. Each sequence is computed by exactly one goroutine
// and touches only its own rows, so results do not depend on it.
const attentionWorkers = 2

// forEachSeq calls fn(w, s) for every sequence s, spread over
// attentionWorkers goroutines (w is the goroutine's number, sequence s
// goes to goroutine s mod attentionWorkers), and returns the sum of the
// FLOP counts fn returns. Short batches stay on goroutine 0.
func forEachSeq(nseq int, fn func(w, s int) int64) int64 {
	if nseq < 2*attentionWorkers {
		var f int64
		for s := 0; s < nseq; s++ {
			f += fn(0, s)
		}
		return f
	}
	var wg sync.WaitGroup
	flops := make([]int64, attentionWorkers)
	for w := 0; w < attentionWorkers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for s := w; s < nseq; s += attentionWorkers {
				flops[w] += fn(w, s)
			}
		}(w)
	}
	wg.Wait()
	var f int64
	for _, v := range flops {
		f += v
	}
	return f
}

// attentionForward computes causal multi-head scaled dot-product attention
// (Vaswani et al. 2017, "Attention is all you need", Eq. 1) with a learned
// relative-position bias (Shaw, Uszkoreit & Vaswani 2018; Raffel et al.
// 2020, one scalar per head and distance) for every sequence and head:
//
//	Sᵢⱼ = qᵢ·kⱼ/√dₕ + r(i−j) for j ≤ i,  Pᵢⱼ = exp(Sᵢⱼ) / Σ_{l≤i} exp(Sᵢₗ),
//	oᵢ = Σ_{j≤i} Pᵢⱼ·vⱼ,
//
// where qᵢ, kᵢ, vᵢ are the head's slices of row i of qkv (laid out
// [q | k | v], each of width d, heads side by side), dₕ = d/heads, r is the
// head's row of rel (heads × sh.ctx distances), and oᵢ is written to the
// head's columns of row i of out (N×d). The weights P are stored in probs
// at the offsets of probOffsets. It returns the FLOPs done.
func attentionForward(sh attnShape, qkv, rel, probs, out []float64) int64 {
	d, h := sh.d, sh.heads
	dh := d / h
	scale := 1 / math.Sqrt(float64(dh))
	po := sh.probOffsets()
	var keys [attentionWorkers][]float64 // each worker's keys of a head, transposed
	return forEachSeq(len(sh.off)-1, func(w, s int) int64 {
		r0, t := sh.off[s], sh.off[s+1]-sh.off[s]
		if len(keys[w]) < dh*t {
			keys[w] = make([]float64, dh*t)
		}
		kT := keys[w][:dh*t]
		rows := qkv[r0*3*d:]
		var f int64
		for hd := 0; hd < h; hd++ {
			p := probs[po[s]+hd*t*t : po[s]+(hd+1)*t*t]
			r := rel[hd*sh.ctx : (hd+1)*sh.ctx]
			transposeHead(rows, 3*d, d+hd*dh, dh, t, kT)
			v := rows[2*d+hd*dh:]
			for i := 0; i < t; i++ {
				q := rows[i*3*d+hd*dh : i*3*d+(hd+1)*dh]
				pi := p[i*t : (i+1)*t]
				dotsT(q, kT, t, i+1, pi) // qᵢ·kⱼ for j ≤ i
				mx := math.Inf(-1)
				for j := 0; j <= i; j++ {
					sc := pi[j]*scale + r[i-j]
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
				clear(o)
				weightedSum(pi[:i+1], v, 3*d, o)
				// (i+1) keys: 2dₕ+2 (score, scale, bias), 3 (subtract,
				// exp, add), 1 (normalise), 2dₕ (weighted sum); plus 1
				// (1/sum).
				f += int64(i+1)*int64(4*dh+6) + 1
			}
		}
		return f
	})
}

// attentionBackward back-propagates dout (N×d) through attentionForward,
// setting dqkv (N×3d, same layout as qkv) and adding to drel (same layout
// as rel). With P the stored weights:
//
//	dPᵢⱼ = doᵢ·vⱼ,  dvⱼ += Pᵢⱼ·doᵢ,
//	dSᵢⱼ = Pᵢⱼ·(dPᵢⱼ − Σₗ Pᵢₗ·dPᵢₗ)  (softmax Jacobian),
//	dqᵢ = Σⱼ dSᵢⱼ·kⱼ/√dₕ,  dkⱼ += dSᵢⱼ·qᵢ/√dₕ,  dr(i−j) += dSᵢⱼ.
//
// Each goroutine sums its dr in its own buffer; the buffers are added to
// drel in goroutine order. It returns the FLOPs done.
func attentionBackward(sh attnShape, qkv, probs, dout, dqkv, drel []float64) int64 {
	d, h := sh.d, sh.heads
	dh := d / h
	scale := 1 / math.Sqrt(float64(dh))
	po := sh.probOffsets()
	var bufs [attentionWorkers][]float64
	for w := range bufs {
		bufs[w] = make([]float64, len(drel))
	}
	var values [attentionWorkers][]float64 // each worker's values of a head, transposed
	f := forEachSeq(len(sh.off)-1, func(w, s int) int64 {
		dr := bufs[w]
		r0, t := sh.off[s], sh.off[s+1]-sh.off[s]
		if len(values[w]) < dh*t+2*t {
			values[w] = make([]float64, dh*t+2*t)
		}
		vT := values[w][:dh*t]
		dp := values[w][dh*t : dh*t+t]
		ds := values[w][dh*t+t : dh*t+2*t]
		clear(dqkv[r0*3*d : (r0+t)*3*d])
		rows, drows := qkv[r0*3*d:], dqkv[r0*3*d:]
		var f int64
		for hd := 0; hd < h; hd++ {
			p := probs[po[s]+hd*t*t : po[s]+(hd+1)*t*t]
			dri := dr[hd*sh.ctx : (hd+1)*sh.ctx]
			transposeHead(rows, 3*d, 2*d+hd*dh, dh, t, vT)
			k, dk, dv := rows[d+hd*dh:], drows[d+hd*dh:], drows[2*d+hd*dh:]
			for i := 0; i < t; i++ {
				pi := p[i*t : i*t+i+1]
				do := dout[(r0+i)*d+hd*dh : (r0+i)*d+(hd+1)*dh]
				dotsT(do, vT, t, i+1, dp) // dPᵢⱼ = doᵢ·vⱼ
				axpyRows(pi, do, dv, 3*d) // dvⱼ += Pᵢⱼ·doᵢ
				dot := 0.0
				for j, pj := range pi {
					dot += pj * dp[j]
				}
				for j, pj := range pi {
					g := pj * (dp[j] - dot)
					dri[i-j] += g
					ds[j] = g * scale
				}
				q := rows[i*3*d+hd*dh : i*3*d+(hd+1)*dh]
				dq := drows[i*3*d+hd*dh : i*3*d+(hd+1)*dh]
				weightedSum(ds[:i+1], k, 3*d, dq) // dqᵢ += Σⱼ dSᵢⱼ·kⱼ/√dₕ
				axpyRows(ds[:i+1], q, dk, 3*d)    // dkⱼ += dSᵢⱼ·qᵢ/√dₕ
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
