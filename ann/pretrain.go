package ann

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// pretrainMaxLen is the largest episode length in the pre-training data.
const pretrainMaxLen = 8

// pretrainSequence draws one pre-training sequence of the task's grammar:
// a context of random episodes (2–pretrainMaxLen distinct items, all items
// of the sequence distinct, as in a task with Disjoint reuse) followed by
// repeats of some of them,
//
//	SEP e₁ … SEP e_n  SEP e_q SEP e_r …
//
// Only the items of a repeat after its first are targets, so the loss
// rewards exactly what recall from a cue asks for: finding the cue in the
// context and copying what followed it (an induction head, Olsson et al.
// 2022). Three contexts in four fill at most 2/3 of the window and leave
// room for several repeats, the most signal per step; the fourth fills the
// window but for one repeat of its last episode, so that recall is also
// learned from the far end of a full window (without these, the model
// copies only from the positions it was trained to copy from).
func pretrainSequence(a arch, rng *rand.Rand) sequence {
	w := a.Context
	ctxMax := 2 * w / 3
	full := rng.IntN(4) == 0
	if full {
		ctxMax = w
	}
	maxLen := min(pretrainMaxLen, a.Vocab/2, (w-2)/2)
	perm := rng.Perm(a.Vocab)
	var eps [][]int
	used, total, longest := 0, 0, 0
	for {
		k := 2 + rng.IntN(maxLen-1)
		room := max(longest, k) + 1 // for a repeat of any episode
		if full {
			room = k + 1 // for a repeat of this one, the last
		}
		if total+(k+1)+room > w || total+k+1 > ctxMax || used+k > a.Vocab {
			break
		}
		eps = append(eps, perm[used:used+k])
		used += k
		total += k + 1
		longest = max(longest, k)
		if !full && rng.IntN(6) == 0 {
			break
		}
	}
	if len(eps) == 0 { // the window holds only the shortest episode twice
		eps = append(eps, perm[:2])
	}
	var tok, tg []int
	for _, e := range eps {
		tok = append(tok, a.sep())
		tok = append(tok, e...)
	}
	for range tok {
		tg = append(tg, -1)
	}
	// repeats of earlier episodes, until the window is full or, by chance,
	// once it is half full
	for first := true; ; first = false {
		q := eps[rng.IntN(len(eps))]
		if first && full {
			q = eps[len(eps)-1]
		}
		if len(tok)+len(q)+1 > w {
			break
		}
		tok = append(tok, a.sep(), q[0])
		tg = append(tg, -1, q[1])
		for i := 1; i < len(q); i++ {
			tok = append(tok, q[i])
			next := -1
			if i+1 < len(q) {
				next = q[i+1]
			}
			tg = append(tg, next)
		}
		if len(tok) > w/2 && rng.IntN(3) == 0 {
			break
		}
	}
	return sequence{tokens: tok, targets: tg}
}

// Recipe is everything that determines a pre-trained model: its shape and
// how it was trained. Two equal recipes give bit-identical weights.
type Recipe struct {
	// Layers, Heads, DModel, DFF, Context, Vocab, Alpha, Beta and Clip are
	// the Params fields of the same names.
	Layers  int     `json:"layers"`
	Heads   int     `json:"heads"`
	DModel  int     `json:"d_model"`
	DFF     int     `json:"d_ff"`
	Context int     `json:"context"`
	Vocab   int     `json:"vocab"`
	Alpha   float64 `json:"alpha"`
	Beta    float64 `json:"beta"`
	Clip    float64 `json:"clip"`
	// Pretrain is how the model was trained.
	Pretrain PretrainParams `json:"pretrain"`
}

// Recipe returns the pre-training recipe of p.
func (p Params) Recipe() Recipe {
	return Recipe{Layers: p.Layers, Heads: p.Heads, DModel: p.DModel, DFF: p.DFF,
		Context: p.Context, Vocab: p.Vocab, Alpha: p.Alpha, Beta: p.Beta, Clip: p.Clip,
		Pretrain: p.Pretrain}
}

// Checkpoint is a pre-trained model with the recipe that made it, its loss
// curve and what its training cost.
type Checkpoint struct {
	// Recipe is how the model was made.
	Recipe Recipe
	// Loss is the training loss (nats per predicted item) of every step.
	Loss []float64
	// FLOPs is the work of the pre-training.
	FLOPs Meter
	model *transformer
}

// NumParams returns the number of parameters of the checkpoint's model.
func (c *Checkpoint) NumParams() int { return c.model.numParams() }

// Pretrain trains a model of p's shape for p.Pretrain.Steps steps of Adam
// on random sequences of the task's grammar (see pretrainSequence): a few
// random episodes, then repeats of some of them, the loss counting only the
// repeated items after their first. A 2-layer Transformer learns an
// induction head on such data, with the abrupt drop of the loss that Olsson
// et al. (2022, "In-context learning and induction heads") describe, and
// can then recall an episode from its cue when the episode is in its
// context. The weights start from N(0, ·) draws of a PCG generator seeded
// with p.Pretrain.Seed, and the sequences come from a second stream of the
// same seed, so the result is a function of p.Recipe() alone.
//
// progress, if not nil, is called after every step with the step number
// (from 1) and its loss.
func Pretrain(p Params, progress func(step int, loss float64)) (*Checkpoint, error) {
	return PretrainContext(context.Background(), p, progress)
}

// PretrainContext is Pretrain that stops, returning ctx's error, when ctx
// is done (checked before every step).
func PretrainContext(ctx context.Context, p Params, progress func(step int, loss float64)) (*Checkpoint, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	a := p.arch()
	q := p.Pretrain
	m := initModel(a, rand.New(rand.NewPCG(q.Seed, streamInit)))
	ck := &Checkpoint{Recipe: p.Recipe(), Loss: make([]float64, 0, q.Steps), model: m}
	if q.Steps == 0 {
		return ck, nil
	}
	rng := rand.New(rand.NewPCG(q.Seed, streamData))
	opt := newAdam(m.numParams(), q.LR)
	seqs := make([]sequence, q.Batch)
	for step := 1; step <= q.Steps; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i := range seqs {
			seqs[i] = pretrainSequence(a, rng)
		}
		loss, _ := m.trainStep(seqs, opt, p.Clip, &ck.FLOPs)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return nil, fmt.Errorf("ann: pre-training diverged at step %d (loss %v); lower Pretrain.LR (%g) or set Clip", step, loss, q.LR)
		}
		ck.Loss = append(ck.Loss, loss)
		if progress != nil {
			progress(step, loss)
		}
	}
	m.zeroGrad()
	return ck, nil
}

// Streams of the PCG generators derived from a seed.
const (
	streamInit   = 0x696e6974 // "init": initial weights
	streamData   = 0x64617461 // "data": pre-training sequences, training batches
	streamReplay = 0x72706c79 // "rply": the replay buffer's reservoir
)
