package ann

import (
	"fmt"
	"math"

	"engram/task"
)

// RecallAtAlpha repeats the run's last test with the final model's NMDA
// activation set to α = alpha (x/(1 + α·e^(−βx)); the trained weights,
// context and stores unchanged) and returns each learned episode's
// task.Score, indexed by episode ID: how much the gate setting alone
// changes what the trained Transformer recalls. The run's own result is
// not changed.
func (res *Result) RecallAtAlpha(alpha float64) ([]float64, error) {
	if res.final == nil || len(res.Recall) == 0 {
		return nil, fmt.Errorf("ann: the run has no test yet")
	}
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return nil, fmt.Errorf("ann: alpha = %v, want a finite number (α ≤ 0: linear)", alpha)
	}
	s := res.final
	m := s.model.clone()
	m.arch.Act.NMDA.Alpha = alpha
	a := m.arch
	last := len(res.Recall) - 1
	eps := res.Task.LearnedBy(last)
	out := make([]float64, len(eps))
	var meter Meter
	for _, e := range eps {
		ctx, _ := shortTerm(res.Mode, a, m, s.window, s.store, res.Params.Retrieve, e)
		got, _ := m.generate(a.recallContext(ctx, e.Cue()), len(e.Items)-1, res.Task.Params.VocabSize, &meter)
		if e.ID < len(out) {
			out[e.ID] = task.Score(e, got)
		}
	}
	return out, nil
}
