package ann

import (
	"fmt"
	"strconv"

	"engram/task"
)

// AttentionMap is the attention of every head of every layer over one
// input: who looks at whom when the model recalls an episode.
type AttentionMap struct {
	// Tokens labels the positions: an item's number, or "SEP".
	Tokens []string
	// Cue is the position of the cue item.
	Cue int
	// Weights[l][h][i][j] is the weight with which position i attends to
	// position j in head h of layer l; rows sum to 1 and the weights of
	// later positions (j > i) are 0.
	Weights [][][][]float64
}

// Attention returns the attention weights of the run's final model while
// it recalls e as at the last test: the mode's context, "SEP cue", then the
// items the model generated at that test (all but the last, which is
// never fed back). e must be an episode of the run's task learned by the
// last test day.
func (res *Result) Attention(e task.Episode) (*AttentionMap, error) {
	if res.final == nil || len(res.Recall) == 0 {
		return nil, fmt.Errorf("ann: the run has no test yet")
	}
	last := len(res.Recall) - 1
	if e.ID < 0 || e.ID >= len(res.Recalled[last]) {
		return nil, fmt.Errorf("ann: episode %d was not learned by day %d", e.ID, last)
	}
	s := res.final
	a := s.model.arch
	ctx, _ := shortTerm(res.Mode, a, s.model, s.window, s.store, res.Params.Retrieve, e)
	tokens := a.recallContext(ctx, e.Cue())
	cue := len(tokens) - 1
	gen := res.Recalled[last][e.ID]
	for _, it := range gen[:max(len(gen)-1, 0)] {
		tokens = append(tokens, int(it))
	}
	c, _ := s.model.forward(newBatch([]sequence{{tokens: tokens}}, true))
	t := len(tokens)
	am := &AttentionMap{Cue: cue, Weights: make([][][][]float64, a.Layers)}
	for _, tk := range tokens {
		if tk == a.sep() {
			am.Tokens = append(am.Tokens, "SEP")
		} else {
			am.Tokens = append(am.Tokens, strconv.Itoa(tk))
		}
	}
	for l := range am.Weights {
		am.Weights[l] = make([][][]float64, a.Heads)
		for h := range am.Weights[l] {
			rows := make([][]float64, t)
			for i := range rows {
				off := h*t*t + i*t
				rows[i] = append([]float64(nil), c.blocks[l].probs[off:off+t]...)
			}
			am.Weights[l][h] = rows
		}
	}
	return am, nil
}
