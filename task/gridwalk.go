package task

import (
	"fmt"
	"math/rand/v2"
)

// The reference-memory task of Kim, Kwon, Cha & Lee (2023, "Transformer as
// a hippocampal memory consolidation model based on NMDAR-inspired
// nonlinearity", NeurIPS, and the code published with it): a walker moves
// at random on a square grid and sees one of a few observation types at
// each node. A map assigns an observation to every node; there are N fixed
// maps. A model that has seen the last steps of a walk (places and
// observations) and is told the next place predicts the observation there.
//
// If the next node was visited within the steps the model sees, the
// observation can be copied from the context: working memory. If it was
// not, only a model that has stored the map in its weights, and recognised
// from the context which map it is on, can predict it: reference memory.
// Both are scored by Add, as the error rate of the predicted observation.

// GridParams describes the reference-memory task. The zero value is not
// valid; start from DefaultGridParams.
type GridParams struct {
	// Side is the number of nodes per side of the square grid, 2–64.
	// Default 11 (Kim et al.'s 11×11).
	Side int
	// Observations is the number of observation types, 2–1000: each node
	// of a map shows one, drawn uniformly. Default 10 (Kim et al.).
	Observations int
	// Maps is the number of fixed training maps N, 1–4096 (Kim et al.
	// use 8–512; the load of reference memory grows with it). Default 8.
	Maps int
	// Context is the number of steps W a model sees before the place it
	// is asked about, 2–1024. Default 64 (Kim et al.: memory of 32 steps
	// plus a segment of up to 32).
	Context int
}

// DefaultGridParams returns the task of Kim et al. (2023) on 8 maps: an
// 11×11 grid, 10 observation types, a context of 64 steps.
func DefaultGridParams() GridParams {
	return GridParams{Side: 11, Observations: 10, Maps: 8, Context: 64}
}

// Validate reports the first parameter outside its allowed range.
func (p GridParams) Validate() error {
	switch {
	case p.Side < 2 || p.Side > 64:
		return fmt.Errorf("task: grid Side = %d, want 2 ≤ Side ≤ 64 nodes", p.Side)
	case p.Observations < 2 || p.Observations > 1000:
		return fmt.Errorf("task: grid Observations = %d, want 2 ≤ Observations ≤ 1000 types", p.Observations)
	case p.Maps < 1 || p.Maps > 4096:
		return fmt.Errorf("task: grid Maps = %d, want 1 ≤ Maps ≤ 4096", p.Maps)
	case p.Context < 2 || p.Context > 1024:
		return fmt.Errorf("task: grid Context = %d, want 2 ≤ Context ≤ 1024 steps", p.Context)
	}
	return nil
}

// Nodes returns the number of nodes of the grid, Side².
func (p GridParams) Nodes() int { return p.Side * p.Side }

// ChanceError returns the error rate of a guess drawn uniformly from the
// observation types, 1 − 1/Observations (0.9 for 10 types).
func (p GridParams) ChanceError() float64 { return 1 - 1/float64(p.Observations) }

// FirstQuery returns the first step of a window that is scored: a query
// at step t has a context of t steps, and queries run from Context/2 to
// Context, the context lengths Kim et al. train on (32 to 64 steps).
func (p GridParams) FirstQuery() int { return p.Context / 2 }

// Grid is a generated reference-memory task: the maps.
type Grid struct {
	Params GridParams
	// Seed is the seed the maps were generated from.
	Seed uint64
	// Obs[m][v] is the observation at node v of map m; node v is at row
	// v / Side, column v mod Side.
	Obs [][]int
	// moves[v] lists the nodes a walk at v can step to: v itself (stay)
	// and its 2–4 neighbours.
	moves [][]int
}

