package ann

import (
	"errors"
	"fmt"
	"math"
)

// Params configures the Transformer, its training and its memory modes.
// The zero value is not valid; start from DefaultParams and change fields.
type Params struct {
	// Layers is the number of Transformer blocks, 1–4. Default 2: two
	// layers of attention are what an induction head needs (Olsson et al.
	// 2022).
	Layers int
	// Heads is the number of attention heads per block, ≥ 1, dividing
	// DModel. Default 2.
	Heads int
	// DModel is the width of the residual stream (embedding size), 2–512.
	// Default 32.
	DModel int
	// DFF is the width of the feed-forward hidden layer, 1–4096.
	// Default 64.
	DFF int
	// Context is the context window in tokens, 4–1024: the ANN's short-term
	// store. An episode of K items takes K+1 tokens. Default 48 (about
	// seven episodes of five items). The task needs Context ≥ 2K+1.
	Context int
	// Vocab is the number of item tokens of the model, 2–100000; it must be
	// at least the task's VocabSize. The model has one more token, SEP,
	// which opens every episode. Default 64.
	Vocab int
	// Alpha is α of the NMDA activation x/(1 + α·e^(−βx)), the analogue of
	// [Mg²⁺]/3.57 mM; finite. α ≤ 0 makes the feed-forward layer linear.
	// Default 1 (SiLU with β = 1).
	Alpha float64
	// Beta is β of the NMDA activation, 0 < β ≤ 1000. Default 1.
	Beta float64

	// LR is Adam's step size for the training after each day, 0 < LR ≤ 1.
	// Default 3e-3.
	LR float64
	// StepsPerDay is the number of gradient steps after each day in the
	// finetune and replay modes, 0–10⁷. Default 150.
	StepsPerDay int
	// Batch is the number of episodes per gradient step, 1–4096.
	// Default 8.
	Batch int
	// Clip is the largest Euclidean norm of the gradient (larger gradients
	// are rescaled to it); 0 disables clipping. Finite, ≥ 0. Default 1.
	Clip float64
	// ReplayBuffer is how many earlier episodes the replay mode keeps to
	// interleave with the day's (reservoir sampling), ≥ 0. Default 256.
	ReplayBuffer int
	// Retrieve is how many stored episodes the rag mode puts into the
	// context for a cue, ≥ 1. Default 2.
	Retrieve int

	// Pretrain is the recipe of the pre-training that gives the model its
	// ability to copy from the context. The modes start from the
	// pre-trained weights; with Pretrain.Steps = 0 they start from random
	// weights drawn from Seed.
	Pretrain PretrainParams

	// Seed seeds every random draw of a run (initial weights when not
	// pre-trained, the order of training examples, the replay buffer).
	Seed uint64
}

// PretrainParams is the recipe of pre-training on random episodes of the
// task's grammar (see Pretrain). The pre-trained model is an artefact made
// once, like a downloaded checkpoint: it depends on these fields and on the
// model's shape (Layers … Beta, Clip), not on Params.Seed.
type PretrainParams struct {
	// Steps is the number of Adam steps, ≥ 0; 0 means no pre-training.
	// Default 3000.
	Steps int
	// LR is Adam's step size, 0 < LR ≤ 1. Default 3e-3.
	LR float64
	// Batch is the number of random sequences per step, 1–4096.
	// Default 16.
	Batch int
	// Seed seeds the initial weights and the random sequences. Default 1.
	Seed uint64
}

// DefaultParams returns the model of Engram's default scenario: two layers
// of two heads, d_model 32, d_ff 64, a window of 48 tokens, α = β = 1,
// pre-trained for 3,000 steps, then 150 steps of Adam (batch 8) after each
// day. It has 23,105 parameters.
func DefaultParams() Params {
	return Params{
		Layers: 2, Heads: 2, DModel: 32, DFF: 64, Context: 48, Vocab: 64,
		Alpha: 1, Beta: 1,
		LR: 3e-3, StepsPerDay: 150, Batch: 8, Clip: 1,
		ReplayBuffer: 256, Retrieve: 2,
		Pretrain: PretrainParams{Steps: 3000, LR: 3e-3, Batch: 16, Seed: 1},
		Seed:     1,
	}
}

