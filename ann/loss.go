package ann

import "math"

// crossEntropy returns the mean next-token cross-entropy, in nats per
// predicted token, of the logits (N rows of width v) against targets, and
// the number of rows that count. A row whose target is negative is not
// predicted and does not count. For a counted row,
//
//	pₖ = exp(zₖ − max z) / Σₗ exp(zₗ − max z),  ℓ = −ln p_target,
//
// and if dlogits is not nil it is set to ∂(mean ℓ)/∂z = (p − onehot)/count
// (zero on rows that do not count). The loss is 0 when nothing counts.
// The FLOPs done are returned too.
func crossEntropy(logits []float64, v int, targets []int, dlogits []float64) (loss float64, count int, flops int64) {
	for _, t := range targets {
		if t >= 0 {
			count++
		}
	}
	if count == 0 {
		if dlogits != nil {
			clear(dlogits)
		}
		return 0, 0, 0
	}
	sum, f := crossEntropySum(logits, v, targets, dlogits, 1/float64(count))
	return sum / float64(count), count, f + 1
}

// crossEntropySum returns the summed cross-entropy Σℓ of the counted rows
// and, if dlogits is not nil, sets it to scale·∂(Σℓ)/∂z = scale·(p − onehot)
// on counted rows and 0 elsewhere. With scale = 1/(count over a whole
// batch) the gradients of parts of a batch add up to the gradient of the
// batch mean. The FLOPs done are returned too.
func crossEntropySum(logits []float64, v int, targets []int, dlogits []float64, scale float64) (sum float64, flops int64) {
	if dlogits != nil {
		clear(dlogits)
	}
	for r, t := range targets {
		if t < 0 {
			continue
		}
		z := logits[r*v : (r+1)*v]
		mx := z[0]
		for _, x := range z {
			if x > mx {
				mx = x
			}
		}
		s := 0.0
		for _, x := range z {
			s += math.Exp(x - mx)
		}
		lse := mx + math.Log(s)
		sum += lse - z[t]
		flops += int64(3*v) + 4
		if dlogits != nil {
			g := dlogits[r*v : (r+1)*v]
			for k, x := range z {
				g[k] = math.Exp(x-lse) * scale
			}
			g[t] -= scale
			flops += int64(3*v) + 1
		}
	}
	return sum, flops
}
