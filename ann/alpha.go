package ann

import (
	"fmt"
	"math"
)

// SetAlpha sets α of the NMDA activation x/(1 + α·e^(−βx)) for the rest
// of the run: the next day's training and tests use it (the weights are
// kept). A live viewer's α slider calls it between days; a run that never
// calls it is unchanged.
func (r *Runner) SetAlpha(alpha float64) error {
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return fmt.Errorf("ann: alpha = %v, want a finite number (α ≤ 0: linear)", alpha)
	}
	r.p.Alpha = alpha
	r.a.Act.NMDA.Alpha = alpha
	r.model.arch.Act.NMDA.Alpha = alpha
	return nil
}

// Alpha returns α of the NMDA activation the run uses now.
func (r *Runner) Alpha() float64 { return r.model.arch.Act.NMDA.Alpha }
