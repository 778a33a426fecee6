// Package ann is Engram's AI counterpart of the brain model: a small
// decoder-only Transformer, written by hand on gonum, that lives through the
// same days of the shared memory task (package task) as the spiking
// hippocampus and cortex, and is scored by the same task.Score.
//
// The model (Vaswani et al. 2017, pre-layer-norm variant of Xiong et al.
// 2020) has token and position embeddings, 1–4 blocks of multi-head causal
// self-attention (with a learned relative-position bias per head, Shaw et
// al. 2018) and a feed-forward layer whose activation is the
// NMDA-inspired f(x) = x / (1 + α·e^(−βx)) of Kim, Kwon, Cha & Lee (2023),
// a final layer norm and an unembedding to next-token logits. It is trained
// by cross-entropy on the next item with Adam and gradient-norm clipping.
// Every forward and backward pass is hand-written and checked against
// finite differences in the tests; float64 throughout. On x86-64 with AVX2
// the matrix products, attention and the NMDA gate run in assembly kernels
// that give the Go code's (and gonum's) results bit for bit.
//
// The brain/AI comparison of Engram rests on four memory modes (see Mode):
//
//   - ModeNone: episodes only in the context window (working memory),
//     cleared at the end of each day;
//   - ModeFinetune: after each day the weights are trained on that day's
//     episodes only (catastrophic forgetting);
//   - ModeReplay: after each day the weights are trained on that day's
//     episodes interleaved with a buffer of earlier ones (the
//     complementary-learning-systems analogue of sleep replay);
//   - ModeRAG: weights frozen; episodes are kept in an external store and
//     the nearest ones are retrieved into the context by the cue.
//
// ModeNone and ModeRAG need a model that copies from its context (an
// induction head). That model is pre-trained once on random episodes of the
// task's grammar by Pretrain; the result for DefaultParams ships with the
// package (pretrained.bin, made by `go generate ./ann`) so that a run starts
// in milliseconds.
//
// Kim et al.'s own measure of the NMDA activation lives beside the modes:
// TrainWalks trains the model from random weights on their reference-memory
// task (task.Grid: random walks on N fixed grid maps, next-observation
// prediction), with the place of each step given to the model as an input
// (Kim et al. path-integrate it from the actions with a recurrent network),
// and scores working and reference memory; Replicate runs a grid of loads,
// activations (α raw and gain-matched, controls) and seeds.
//
// Costs are measured, not estimated: a Meter counts the floating-point
// operations as the code executes them (Result.FLOPs for the whole run,
// Result.RecallFLOPs for its recalls alone), and Result reports parameter,
// optimizer-state and activation bytes.
//
// Runs are deterministic: every random draw comes from a PCG generator
// seeded from Params.Seed (or Params.Pretrain.Seed), and work spread over
// goroutines is combined in a fixed order, so the same Params, task and mode
// give bit-identical results.
package ann
