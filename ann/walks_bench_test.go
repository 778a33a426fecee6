package ann

import (
	"math/rand/v2"
	"testing"

	"engram/task"
)

// BenchmarkWalkStep measures one Adam step of the standard replication
// model (DefaultWalkParams on an 11×11 grid, a window of 64 steps: 129
// tokens a walk, 16 walks a step), reporting tokens per second and the
// FLOP rate from the FLOP meter.
func BenchmarkWalkStep(b *testing.B) {
	gp := task.DefaultGridParams()
	g, err := task.GenerateGrid(gp, 1)
	if err != nil {
		b.Fatal(err)
	}
	p := DefaultWalkParams()
	m := initModel(walkArch(p, gp), rand.New(rand.NewPCG(1, 1)))
	opt := newAdam(m.numParams(), p.LR)
	rng := rand.New(rand.NewPCG(2, 2))
	batches := make([][]sequence, 8)
	for i := range batches {
		batches[i] = make([]sequence, p.Batch)
		for j := range batches[i] {
			batches[i][j] = walkSequence(g.RandomWalk(rng, gp.Context+1), gp.Observations, 1)
		}
	}
	var meter Meter
	tokens := 0
	for i := 0; b.Loop(); i++ {
		seqs := batches[i%len(batches)]
		for _, s := range seqs {
			tokens += len(s.tokens)
		}
		m.trainStep(seqs, opt, p.Clip, &meter)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(tokens)/sec, "tokens/s")
	b.ReportMetric(float64(meter.Total())/sec/1e9, "GFLOP/s")
}
