package ann

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"engram/param"
	"engram/task"
)

// The Transformer on Kim et al.'s reference-memory task (task.Grid). Kim,
// Kwon, Cha & Lee (2023) feed a Transformer-XL one token per step of a
// random walk, the step's observation joined with a grid code that a
// recurrent network path-integrates from the actions, and a last token
// with the grid code of the next step and a blank observation, whose
// output predicts the observation there. Here the model is given the place
// itself (the grid node, as a learned place embedding) instead of a
// path-integrated code, and every step's prediction is made in one pass: a
// window of W+1 steps is the sequence
//
//	q₀ o₀ q₁ o₁ … q_{W−1} o_{W−1} q_W,
//
// where oₜ is the token of observation xₜ plus the embedding of place pₜ
// (Kim et al.'s step token) and qₜ is the blank token (SEP) plus the
// embedding of pₜ (their query token). The output at qₜ predicts xₜ from
// the steps before it, so one causal pass answers every query of the
// window.

// WalkParams configures the Transformer of the reference-memory task and
// its training. The zero value is not valid; start from DefaultWalkParams.
type WalkParams struct {
	// Layers, Heads, DModel and DFF are the shape of the model (ranges as
	// in Params). Default 2 layers of 2 heads, d_model 64, d_ff 256.
	Layers, Heads, DModel, DFF int
	// Act is the activation of the feed-forward layer. Default NMDA with
	// α = 1, β = 1 (SiLU).
	Act Activation

	// LR is Adam's largest step size, reached after WarmupSteps and
	// decayed linearly to 0 at the last step (Kim et al. decay linearly
	// too), 0 < LR ≤ 1. Default 2e-3.
	LR float64
	// WarmupSteps is the number of steps over which the step size rises
	// linearly from LR/WarmupSteps to LR, 0 ≤ WarmupSteps < Steps.
	// Default 100.
	WarmupSteps int
	// Steps is the number of Adam steps, 1–10⁷. Default 2500.
	Steps int
	// Batch is the number of walks per step, 1–4096; every query of a
	// walk after its first step is a training target. Default 16.
	Batch int
	// Clip is the largest Euclidean norm of the gradient; 0 disables
	// clipping. Default 1.
	Clip float64

	// EvalEvery is the number of steps between points of the learning
	// curve, ≥ 0 (0: a point at the end only). Default 250.
	EvalEvery int
	// EvalWalks is the number of held-out walks scored at each point of
	// the learning curve (the same walks at every point), ≥ 1. Default 128.
	EvalWalks int
	// FinalWalks is the number of other held-out walks of the final
	// score, ≥ 1. Default 1024.
	FinalWalks int

	// Seed seeds the initial weights and the training and held-out walks
	// (the maps come with the task).
	Seed uint64
}

// DefaultWalkParams returns the model and training of the standard
// replication: two layers of two heads, d_model 64, d_ff 256 (118,031
// parameters on an 11×11 grid with 10 observation types), α = β = 1,
// 2,500 Adam steps of 16 walks (5.2 million tokens) at a step size of
// 2e-3. Kim et al. train a 2-layer Transformer-XL with d_model 512 for
// about 400,000 steps of 512 walks on a GPU; this is that model scaled
// down (width ÷ 8) to train in about 5 minutes on one core.
func DefaultWalkParams() WalkParams {
	return WalkParams{
		Layers: 2, Heads: 2, DModel: 64, DFF: 256,
		Act: Activation{Kind: ActNMDA, NMDA: NMDA{Alpha: 1, Beta: 1}},
		LR:  2e-3, WarmupSteps: 100, Steps: 2500, Batch: 16, Clip: 1,
		EvalEvery: 250, EvalWalks: 128, FinalWalks: 1024,
		Seed: 1,
	}
}

