package ann

import (
	"fmt"

	"engram/param"
)

// Params configures the Transformer, its training and its memory modes.
// The zero value is not valid; start from DefaultParams and change fields.
type Params struct {
	// Layers is the number of Transformer blocks. Two layers of attention
	// are what an induction head needs (Olsson et al. 2022).
	Layers int `toml:"layers" range:"1..4" doc:"Transformer blocks (two make an induction head)"`
	// Heads is the number of attention heads per block, dividing DModel.
	Heads int `toml:"heads" range:"1..512" doc:"attention heads per block (dividing d_model)"`
	// DModel is the width of the residual stream (embedding size).
	DModel int `toml:"d_model" range:"2..512" doc:"width of the residual stream (embedding size)"`
	// DFF is the width of the feed-forward hidden layer.
	DFF int `toml:"d_ff" range:"1..4096" doc:"width of the feed-forward hidden layer"`
	// Context is the context window in tokens: the ANN's short-term
	// store. An episode of K items takes K+1 tokens; the task needs
	// Context ≥ 2K+1.
	Context int `toml:"context" unit:"tokens" range:"4..1024" doc:"context window, the short-term store (an episode of K items takes K+1 tokens; ≥ 2K+1)"`
	// Vocab is the number of item tokens of the model; it must be at
	// least the task's VocabSize. The model has one more token, SEP,
	// which opens every episode.
	Vocab int `toml:"vocab" unit:"tokens" range:"2..100000" doc:"item tokens of the model (≥ task.vocab), besides SEP"`
	// Alpha is α of the NMDA activation x/(1 + α·e^(−βx)), the analogue of
	// [Mg²⁺]/3.57 mM; α ≤ 0 makes the feed-forward layer linear.
	Alpha float64 `toml:"alpha" unit:"" range:"-1..1000" doc:"NMDA-activation α of x/(1 + α·e^(−βx)), the analogue of [Mg²⁺]/3.57 mM; ≤ 0 linear, 1 with β = 1 is SiLU"`
	// Beta is β of the NMDA activation.
	Beta float64 `toml:"beta" unit:"" range:"0<..1000" doc:"NMDA-activation β"`

	// LR is Adam's step size for the training after each day.
	LR float64 `toml:"lr" unit:"" range:"0<..1" doc:"Adam's step size for the training after each day"`
	// StepsPerDay is the number of gradient steps after each day in the
	// finetune and replay modes.
	StepsPerDay int `toml:"steps_per_day" range:"0..10000000" doc:"gradient steps after each day (finetune, replay)"`
	// Batch is the number of episodes per gradient step.
	Batch int `toml:"batch" range:"1..4096" doc:"episodes per gradient step"`
	// Clip is the largest Euclidean norm of the gradient (larger gradients
	// are rescaled to it); 0 disables clipping.
	Clip float64 `toml:"clip" unit:"" range:"0.." doc:"largest Euclidean norm of the gradient (0: no clipping)"`
	// ReplayBuffer is how many earlier episodes the replay mode keeps to
	// interleave with the day's (reservoir sampling).
	ReplayBuffer int `toml:"replay_buffer" range:"0..1000000" doc:"earlier episodes the replay mode keeps to interleave with the day's (reservoir sampling)"`
	// Retrieve is how many stored episodes the rag mode puts into the
	// context for a cue.
	Retrieve int `toml:"retrieve" range:"1..1000" doc:"stored episodes the rag mode puts into the context for a cue"`

	// Pretrain is the recipe of the pre-training that gives the model its
	// ability to copy from the context. The modes start from the
	// pre-trained weights; with Pretrain.Steps = 0 they start from random
	// weights drawn from Seed.
	Pretrain PretrainParams `toml:"pretrain"`

	// Seed seeds every random draw of a run (initial weights when not
	// pre-trained, the order of training examples, the replay buffer).
	Seed uint64 `toml:"-"`
}

// PretrainParams is the recipe of pre-training on random episodes of the
// task's grammar (see Pretrain). The pre-trained model is an artefact made
// once, like a downloaded checkpoint: it depends on these fields and on the
// model's shape (Layers … Beta, Clip), not on Params.Seed.
type PretrainParams struct {
	// Steps is the number of Adam steps; 0 means no pre-training.
	Steps int `toml:"steps" range:"0..10000000" doc:"Adam steps of pre-training (0: none; other than the shipped recipe, pre-training runs before the first day)"`
	// LR is Adam's step size.
	LR float64 `toml:"lr" unit:"" range:"0<..1" doc:"Adam's step size of pre-training"`
	// Batch is the number of random sequences per step.
	Batch int `toml:"batch" range:"1..4096" doc:"random sequences per step of pre-training"`
	// Seed seeds the initial weights and the random sequences.
	Seed uint64 `toml:"seed" range:"0..9223372036854775807" doc:"seeds the pre-training's initial weights and random sequences"`
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

// Validate reports the first parameter outside its range (its tags), or
// values that do not fit together, as a *param.Error.
func (p Params) Validate() error {
	if err := param.Check(&p, ""); err != nil {
		return err
	}
	switch {
	case p.DModel%p.Heads != 0:
		return param.Invalid(&p, &p.Heads, fmt.Sprintf("a divisor of d_model (%d)", p.DModel))
	case p.Pretrain.Steps > 0 && p.Vocab < 4:
		return param.Invalid(&p, &p.Vocab, "≥ 4 item tokens when pre-training")
	case p.Pretrain.Steps > 0 && p.Context < 6:
		return param.Invalid(&p, &p.Context, "≥ 6 tokens when pre-training")
	}
	return nil
}

// arch returns the shape of the model p describes.
func (p Params) arch() arch {
	return arch{Layers: p.Layers, Heads: p.Heads, DModel: p.DModel, DFF: p.DFF,
		Context: p.Context, Vocab: p.Vocab, Act: Activation{Kind: ActNMDA, NMDA: NMDA{Alpha: p.Alpha, Beta: p.Beta}}}
}