// GenerateGrid draws the maps of p from seed: every node of every map gets
// an observation drawn uniformly, as Kim et al. draw theirs. The same p
// and seed always give the same maps.
func GenerateGrid(p GridParams, seed uint64) (*Grid, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d617073)) // "maps"
	g := &Grid{Params: p, Seed: seed, Obs: make([][]int, p.Maps), moves: make([][]int, p.Nodes())}
	for m := range g.Obs {
		g.Obs[m] = make([]int, p.Nodes())
		for v := range g.Obs[m] {
			g.Obs[m][v] = rng.IntN(p.Observations)
		}
	}
	l := p.Side
	for v := range g.moves {
		r, c := v/l, v%l
		mv := []int{v}
		if c+1 < l {
			mv = append(mv, v+1) // east
		}
		if r+1 < l {
			mv = append(mv, v+l) // south
		}
		if r > 0 {
			mv = append(mv, v-l) // north
		}
		if c > 0 {
			mv = append(mv, v-1) // west
		}
		g.moves[v] = mv
	}
	return g, nil
}

// Moves returns the nodes a walk at node v steps to with equal
// probability: v itself and its grid neighbours.
func (g *Grid) Moves(v int) []int { return g.moves[v] }

// Walk is a random walk on one map: Places[t] is the node at step t and
// Obs[t] the observation seen there.
type Walk struct {
	Map    int
	Places []int
	Obs    []int
}

// RandomWalk draws a walk of steps steps on a map drawn uniformly from the
// N maps, from a node drawn uniformly: at each step the walker stays or
// moves to a neighbour, each with equal probability (5 actions in the
// interior; Kim et al.'s transition matrix D⁻¹(I + A), A the grid's
// adjacency).
func (g *Grid) RandomWalk(rng *rand.Rand, steps int) Walk {
	m := rng.IntN(g.Params.Maps)
	w := Walk{Map: m, Places: make([]int, steps), Obs: make([]int, steps)}
	v := rng.IntN(g.Params.Nodes())
	for t := range steps {
		if t > 0 {
			mv := g.moves[v]
			v = mv[rng.IntN(len(mv))]
		}
		w.Places[t] = v
		w.Obs[t] = g.Obs[m][v]
	}
	return w
}

// InContext reports whether the node of step t of w was visited in one of
// the window steps before it, t−window … t−1: whether a model that sees
// those steps can answer the query at t from its context.
func (w Walk) InContext(t, window int) bool {
	for s := max(0, t-window); s < t; s++ {
		if w.Places[s] == w.Places[t] {
			return true
		}
	}
	return false
}

// MemoryScore counts the answers to queries, split by whether the queried
// node was in the context (working memory) or not (reference memory).
type MemoryScore struct {
	WorkingCorrect, WorkingTotal     int
	ReferenceCorrect, ReferenceTotal int
}

// Add scores predicted as the answer to the query at step t of w, the
// model having seen the window steps before it.
func (s *MemoryScore) Add(w Walk, t, window, predicted int) {
	ok := predicted == w.Obs[t]
	if w.InContext(t, window) {
		s.WorkingTotal++
		if ok {
			s.WorkingCorrect++
		}
		return
	}
	s.ReferenceTotal++
	if ok {
		s.ReferenceCorrect++
	}
}

// Merge adds the counts of o to s.
func (s *MemoryScore) Merge(o MemoryScore) {
	s.WorkingCorrect += o.WorkingCorrect
	s.WorkingTotal += o.WorkingTotal
	s.ReferenceCorrect += o.ReferenceCorrect
	s.ReferenceTotal += o.ReferenceTotal
}

// WorkingError returns the error rate on queries whose node was in the
// context (NaN when there were none).
func (s MemoryScore) WorkingError() float64 {
	return errorRate(s.WorkingCorrect, s.WorkingTotal)
}

// ReferenceError returns the error rate on queries whose node was not in
// the context (NaN when there were none).
func (s MemoryScore) ReferenceError() float64 {
	return errorRate(s.ReferenceCorrect, s.ReferenceTotal)
}

func errorRate(correct, total int) float64 {
	return 1 - float64(correct)/float64(total)
}