// Validate reports every field outside its allowed range, as *param.Error
// values (keyed by field name) joined by errors.Join, or nil.
func (p WalkParams) Validate() error {
	var errs []error
	bad := func(cond bool, field string, v any, allowed string) {
		if cond {
			errs = append(errs, &param.Error{Key: field, Value: fmt.Sprint(v), Want: allowed})
		}
	}
	bad(p.Layers < 1 || p.Layers > 4, "Layers", p.Layers, "1 ≤ Layers ≤ 4")
	bad(p.DModel < 2 || p.DModel > 512, "DModel", p.DModel, "2 ≤ DModel ≤ 512")
	bad(p.Heads < 1 || p.Heads > max(p.DModel, 1) || (p.DModel > 0 && p.DModel%max(p.Heads, 1) != 0),
		"Heads", p.Heads, fmt.Sprintf("a divisor of DModel (%d)", p.DModel))
	bad(p.DFF < 1 || p.DFF > 4096, "DFF", p.DFF, "1 ≤ DFF ≤ 4096")
	if err := p.Act.Validate(); err != nil {
		errs = append(errs, err)
	}
	bad(math.IsNaN(p.LR) || !(p.LR > 0) || p.LR > 1, "LR", p.LR, "0 < LR ≤ 1")
	bad(p.Steps < 1 || p.Steps > 1e7, "Steps", p.Steps, "1 ≤ Steps ≤ 10⁷")
	bad(p.WarmupSteps < 0 || p.WarmupSteps >= max(p.Steps, 1), "WarmupSteps", p.WarmupSteps, fmt.Sprintf("0 ≤ WarmupSteps < Steps (%d)", p.Steps))
	bad(p.Batch < 1 || p.Batch > 4096, "Batch", p.Batch, "1 ≤ Batch ≤ 4096")
	bad(math.IsNaN(p.Clip) || math.IsInf(p.Clip, 0) || p.Clip < 0, "Clip", p.Clip, "a finite number ≥ 0 (0: no clipping)")
	bad(p.EvalEvery < 0, "EvalEvery", p.EvalEvery, "≥ 0 steps")
	bad(p.EvalWalks < 1 || p.EvalWalks > 1e6, "EvalWalks", p.EvalWalks, "1 ≤ EvalWalks ≤ 10⁶")
	bad(p.FinalWalks < 1 || p.FinalWalks > 1e6, "FinalWalks", p.FinalWalks, "1 ≤ FinalWalks ≤ 10⁶")
	return errors.Join(errs...)
}

// walkArch returns the shape of the model of p on the task gp: the
// observations are its items, SEP its blank token, the grid's nodes its
// places, and the window holds 2W+1 tokens.
func walkArch(p WalkParams, gp task.GridParams) arch {
	return arch{Layers: p.Layers, Heads: p.Heads, DModel: p.DModel, DFF: p.DFF,
		Context: 2*gp.Context + 1, Vocab: gp.Observations, Places: gp.Nodes(), Act: p.Act}
}

// WalkParamCount returns the number of trainable parameters of the model
// of p on the task gp.
func WalkParamCount(p WalkParams, gp task.GridParams) int {
	return newModel(walkArch(p, gp)).numParams()
}

// WalkPoint is one point of a learning curve.
type WalkPoint struct {
	// Step is the number of Adam steps taken.
	Step int
	// Loss is the mean training loss (nats per query) of the steps since
	// the previous point.
	Loss float64
	// Score is the score of the held-out walks of the curve.
	Score task.MemoryScore
}

// WalkResult is the outcome of TrainWalks.
type WalkResult struct {
	Params WalkParams
	Grid   task.GridParams
	// NumParams is the number of trainable parameters.
	NumParams int
	// Curve is the learning curve, one point every EvalEvery steps and at
	// the end.
	Curve []WalkPoint
	// Final is the score of FinalWalks other held-out walks after the
	// last step (zero when the run was interrupted).
	Final task.MemoryScore
	// FLOPs counts the operations of training and scoring.
	FLOPs Meter
	// Tokens is the number of tokens trained on.
	Tokens int64
	// Complete is false when the run was cancelled before its last step.
	Complete bool
}

// walkSequence lays out a window of w as the model's sequence: tokens
// q₀ o₀ … q_W, each with its place, and the observation of step t as the
// target of qₜ for first ≤ t (other rows have no target).
func walkSequence(w task.Walk, obs, first int) sequence {
	n := len(w.Places)
	s := sequence{tokens: make([]int, 0, 2*n-1), targets: make([]int, 0, 2*n-1), places: make([]int, 0, 2*n-1)}
	for t := range n {
		tg := -1
		if t >= first {
			tg = w.Obs[t]
		}
		s.tokens = append(s.tokens, obs) // SEP, the blank observation
		s.targets = append(s.targets, tg)
		s.places = append(s.places, w.Places[t])
		if t+1 < n {
			s.tokens = append(s.tokens, w.Obs[t])
			s.targets = append(s.targets, -1)
			s.places = append(s.places, w.Places[t])
		}
	}
	return s
}

// Stream numbers of the generators of a run, beside its seed.
const (
	streamWalkInit  = 0x696e6974 // "init"
	streamWalkTrain = 0x7472616e // "tran"
	streamWalkEval  = 0x6576616c // "eval"
	streamWalkFinal = 0x66696e6c // "finl"
)

