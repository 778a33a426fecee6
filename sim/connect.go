package sim

import (
	"math"
	"math/rand/v2"
)

// pairs draws the (pre, post) pairs of a projection, sorted by pre and then
// post. noSelf excludes i → i.
func pairs(c ConnSpec, nPre, nPost int, noSelf bool, rng *rand.Rand) (is, js []int32) {
	switch c.Rule {
	case OneToOne:
		for i := 0; i < nPre; i++ {
			is, js = append(is, int32(i)), append(js, int32(i))
		}
	case AllToAll:
		for i := 0; i < nPre; i++ {
			for j := 0; j < nPost; j++ {
				if !(noSelf && i == j) {
					is, js = append(is, int32(i)), append(js, int32(j))
				}
			}
		}
	case Random:
		if c.P <= 0 {
			return nil, nil
		}
		// Geometric skipping: the gap to the next connected target is
		// geometric with parameter p, so each row costs O(p·nPost) draws.
		logq := math.Log1p(-c.P)
		for i := 0; i < nPre; i++ {
			j := -1
			for {
				if c.P >= 1 {
					j++
				} else {
					j += 1 + int(math.Log(1-rng.Float64())/logq)
				}
				if j >= nPost || j < 0 {
					break
				}
				if noSelf && i == j {
					continue
				}
				is, js = append(is, int32(i)), append(js, int32(j))
			}
		}
	case FixedIndegree:
		// For each target, draw Indegree distinct sources (Floyd's
		// algorithm), then bucket the pairs by source.
		k := c.Indegree
		pool := nPre
		if noSelf {
			pool--
		}
		if k > pool {
			k = pool
		}
		var pi, pj []int32
		chosen := make(map[int]bool, k)
		src := make([]int, 0, k)
		for j := 0; j < nPost; j++ {
			clear(chosen)
			src = src[:0]
			for m := pool - k; m < pool; m++ {
				t := rng.IntN(m + 1)
				if chosen[t] {
					t = m
				}
				chosen[t] = true
				src = append(src, t)
			}
			for _, s := range src {
				if noSelf && s >= j {
					s++ // skip the cell itself
				}
				pi, pj = append(pi, int32(s)), append(pj, int32(j))
			}
		}
		is, js = bucketByPre(nPre, pi, pj)
	}
	return is, js
}

// bucketByPre sorts pairs by pre, keeping the order of post within a pre
// (a stable counting sort; posts were generated ascending).
func bucketByPre(nPre int, pi, pj []int32) (is, js []int32) {
	start := make([]int, nPre+1)
	for _, i := range pi {
		start[i+1]++
	}
	for i := 0; i < nPre; i++ {
		start[i+1] += start[i]
	}
	is, js = make([]int32, len(pi)), make([]int32, len(pj))
	for k, i := range pi {
		is[start[i]], js[start[i]] = i, pj[k]
		start[i]++
	}
	return is, js
}
