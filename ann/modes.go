package ann

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"engram/task"
)

// Mode is how the ANN keeps the episodes of past days: its long-term
// memory strategy. Every mode sees the same days, the same cues and the
// same task.Score.
type Mode string

const (
	// ModeNone keeps episodes only in the context window. During a day
	// the day's episodes are in the context (the most recent ones that
	// fit); at the test the cue follows them; at the end of the day the
	// context is cleared. Weights never change after pre-training: the
	// ANN analogue of a hippocampus-free brain with working memory only.
	ModeNone Mode = "none"
	// ModeFinetune trains the weights after each day on that day's
	// episodes only, then tests from the cue alone (empty context). New
	// learning overwrites old: catastrophic interference (McCloskey &
	// Cohen 1989).
	ModeFinetune Mode = "finetune"
	// ModeReplay trains after each day on that day's episodes interleaved
	// with episodes of earlier days drawn from a buffer (half of every
	// batch when the buffer is not empty), then tests from the cue alone.
	// It is the complementary-learning-systems account of sleep
	// (McClelland, McNaughton & O'Reilly 1995) and experience replay in
	// continual learning (Chaudhry et al. 2019).
	ModeReplay Mode = "replay"
	// ModeRAG freezes the weights after pre-training and stores every
	// episode in an external memory; at the test the Retrieve stored
	// episodes most similar to the cue (cosine of the frozen token
	// embeddings, see ragStore.retrieve) are put into the context before
	// it, the most similar nearest to the cue (retrieval-augmented
	// generation, Lewis et al. 2020).
	ModeRAG Mode = "rag"
)

// Modes returns the four modes in the order of the figures.
func Modes() []Mode { return []Mode{ModeNone, ModeFinetune, ModeReplay, ModeRAG} }

// ParseMode returns the mode named s ("none", "finetune", "replay", "rag";
// case and surrounding space ignored).
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Modes(), m) {
		return m, nil
	}
	return "", fmt.Errorf("ann: mode %q unknown, want one of none, finetune, replay, rag", s)
}

// trains reports whether the mode changes the weights after pre-training.
func (m Mode) trains() bool { return m == ModeFinetune || m == ModeReplay }

// replayBuffer keeps at most cap episodes, a uniform sample of all the
// episodes offered to it: reservoir sampling (Vitter 1985, Algorithm R).
type replayBuffer struct {
	cap  int
	seen int
	eps  []task.Episode
	rng  *rand.Rand
}

// add offers e to the buffer: it is kept if the buffer is not full, and
// otherwise replaces a random entry with probability cap/seen.
func (b *replayBuffer) add(e task.Episode) {
	b.seen++
	switch {
	case b.cap == 0:
	case len(b.eps) < b.cap:
		b.eps = append(b.eps, e)
	default:
		if j := b.rng.IntN(b.seen); j < b.cap {
			b.eps[j] = e
		}
	}
}

// ragStore is the external memory of ModeRAG: every stored episode with
// its keys, one unit vector per item.
type ragStore struct {
	eps  []task.Episode
	keys [][]float64 // per episode, K unit vectors of length d, item after item
}

// add stores e under the keys k_i = E[item_i]/‖E[item_i]‖, the frozen
// model's token embeddings of its items normalised to unit length (a
// multi-vector index, as in ColBERT, Khattab & Zaharia 2020). It returns
// the FLOPs done.
func (s *ragStore) add(m *transformer, e task.Episode) int64 {
	d := m.arch.DModel
	k := make([]float64, 0, len(e.Items)*d)
	var f int64
	for _, it := range e.Items {
		k = append(k, m.tok.w[int(it)*d:(int(it)+1)*d]...)
		f += normalise(k[len(k)-d:])
	}
	s.eps = append(s.eps, e)
	s.keys = append(s.keys, k)
	return f
}

// normalise scales v to unit Euclidean length (if it is not zero) and
// returns the FLOPs done.
func normalise(v []float64) int64 {
	n := 0.0
	for _, x := range v {
		n += x * x
	}
	n = math.Sqrt(n)
	if n == 0 {
		return int64(2*len(v)) + 1
	}
	for i := range v {
		v[i] /= n
	}
	return int64(3*len(v)) + 1
}

// retrieve returns the k stored episodes most similar to the cue, most
// similar first (ties: the earlier episode first), and the FLOPs done. The
// similarity of an episode is the late-interaction "MaxSim" score of
// ColBERT (Khattab & Zaharia 2020) for a one-token query: the largest
// cosine between the cue's embedding and the embeddings of the episode's
// items. An episode that contains the cue scores 1, the maximum; with
// shared items several episodes may contain it and compete.
func (s *ragStore) retrieve(m *transformer, cue task.Item, k int) ([]task.Episode, int64) {
	d := m.arch.DModel
	q := append([]float64(nil), m.tok.w[int(cue)*d:(int(cue)+1)*d]...)
	f := normalise(q)
	type hit struct {
		i   int
		sim float64
	}
	hits := make([]hit, len(s.eps))
	for i, key := range s.keys {
		best := math.Inf(-1)
		for j := 0; j+d <= len(key); j += d {
			sim := 0.0
			for c, v := range key[j : j+d] {
				sim += v * q[c]
			}
			best = math.Max(best, sim)
		}
		hits[i] = hit{i, best}
		f += int64(2 * len(key))
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		switch {
		case a.sim > b.sim:
			return -1
		case a.sim < b.sim:
			return 1
		}
		return 0
	})
	out := make([]task.Episode, 0, k)
	for _, h := range hits[:min(k, len(hits))] {
		out = append(out, s.eps[h.i])
	}
	return out, f
}