// TrainWalks trains a Transformer of p from random weights on walks of the
// maps of g and scores its working and reference memory on held-out walks
// of the same maps (task.MemoryScore). progress, if not nil, is called
// after every step with the steps done. When ctx is cancelled the run
// stops after the current step and returns what it has, Complete false.
// The result depends only on g, p (and not on scheduling).
func TrainWalks(ctx context.Context, g *task.Grid, p WalkParams, progress func(step int)) (*WalkResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	gp := g.Params
	a := walkArch(p, gp)
	m := initModel(a, rand.New(rand.NewPCG(p.Seed, streamWalkInit)))
	opt := newAdam(m.numParams(), p.LR)
	res := &WalkResult{Params: p, Grid: gp, NumParams: m.numParams()}
	rng := rand.New(rand.NewPCG(p.Seed, streamWalkTrain))
	seqs := make([]sequence, p.Batch)
	lossSum, lossN := 0.0, 0
	point := func(step int) {
		sc := scoreWalks(m, g, p.EvalWalks, rand.New(rand.NewPCG(p.Seed, streamWalkEval)), &res.FLOPs)
		res.Curve = append(res.Curve, WalkPoint{Step: step, Loss: lossSum / float64(max(lossN, 1)), Score: sc})
		lossSum, lossN = 0, 0
	}
	for step := range p.Steps {
		if ctx.Err() != nil {
			return res, nil
		}
		res.Tokens += int64(drawWalkBatch(rng, g, seqs))
		opt.lr = p.stepSize(step)
		loss, _ := m.trainStep(seqs, opt, p.Clip, &res.FLOPs)
		lossSum += loss
		lossN++
		done := step + 1
		if (p.EvalEvery > 0 && done%p.EvalEvery == 0) || done == p.Steps {
			point(done)
		}
		if progress != nil {
			progress(done)
		}
	}
	res.Final = scoreWalks(m, g, p.FinalWalks, rand.New(rand.NewPCG(p.Seed, streamWalkFinal)), &res.FLOPs)
	res.Complete = true
	return res, nil
}

// drawWalkBatch fills seqs with training windows of walks drawn from rng
// (every query after the first step a target) and returns their tokens.
func drawWalkBatch(rng *rand.Rand, g *task.Grid, seqs []sequence) int {
	n := 0
	for i := range seqs {
		seqs[i] = walkSequence(g.RandomWalk(rng, g.Params.Context+1), g.Params.Observations, 1)
		n += len(seqs[i].tokens)
	}
	return n
}

// stepSize returns Adam's step size at step s (from 0): a linear rise over
// WarmupSteps, then a linear fall that reaches LR/(Steps−WarmupSteps) at
// the last step.
func (p WalkParams) stepSize(s int) float64 {
	if s < p.WarmupSteps {
		return p.LR * float64(s+1) / float64(p.WarmupSteps)
	}
	return p.LR * float64(p.Steps-s) / float64(p.Steps-p.WarmupSteps)
}

// scoreWalks draws n walks of W+1 steps from rng and scores the model's
// answers to their queries FirstQuery … W (the observation type with the
// largest logit). The walks are split into parts scored concurrently.
func scoreWalks(m *transformer, g *task.Grid, n int, rng *rand.Rand, meter *Meter) task.MemoryScore {
	gp := g.Params
	walks := make([]task.Walk, n)
	for i := range walks {
		walks[i] = g.RandomWalk(rng, gp.Context+1)
	}
	const part = 16 // walks per forward pass
	nParts := (n + part - 1) / part
	scores := make([]task.MemoryScore, nParts)
	flops := make([]int64, nParts)
	var wg sync.WaitGroup
	next := make(chan int)
	for range trainWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ar := &arena{}
			for k := range next {
				ar.reset()
				ws := walks[k*part : min((k+1)*part, n)]
				seqs := make([]sequence, len(ws))
				for i, w := range ws {
					seqs[i] = walkSequence(w, gp.Observations, gp.FirstQuery())
				}
				b := newBatch(seqs, false)
				c, f := m.forwardIn(b, ar)
				flops[k] = f
				v := m.arch.tokens()
				r := 0
				for _, w := range ws {
					for q := gp.FirstQuery(); q <= gp.Context; q++ {
						z := c.logits[r*v : r*v+gp.Observations]
						best := 0
						for o, x := range z {
							if x > z[best] {
								best = o
							}
						}
						scores[k].Add(w, q, gp.Context, best)
						r++
					}
				}
			}
		}()
	}
	for k := range nParts {
		next <- k
	}
	close(next)
	wg.Wait()
	var s task.MemoryScore
	for k := range scores {
		s.Merge(scores[k])
		meter.Forward += flops[k]
	}
	return s
}
