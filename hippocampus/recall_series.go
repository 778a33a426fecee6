package hippocampus

import (
	"context"
	"fmt"
	"math/rand/v2"

	"engram/task"
)

// seriesSettleMs is the quiet time between two recalls of a series, ms:
// longer than the cells' adaptation (τw ≈ 85 ms) and the 300 ms recall
// window's last sweep.
const seriesSettleMs = 200.0

// RecallSeries recalls the episode that follows each of cues, in order,
// as Recall does, but rests once (probeRestMs, to let the start-up burst
// of the released recurrent synapses pass) before the first cue and only
// seriesSettleMs between cues, recovering short-term depression before
// each cue as after a long rest. It gives what a series of Recall calls
// gives at 0.5 s instead of 1.3 s of simulated time per cue: the brain's
// daily test of every episode learned so far uses it.
func (h *Hippocampus) RecallSeries(ctx context.Context, cues []task.Item) ([][]task.Item, error) {
	out := make([][]task.Item, 0, len(cues))
	if len(cues) == 0 {
		return out, nil
	}
	h.quiet()
	defer h.awake()
	if err := h.net.RunContext(ctx, probeRestMs-seriesSettleMs); err != nil {
		return out, err
	}
	for _, c := range cues {
		if err := h.net.RunContext(ctx, seriesSettleMs); err != nil {
			return out, err
		}
		h.rec.RecoverDepression()
		got, err := h.recallNow(ctx, c)
		if err != nil {
			return out, err
		}
		out = append(out, got)
	}
	return out, nil
}

// CompleteSeries cues a random fraction frac of the assembly of each of
// items in turn, in the retrieval state, and measures pattern completion
// as Complete does (the next probeWindowMs after the cue), but rests once
// (probeRestMs) before the first cue and only seriesSettleMs between cues,
// recovering short-term depression before each cue as after a long rest:
// the same measure at a quarter of the simulated time per cue.
func (h *Hippocampus) CompleteSeries(ctx context.Context, items []task.Item, frac float64, rng *rand.Rand) ([]Completion, error) {
	out := make([]Completion, 0, len(items))
	if len(items) == 0 {
		return out, nil
	}
	if !(frac > 0 && frac <= 1) {
		return out, fmt.Errorf("hippocampus: cue fraction = %v, want 0 < f ≤ 1", frac)
	}
	for _, it := range items {
		if _, _, ok := h.AssemblyOf(it); !ok {
			return out, fmt.Errorf("hippocampus: item %d has no assembly", it)
		}
	}
	h.quiet()
	defer h.awake()
	if err := h.net.RunContext(ctx, probeRestMs-seriesSettleMs); err != nil {
		return out, err
	}
	for _, it := range items {
		if err := h.net.RunContext(ctx, seriesSettleMs); err != nil {
			return out, err
		}
		h.rec.RecoverDepression()
		c, err := h.completeNow(ctx, it, frac, rng)
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}
