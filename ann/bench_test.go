package ann

import (
	"math/rand/v2"
	"testing"

	"engram/task"
)

// BenchmarkTrainStep measures one Adam step of the default model on a batch
// of Batch sequences of the pre-training grammar (about 35 tokens each),
// reporting tokens per second and the FLOP rate from the FLOP meter.
func BenchmarkTrainStep(b *testing.B) {
	p := DefaultParams()
	a := p.arch()
	m := initModel(a, rand.New(rand.NewPCG(1, 1)))
	opt := newAdam(m.numParams(), p.LR)
	rng := rand.New(rand.NewPCG(2, 2))
	batches := make([][]sequence, 64)
	for i := range batches {
		batches[i] = make([]sequence, p.Pretrain.Batch)
		for j := range batches[i] {
			batches[i][j] = pretrainSequence(a, rng)
		}
	}
	var meter Meter
	tokens := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
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

// BenchmarkRunReplay measures a whole replay run of the default task.
func BenchmarkRunReplay(b *testing.B) {
	tk, _ := task.Generate(task.DefaultParams(), 1)
	for i := 0; i < b.N; i++ {
		if _, err := Run(tk, DefaultParams(), ModeReplay); err != nil {
			b.Fatal(err)
		}
	}
}
