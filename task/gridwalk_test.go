package task

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestGenerateGridDeterministic(t *testing.T) {
	p := DefaultGridParams()
	a, err := GenerateGrid(p, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := GenerateGrid(p, 3)
	c, _ := GenerateGrid(p, 4)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different maps")
	}
	if reflect.DeepEqual(a.Obs, c.Obs) {
		t.Fatal("different seeds gave the same maps")
	}
	if len(a.Obs) != p.Maps || len(a.Obs[0]) != 121 {
		t.Fatalf("%d maps of %d nodes, want %d of 121", len(a.Obs), len(a.Obs[0]), p.Maps)
	}
	// every observation type occurs, and the maps differ from each other
	counts := make([]int, p.Observations)
	for _, m := range a.Obs {
		for _, o := range m {
			counts[o]++
		}
	}
	for o, n := range counts {
		if n < 50 { // 968 nodes, 96.8 expected per type
			t.Errorf("observation %d occurs %d times in %d nodes", o, n, p.Maps*121)
		}
	}
	if slices.Equal(a.Obs[0], a.Obs[1]) {
		t.Error("maps 0 and 1 are the same")
	}
}

func TestGridParamsValidate(t *testing.T) {
	bad := []func(*GridParams){
		func(p *GridParams) { p.Side = 1 },
		func(p *GridParams) { p.Observations = 1 },
		func(p *GridParams) { p.Maps = 0 },
		func(p *GridParams) { p.Context = 1 },
	}
	for i, f := range bad {
		p := DefaultGridParams()
		f(&p)
		if _, err := GenerateGrid(p, 1); err == nil {
			t.Errorf("case %d: %+v accepted", i, p)
		}
	}
}

func TestGridMoves(t *testing.T) {
	g, _ := GenerateGrid(DefaultGridParams(), 1)
	l := g.Params.Side
	for v := range g.Params.Nodes() {
		mv := g.Moves(v)
		r, c := v/l, v%l
		want := 5
		if r == 0 || r == l-1 {
			want--
		}
		if c == 0 || c == l-1 {
			want--
		}
		if len(mv) != want || mv[0] != v {
			t.Fatalf("node %d (%d,%d): moves %v, want itself and %d neighbours", v, r, c, mv, want-1)
		}
		for _, u := range mv[1:] {
			if d := abs(u/l-r) + abs(u%l-c); d != 1 {
				t.Fatalf("node %d: move to %d is %d steps away", v, u, d)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestRandomWalk(t *testing.T) {
	g, _ := GenerateGrid(DefaultGridParams(), 1)
	rng := rand.New(rand.NewPCG(5, 6))
	stays, steps := 0, 0
	maps := make([]int, g.Params.Maps)
	for range 400 {
		w := g.RandomWalk(rng, 65)
		maps[w.Map]++
		for s := range w.Places {
			if w.Obs[s] != g.Obs[w.Map][w.Places[s]] {
				t.Fatalf("step %d: observation %d, the map shows %d", s, w.Obs[s], g.Obs[w.Map][w.Places[s]])
			}
			if s == 0 {
				continue
			}
			if !slices.Contains(g.Moves(w.Places[s-1]), w.Places[s]) {
				t.Fatalf("step %d: %d → %d is not a move", s, w.Places[s-1], w.Places[s])
			}
			steps++
			if w.Places[s] == w.Places[s-1] {
				stays++
			}
		}
	}
	// staying has probability 1/5 in the interior, 1/4 on an edge, 1/3 in
	// a corner: about 0.21 over the walk's stationary distribution
	if f := float64(stays) / float64(steps); f < 0.19 || f > 0.24 {
		t.Errorf("stays on %.3f of steps, want ≈ 0.21", f)
	}
	for m, n := range maps {
		if n < 25 { // 50 expected
			t.Errorf("map %d drawn %d times in 400 walks", m, n)
		}
	}
}

func TestMemoryScore(t *testing.T) {
	w := Walk{Places: []int{1, 2, 3, 2, 9, 1}, Obs: []int{0, 1, 2, 1, 3, 0}}
	if !w.InContext(3, 8) || w.InContext(4, 8) || !w.InContext(5, 8) || w.InContext(5, 3) || w.InContext(0, 8) {
		t.Fatal("InContext wrong")
	}
	var s MemoryScore
	s.Add(w, 3, 8, 1) // working, right
	s.Add(w, 5, 8, 2) // working, wrong
	s.Add(w, 4, 8, 3) // reference, right
	s.Add(w, 5, 3, 0) // reference (node 1 is 5 steps back), right
	s.Add(w, 2, 8, 0) // reference, wrong
	if s != (MemoryScore{WorkingCorrect: 1, WorkingTotal: 2, ReferenceCorrect: 2, ReferenceTotal: 3}) {
		t.Fatalf("score %+v", s)
	}
	if s.WorkingError() != 0.5 || math.Abs(s.ReferenceError()-1.0/3) > 1e-15 {
		t.Fatalf("errors %v %v", s.WorkingError(), s.ReferenceError())
	}
	var none MemoryScore
	if !math.IsNaN(none.ReferenceError()) {
		t.Fatal("error of no queries is not NaN")
	}
	var both MemoryScore
	both.Merge(s)
	both.Merge(s)
	if both.ReferenceTotal != 6 || both.WorkingCorrect != 2 {
		t.Fatalf("merge %+v", both)
	}
}

// TestChanceError scores a guesser that names a uniformly drawn
// observation: both errors are ChanceError, and the fraction of queries
// that need reference memory is reported.
func TestChanceError(t *testing.T) {
	p := DefaultGridParams()
	g, _ := GenerateGrid(p, 2)
	rng := rand.New(rand.NewPCG(7, 8))
	var s MemoryScore
	for range 3000 {
		w := g.RandomWalk(rng, p.Context+1)
		for q := p.FirstQuery(); q <= p.Context; q++ {
			s.Add(w, q, p.Context, rng.IntN(p.Observations))
		}
	}
	ch := p.ChanceError()
	if math.Abs(ch-0.9) > 1e-15 {
		t.Fatalf("chance %v", ch)
	}
	for name, e := range map[string]float64{"working": s.WorkingError(), "reference": s.ReferenceError()} {
		if math.Abs(e-ch) > 0.02 {
			t.Errorf("%s-memory error of a random guess %.3f, want %.2f", name, e, ch)
		}
	}
	frac := float64(s.ReferenceTotal) / float64(s.ReferenceTotal+s.WorkingTotal)
	t.Logf("queries that need reference memory: %.3f (%d of %d)", frac, s.ReferenceTotal, s.ReferenceTotal+s.WorkingTotal)
	if frac < 0.01 || frac > 0.5 {
		t.Errorf("reference-memory fraction %.3f", frac)
	}
}
