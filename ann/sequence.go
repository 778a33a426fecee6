package ann

import (
	"engram/task"
)

// How episodes become tokens. Item i of the task is token i; the token SEP
// (= Vocab) opens every episode. A context is a run of episodes,
//
//	SEP a₁ a₂ … a_K  SEP b₁ … b_K  …  SEP cue
//
// and recall is the greedy continuation of the final "SEP cue".

// appendEpisode appends SEP and the items of an episode to dst.
func (a arch) appendEpisode(dst []int, items []task.Item) []int {
	dst = append(dst, a.sep())
	for _, it := range items {
		dst = append(dst, int(it))
	}
	return dst
}

// episodeSequence returns the training sequence of one episode,
// SEP i₁ … i_K, whose targets are the K−1 items that follow the first one:
// exactly what recall from the cue i₁ asks for. The first item (not
// predictable from SEP) and what follows the last are not targets.
func (a arch) episodeSequence(items []task.Item) sequence {
	tok := a.appendEpisode(nil, items)
	tg := make([]int, len(tok))
	for i := range tg {
		tg[i] = -1
	}
	for i := 1; i+1 < len(tok); i++ {
		tg[i] = tok[i+1]
	}
	return sequence{tokens: tok, targets: tg}
}

// recallRoom returns how many context tokens may precede the "SEP cue" of a
// recall of an episode of k items, so that the cue and the k−2 generated
// items fed back in fit in the window: Context − k.
func (a arch) recallRoom(k int) int { return a.Context - k }

// windowTokens returns the context made of the most recent whole episodes
// of eps that fit in room tokens, oldest first; older episodes fall out of
// the window.
func (a arch) windowTokens(eps [][]task.Item, room int) []int {
	first, used := len(eps), 0
	for first > 0 && used+len(eps[first-1])+1 <= room {
		first--
		used += len(eps[first]) + 1
	}
	var ctx []int
	for _, e := range eps[first:] {
		ctx = a.appendEpisode(ctx, e)
	}
	return ctx
}

// recallContext returns the tokens fed to the model to recall the episode
// cued by cue: ctx (the mode's short-term contents) followed by SEP cue.
func (a arch) recallContext(ctx []int, cue task.Item) []int {
	out := make([]int, 0, len(ctx)+2)
	out = append(out, ctx...)
	return append(out, a.sep(), int(cue))
}

// generate extends tokens greedily by n items: at each step the model is
// run on the tokens so far and the item (a token in [0, items)) with the
// largest logit is appended. Only items of the task can be produced, as
// only item assemblies are decoded in the brain model. It returns the n
// items and the largest activation bytes a pass held; the FLOPs are added
// to meter.Forward. The caller makes sure len(tokens)+n−1 ≤ Context.
func (m *transformer) generate(tokens []int, n, items int, meter *Meter) ([]task.Item, int64) {
	seq := append([]int(nil), tokens...)
	out := make([]task.Item, 0, n)
	var peak int64
	v := m.arch.tokens()
	for k := 0; k < n; k++ {
		c, f := m.forward(newBatch([]sequence{{tokens: seq}}, true))
		meter.Forward += f
		peak = max(peak, c.bytes())
		z := c.logits[:v]
		best := 0
		for i := 1; i < items; i++ {
			if z[i] > z[best] {
				best = i
			}
		}
		out = append(out, task.Item(best))
		seq = append(seq, best)
	}
	return out, peak
}