// FieldError reports a parameter outside its allowed range.
type FieldError struct {
	// Field is the name of the field, as in Params ("Pretrain.LR").
	Field string
	// Value is the value given.
	Value any
	// Allowed describes the allowed values.
	Allowed string
}

// Error formats the error as "ann: Field = value, want allowed".
func (e *FieldError) Error() string {
	return fmt.Sprintf("ann: %s = %v, want %s", e.Field, e.Value, e.Allowed)
}

// Validate reports every field outside its allowed range, as *FieldError
// values joined by errors.Join, or nil.
func (p Params) Validate() error {
	var errs []error
	bad := func(cond bool, field string, v any, allowed string) {
		if cond {
			errs = append(errs, &FieldError{Field: field, Value: v, Allowed: allowed})
		}
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	bad(p.Layers < 1 || p.Layers > 4, "Layers", p.Layers, "1 ≤ Layers ≤ 4")
	bad(p.DModel < 2 || p.DModel > 512, "DModel", p.DModel, "2 ≤ DModel ≤ 512")
	bad(p.Heads < 1 || p.Heads > max(p.DModel, 1) || (p.DModel > 0 && p.DModel%max(p.Heads, 1) != 0),
		"Heads", p.Heads, fmt.Sprintf("a divisor of DModel (%d)", p.DModel))
	bad(p.DFF < 1 || p.DFF > 4096, "DFF", p.DFF, "1 ≤ DFF ≤ 4096")
	bad(p.Context < 4 || p.Context > 1024, "Context", p.Context, "4 ≤ Context ≤ 1024 tokens")
	bad(p.Vocab < 2 || p.Vocab > 100000, "Vocab", p.Vocab, "2 ≤ Vocab ≤ 100000 item tokens")
	bad(!finite(p.Alpha), "Alpha", p.Alpha, "a finite number (α ≤ 0: linear)")
	bad(!finite(p.Beta) || !(p.Beta > 0) || p.Beta > 1000, "Beta", p.Beta, "0 < Beta ≤ 1000")
	bad(!finite(p.LR) || !(p.LR > 0) || p.LR > 1, "LR", p.LR, "0 < LR ≤ 1")
	bad(p.StepsPerDay < 0 || p.StepsPerDay > 1e7, "StepsPerDay", p.StepsPerDay, "0 ≤ StepsPerDay ≤ 10⁷")
	bad(p.Batch < 1 || p.Batch > 4096, "Batch", p.Batch, "1 ≤ Batch ≤ 4096")
	bad(!finite(p.Clip) || p.Clip < 0, "Clip", p.Clip, "a finite number ≥ 0 (0: no clipping)")
	bad(p.ReplayBuffer < 0, "ReplayBuffer", p.ReplayBuffer, "≥ 0 episodes")
	bad(p.Retrieve < 1, "Retrieve", p.Retrieve, "≥ 1 episode")
	q := p.Pretrain
	bad(q.Steps < 0 || q.Steps > 1e7, "Pretrain.Steps", q.Steps, "0 ≤ Pretrain.Steps ≤ 10⁷")
	bad(!finite(q.LR) || !(q.LR > 0) || q.LR > 1, "Pretrain.LR", q.LR, "0 < Pretrain.LR ≤ 1")
	bad(q.Batch < 1 || q.Batch > 4096, "Pretrain.Batch", q.Batch, "1 ≤ Pretrain.Batch ≤ 4096")
	if q.Steps > 0 {
		bad(p.Vocab < 4, "Vocab", p.Vocab, "≥ 4 item tokens when pre-training")
		bad(p.Context < 6, "Context", p.Context, "≥ 6 tokens when pre-training")
	}
	return errors.Join(errs...)
}

// arch returns the shape of the model p describes.
func (p Params) arch() arch {
	return arch{Layers: p.Layers, Heads: p.Heads, DModel: p.DModel, DFF: p.DFF,
		Context: p.Context, Vocab: p.Vocab, Act: Activation{Kind: ActNMDA, NMDA: NMDA{Alpha: p.Alpha, Beta: p.Beta}}}
}
