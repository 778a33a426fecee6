package ann

import (
	"math"
	"math/rand/v2"
	"testing"

	"engram/task"
)

// TestArenaReuse checks that reusing activation memory changes nothing:
// with the arenas filled with NaN before every step, a model's loss and
// gradient on a batch are bit for bit those of a fresh copy of the model,
// whose first step allocates its buffers. Both the default model and the
// reference-memory model (places, another activation) are checked, on
// batches of different shapes one after the other.
func TestArenaReuse(t *testing.T) {
	arenaPoison = true
	defer func() { arenaPoison = false }()
	rng := rand.New(rand.NewPCG(71, 72))
	gp := task.DefaultGridParams()
	gp.Context = 16
	g, _ := task.GenerateGrid(gp, 1)
	wp := DefaultWalkParams()
	wp.Act = Activation{Kind: ActGELU}
	models := []struct {
		name  string
		a     arch
		batch func() []sequence
	}{
		{"default", DefaultParams().arch(), func() []sequence {
			s := make([]sequence, 1+rng.IntN(6))
			for i := range s {
				s[i] = pretrainSequence(DefaultParams().arch(), rng)
			}
			return s
		}},
		{"walks", walkArch(wp, gp), func() []sequence {
			s := make([]sequence, 1+rng.IntN(6))
			for i := range s {
				s[i] = walkSequence(g.RandomWalk(rng, 1+rng.IntN(gp.Context+1)), gp.Observations, 1)
			}
			return s
		}},
	}
	for _, c := range models {
		m := initModel(c.a, rand.New(rand.NewPCG(73, 74)))
		for step := range 4 {
			seqs := c.batch()
			var meter Meter
			loss, _ := m.gradient(seqs, &meter)
			fresh := m.clone()
			want, _ := fresh.gradient(seqs, &meter)
			if math.Float64bits(loss) != math.Float64bits(want) {
				t.Fatalf("%s, step %d: loss %v with reused memory, %v fresh", c.name, step, loss, want)
			}
			for i := range m.grad {
				if math.Float64bits(m.grad[i]) != math.Float64bits(fresh.grad[i]) {
					t.Fatalf("%s, step %d: gradient[%d] %v with reused memory, %v fresh", c.name, step, i, m.grad[i], fresh.grad[i])
				}
			}
		}
	}
}
