package ann

import (
	"fmt"
	"math/rand/v2"

	"engram/task"
)

// WalkProbe is the first training batch of a reference-memory run (the
// model of TrainWalks) laid open, so that another implementation of the
// same model can be checked against this one: the model's shape, its
// initial parameters, the batch, and the loss and gradient computed here.
// The peer harness (bench/peers) builds the model in PyTorch from it and
// compares the gradient that autograd gives with Grad.
type WalkProbe struct {
	// Layers, Heads, DModel, DFF, Context (rows of a window), Tokens
	// (observation types + the blank token) and Places are the model's
	// shape (see WalkParams and the block type: pre-layer-norm blocks,
	// a relative-position bias per head and distance, the feed-forward
	// activation Act).
	Layers, Heads, DModel, DFF, Context, Tokens, Places int
	// Act is the activation of the feed-forward layer.
	Act Activation
	// LNEps is the ε of every layer norm.
	LNEps float64
	// Layout names the parameter arrays in the order they sit in Theta
	// and Grad; matrices are row-major, a linear map being Y = X·W + b
	// with W of shape in × out.
	Layout []ProbeTensor
	// Theta is the parameter vector at initialisation (seed p.Seed).
	Theta []float64
	// Walks are the batch's sequences: per walk the token, place and
	// target (−1: none) of every row.
	Walks []ProbeSequence
	// Loss is the mean cross-entropy over the batch's targets, nats.
	Loss float64
	// Grad is the gradient of Loss with respect to Theta.
	Grad []float64
}

// ProbeTensor is one parameter array of a WalkProbe: Theta[Offset :
// Offset + product of Shape].
type ProbeTensor struct {
	Name   string
	Offset int
	Shape  []int
}

// ProbeSequence is one walk of a WalkProbe's batch.
type ProbeSequence struct {
	Tokens, Places, Targets []int
}

// NewWalkProbe returns the probe of the run of TrainWalks(g, p): its
// initial parameters and its first batch (p.Batch walks drawn as the run
// draws them), with the loss and gradient before the first step.
func NewWalkProbe(g *task.Grid, p WalkParams) (*WalkProbe, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	gp := g.Params
	a := walkArch(p, gp)
	m := initModel(a, rand.New(rand.NewPCG(p.Seed, streamWalkInit)))
	rng := rand.New(rand.NewPCG(p.Seed, streamWalkTrain))
	seqs := make([]sequence, p.Batch)
	pr := &WalkProbe{
		Layers: a.Layers, Heads: a.Heads, DModel: a.DModel, DFF: a.DFF, Context: a.Context,
		Tokens: a.tokens(), Places: a.Places, Act: a.Act, LNEps: lnEps,
		Theta: append([]float64(nil), m.theta...),
	}
	drawWalkBatch(rng, g, seqs)
	for _, s := range seqs {
		pr.Walks = append(pr.Walks, ProbeSequence{Tokens: s.tokens, Places: s.places, Targets: s.targets})
	}
	var meter Meter
	pr.Loss, _ = m.gradient(seqs, &meter)
	pr.Grad = append([]float64(nil), m.grad...)
	pr.Layout = m.layout()
	return pr, nil
}

// layout names m's parameter arrays with their offsets and shapes, in the
// order of the flat vector.
func (m *transformer) layout() []ProbeTensor {
	a := m.arch
	d, f, v := a.DModel, a.DFF, a.tokens()
	var out []ProbeTensor
	add := func(name string, t tensor, shape ...int) {
		out = append(out, ProbeTensor{Name: name, Offset: t.off, Shape: shape})
	}
	add("tok", m.tok, v, d)
	add("pos", m.pos, a.Context, d)
	add("place", m.place, a.Places, d)
	for l, b := range m.blocks {
		n := func(s string) string { return fmt.Sprintf("blocks.%d.%s", l, s) }
		add(n("ln1g"), b.ln1g, d)
		add(n("ln1b"), b.ln1b, d)
		add(n("wqkv"), b.wqkv, d, 3*d)
		add(n("bqkv"), b.bqkv, 3*d)
		add(n("rel"), b.rel, a.Heads, a.Context)
		add(n("wo"), b.wo, d, d)
		add(n("bo"), b.bo, d)
		add(n("ln2g"), b.ln2g, d)
		add(n("ln2b"), b.ln2b, d)
		add(n("w1"), b.w1, d, f)
		add(n("b1"), b.b1, f)
		add(n("w2"), b.w2, f, d)
		add(n("b2"), b.b2, d)
	}
	add("lnfg", m.lnfg, d)
	add("lnfb", m.lnfb, d)
	add("wu", m.wu, d, v)
	add("bu", m.bu, v)
	return out
}
