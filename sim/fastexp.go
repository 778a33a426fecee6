package sim

import "math"

// Tabulated exponential for the AdEx spike-initiation term: e^x =
// e^(k/64)·e^d with k = ⌊64x⌋, d = x − k/64 ∈ [0, 1/64), the first factor
// from a table and the second from its cubic Taylor polynomial (relative
// error < 3e-9). Outside [expTabLo, expTabHi] it falls back to math.Exp.
const (
	expTabLo  = -40.0
	expTabHi  = 8.0
	expTabRes = 64.0
)

var expTab = func() []float64 {
	n := int((expTabHi-expTabLo)*expTabRes) + 2
	t := make([]float64, n)
	for k := range t {
		t[k] = math.Exp(expTabLo + float64(k)/expTabRes)
	}
	return t
}()

// fastExp returns e^x (see expTab).
func fastExp(x float64) float64 {
	if !(x >= expTabLo && x < expTabHi) {
		return math.Exp(x)
	}
	y := (x - expTabLo) * expTabRes
	k := int(y)
	d := (y - float64(k)) * (1 / expTabRes)
	return expTab[k] * (1 + d*(1+d*(0.5+d*(1.0/6))))
}
