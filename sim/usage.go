package sim

import "fmt"

// SetUsage sets the usage trace of synapse k (see STDPParams.TrackUsage).
// With Usage it lets a caller copy a projection's pruning state into
// another network built the same way, for example to continue one trained
// cortex in several experimental arms (pruned by use, pruned at random,
// not pruned). It returns an error when the projection does not track
// usage, k is out of range, or u is negative or not finite.
func (p *Projection) SetUsage(k int, u float64) error {
	if p.stdp == nil || p.stdp.usage == nil {
		return fmt.Errorf("sim: projection %s: SetUsage without a usage trace (STDPParams.TrackUsage)", p.name)
	}
	if k < 0 || k >= len(p.stdp.usage) {
		return fmt.Errorf("sim: projection %s: SetUsage synapse %d, want 0 … %d", p.name, k, len(p.stdp.usage)-1)
	}
	if !(u >= 0) || u > 3.4e38 {
		return fmt.Errorf("sim: projection %s: SetUsage(%d, %v), want a finite value ≥ 0", p.name, k, u)
	}
	p.stdp.usage[k] = float32(u)
	return nil
}
