package sim

import "math"

// DefaultMgMM is the physiological extracellular [Mg²⁺], mM.
const DefaultMgMM = 1.0

// MgBlockMM is the [Mg²⁺] scale of the NMDA receptor's magnesium block
// (its dissociation constant at 0 mV), mM: 3.57 mM (Jahr & Stevens 1990).
const MgBlockMM = 3.57

// MgBlock returns the fraction of NMDA receptor conductance not blocked by
// extracellular magnesium at membrane potential vMV (mV) and [Mg²⁺] mgMM
// (mM), after Jahr & Stevens (1990):
//
//	B(V) = 1 / (1 + α · exp(−0.062 mV⁻¹ · V)),  α = [Mg²⁺]/3.57 mM (MgAlpha)
//
// At 1 mM: B(−80) = 0.024, B(−65) = 0.060, B(−50) = 0.139, B(−20) = 0.508,
// B(0) = 0.781. At 0 mM the block is gone (B = 1).
func MgBlock(vMV, mgMM float64) float64 {
	return 1 / (1 + MgAlpha(mgMM)*math.Exp(-0.062*vMV))
}

// MgAlpha returns the factor α = [Mg²⁺]/MgBlockMM of the magnesium block
// B(V) at [Mg²⁺] mgMM (mM): the α that the Transformer's NMDA-like
// activation x/(1 + α·e^(−βx)) plays (Kim et al. 2023). MgAlpha(1) = 0.28.
func MgAlpha(mgMM float64) float64 { return mgMM / MgBlockMM }

// mgTable tabulates MgBlock at one [Mg²⁺] so the hot loop avoids an
// exponential per cell per step. Linear interpolation on a 0.05 mV grid
// keeps the error below 1e-6; outside the grid MgBlock is computed exactly.
type mgTable struct {
	mgMM float64
	b    []float64
}

const (
	mgTableLoMV = -150.0
	mgTableHiMV = 100.0
	mgTableStep = 0.05
)

func newMgTable(mgMM float64) *mgTable {
	n := int((mgTableHiMV-mgTableLoMV)/mgTableStep) + 2
	t := &mgTable{mgMM: mgMM, b: make([]float64, n)}
	for i := range t.b {
		t.b[i] = MgBlock(mgTableLoMV+float64(i)*mgTableStep, mgMM)
	}
	return t
}

// at returns B(vMV) at the table's [Mg²⁺].
func (t *mgTable) at(vMV float64) float64 {
	x := (vMV - mgTableLoMV) * (1 / mgTableStep)
	if !(x >= 0 && x < float64(len(t.b)-1)) {
		return MgBlock(vMV, t.mgMM)
	}
	i := int(x)
	f := x - float64(i)
	return t.b[i] + f*(t.b[i+1]-t.b[i])
}
