package task

import "math/rand/v2"

// Score is the recall score used for every memory system of Engram: the
// fraction of the K−1 items that follow the cue of e which recalled
// reproduces in the right order.
//
// recalled is the sequence a system produced after being cued with
// e.Cue() (decoded assemblies for the brain, generated tokens for the ANN).
// Only its first K−1 entries count, so intrusions use up places. The score
// is the length of the longest common subsequence of recalled[:K−1] and
// e.Target(), divided by K−1: 1 for perfect ordered recall, 0 when nothing
// of the target appears in order. An item skipped costs one place, not
// every place after it.
func Score(e Episode, recalled []Item) float64 {
	target := e.Target()
	if len(recalled) > len(target) {
		recalled = recalled[:len(target)]
	}
	return float64(lcs(recalled, target)) / float64(len(target))
}

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []Item) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// MeanScore returns the mean Score over episodes, given recall(e) for each.
// It returns 0 for no episodes.
func MeanScore(eps []Episode, recall func(Episode) []Item) float64 {
	if len(eps) == 0 {
		return 0
	}
	s := 0.0
	for _, e := range eps {
		s += Score(e, recall(e))
	}
	return s / float64(len(eps))
}

// ChanceScore returns the expected Score of a guesser that, after the cue,
// names K−1 distinct items drawn uniformly from the other M−1 items of the
// vocabulary. It is estimated from 20 000 draws of a fixed generator, so it
// is the same number every time for the same M and K.
func ChanceScore(vocabSize, episodeLen int) float64 {
	const draws = 20000
	rng := rand.New(rand.NewPCG(uint64(vocabSize), uint64(episodeLen)))
	e := Episode{Items: make([]Item, episodeLen)}
	for k := range e.Items {
		e.Items[k] = Item(k)
	}
	guess := make([]Item, episodeLen-1)
	sum := 0.0
	for range draws {
		perm := rng.Perm(vocabSize - 1) // items 1..M−1, the cue (0) excluded
		for k := range guess {
			guess[k] = Item(perm[k] + 1)
		}
		sum += Score(e, guess)
	}
	return sum / draws
}
