package sim

// Prune removes every synapse k of the projection for which keep(k) is
// false and returns how many were removed. The remaining synapses keep
// their weights, rule state (calcium, usage) and frozen marks; indices of
// synapses change. Call it between steps (for example after a night).
func (p *Projection) Prune(keep func(k int) bool) int {
	nPre := len(p.rowPtr) - 1
	rowPtr := make([]int32, nPre+1)
	var col []int32
	var w []float32
	var ca, usage []float32
	var frozen []uint64
	if p.frozen != nil {
		frozen = make([]uint64, len(p.frozen))
	}
	n := 0
	for i := 0; i < nPre; i++ {
		for k := p.rowPtr[i]; k < p.rowPtr[i+1]; k++ {
			if !keep(int(k)) {
				continue
			}
			col = append(col, p.target(int(k)))
			if p.w != nil {
				w = append(w, p.w[k])
			}
			if p.ca != nil {
				ca = append(ca, p.ca.c[k])
			}
			if p.stdp != nil && p.stdp.usage != nil {
				usage = append(usage, p.stdp.usage[k])
			}
			if frozen != nil && p.Frozen(int(k)) {
				frozen[n>>6] |= 1 << (n & 63)
			}
			n++
		}
		rowPtr[i+1] = int32(n)
	}
	removed := p.nSyn - n
	p.rowPtr = rowPtr
	p.setTargets(col)
	if p.w != nil {
		p.w = append(make([]float32, 0, len(w)), w...)
	}
	if p.ca != nil {
		p.ca.c = ca
	}
	if p.stdp != nil && p.stdp.usage != nil {
		p.stdp.usage = usage
	}
	if frozen != nil {
		p.frozen = frozen[:(n+63)/64]
	}
	if p.colPtr != nil {
		p.colPtr, p.colSyn, p.blockRow = nil, nil, nil
		p.buildCSC()
	}
	if p.split != nil {
		p.buildSplit(p.post.net.workers)
	}
	return removed
}
