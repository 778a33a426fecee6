package ann

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"engram/param"
	"engram/task"

	"gonum.org/v1/gonum/stat"
)

// LossPoint is the training loss of one gradient step after a day.
type LossPoint struct {
	// Day is the day (from 0) after which the step was taken.
	Day int
	// Step numbers the gradient steps of the run from 0.
	Step int
	// Loss is the mean cross-entropy of the batch before the step, in
	// nats per predicted item.
	Loss float64
}

// Memory is what a run's model and stores occupy, 8 bytes per float64
// and per token.
type Memory struct {
	// Params is the number of trainable parameters.
	Params int
	// ParamBytes is the size of the weights (the long-term store).
	ParamBytes int64
	// OptimizerBytes is the size of Adam's two moment estimates, held
	// while training (0 in modes that never train after pre-training).
	OptimizerBytes int64
	// PeakActivationBytes is the largest size of the activations held at
	// once for a backward pass or an output, by one training step (all
	// its workers) or one forward pass of a recall (the short-term store
	// in use), over the run.
	PeakActivationBytes int64
	// ContextTokens is the size of the context window.
	ContextTokens int
	// ExternalBytes is the size of what is kept outside the weights at
	// the end of the run: the replay buffer's episodes or the rag store's
	// episodes and keys.
	ExternalBytes int64
}

// Result is what a run of one mode measured. Its slices are not changed
// after it is returned.
type Result struct {
	// Mode is the memory mode of the run.
	Mode Mode
	// Params are the parameters of the run.
	Params Params
	// Task is the task the run lived through.
	Task *task.Task
	// Recall[d][i] is task.Score of episode i (its ID) at the test at the
	// end of day d, for the episodes learned by then (len(Recall[d]) =
	// len(Task.LearnedBy(d))).
	Recall [][]float64
	// Recalled[d][i] is the sequence the model produced for that test.
	Recalled [][][]task.Item
	// Loss is the training loss of every gradient step after the days
	// (empty for the modes that do not train).
	Loss []LossPoint
	// PretrainLoss is the loss of every pre-training step of the starting
	// weights (nats per predicted item).
	PretrainLoss []float64
	// PretrainSource says where the starting weights came from:
	// SourceEmbedded, SourceComputed or SourceNone.
	PretrainSource string
	// FLOPs is the work of the run itself: training after the days,
	// storing episodes (ModeRAG's keys) and every recall of the tests.
	FLOPs Meter
	// RecallFLOPs is the part of FLOPs spent by the recall tests: for each
	// recall, the retrieval that fills the context (ModeRAG) and the
	// forward passes that generate the recalled items.
	RecallFLOPs Meter
	// Recalls is the number of recalls of the run's tests: one recall is
	// one cued recall of one episode (every episode learned so far, at
	// the test after each day).
	Recalls int
	// PretrainFLOPs is the work the pre-training of the starting weights
	// cost when it was done (also for an embedded checkpoint).
	PretrainFLOPs Meter
	// Memory is what the run's model and stores occupy.
	Memory Memory
	// Wall is the wall-clock time of the run (the only field that differs
	// between two runs with the same parameters).
	Wall time.Duration

	final *snapshot // the model and stores at the last test
}

// snapshot is the state a recall test reads: the weights and the
// short-term contents of the mode.
type snapshot struct {
	model  *transformer
	window [][]task.Item // ModeNone: the day's episodes
	store  *ragStore     // ModeRAG
	day    int
}

// Runner lives through a task one day at a time, so that a viewer or a
// progress bar can follow a run. Run is a Runner stepped to the end.
type Runner struct {
	task   *task.Task
	p      Params
	mode   Mode
	a      arch
	model  *transformer
	rng    *rand.Rand
	buffer replayBuffer
	store  ragStore
	window [][]task.Item
	day    int
	step   int
	res    Result
	start  time.Time
}

// NewRunner checks p and mode against the task and prepares a run that
// starts from the pre-trained weights of p.Pretrain (or random weights
// seeded by p.Seed when p.Pretrain.Steps = 0). Pre-training, if its result
// is neither embedded nor already made in this process, happens here.
func NewRunner(t *task.Task, p Params, mode Mode) (*Runner, error) {
	start := time.Now()
	if t == nil || len(t.Days) == 0 {
		return nil, fmt.Errorf("ann: the task has no days")
	}
	if _, err := ParseMode(string(mode)); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	tp := t.Params
	if p.Vocab < tp.VocabSize {
		return nil, param.Invalid(&p, &p.Vocab, fmt.Sprintf("≥ the task's vocabulary (%d items)", tp.VocabSize))
	}
	if p.Context < 2*tp.EpisodeLen+1 {
		return nil, param.Invalid(&p, &p.Context, fmt.Sprintf("≥ 2·episode length + 1 = %d tokens (one episode and a recall)", 2*tp.EpisodeLen+1))
	}
	r := &Runner{task: t, p: p, mode: mode, a: p.arch(), start: start,
		rng: rand.New(rand.NewPCG(p.Seed, streamData))}
	r.buffer = replayBuffer{cap: p.ReplayBuffer, rng: rand.New(rand.NewPCG(p.Seed, streamReplay))}
	r.res = Result{Mode: mode, Params: p, Task: t, PretrainSource: SourceNone}
	if p.Pretrain.Steps > 0 {
		ck, src, err := checkpointFor(context.Background(), p, nil)
		if err != nil {
			return nil, err
		}
		r.model = ck.model.clone()
		r.res.PretrainSource = src
		r.res.PretrainLoss = slices.Clone(ck.Loss)
		r.res.PretrainFLOPs = ck.FLOPs
	} else {
		r.model = initModel(r.a, rand.New(rand.NewPCG(p.Seed, streamInit)))
	}
	n := r.model.numParams()
	r.res.Memory = Memory{Params: n, ParamBytes: 8 * int64(n), ContextTokens: p.Context}
	if mode.trains() && p.StepsPerDay > 0 {
		r.res.Memory.OptimizerBytes = 16 * int64(n)
	}
	return r, nil
}

// Day returns the index of the next day to live (len(Task.Days) when done).
func (r *Runner) Day() int { return r.day }

// Done reports whether every day has been lived.
func (r *Runner) Done() bool { return r.day >= len(r.task.Days) }

// Step lives the next day: the day's episodes are experienced (put in the
// context window, or stored for retrieval), the weights are trained as the
// mode says, and every episode learned so far is tested.
func (r *Runner) Step() error {
	if r.Done() {
		return fmt.Errorf("ann: the run has lived all %d days", len(r.task.Days))
	}
	d := r.day
	today := r.task.Days[d].Episodes
	// awake: experience the day
	r.window = r.window[:0]
	for _, e := range today {
		switch r.mode {
		case ModeNone:
			r.window = append(r.window, e.Items)
		case ModeRAG:
			r.res.FLOPs.Forward += r.store.add(r.model, e)
		}
	}
	// after the day: learn
	var err error
	switch r.mode {
	case ModeFinetune:
		err = r.train(today, nil)
	case ModeReplay:
		err = r.train(today, r.buffer.eps)
		for _, e := range today {
			r.buffer.add(e)
		}
	}
	if err != nil {
		return err
	}
	// test
	learned := r.task.LearnedBy(d)
	scores := make([]float64, len(learned))
	recalled := make([][]task.Item, len(learned))
	for i, e := range learned {
		recalled[i] = r.recall(e)
		scores[i] = task.Score(e, recalled[i])
	}
	r.res.Recall = append(r.res.Recall, scores)
	r.res.Recalled = append(r.res.Recalled, recalled)
	r.day++
	return nil
}

// train takes StepsPerDay Adam steps (a fresh optimizer each day) on
// batches of episode sequences: all drawn from today when earlier is
// empty, otherwise ⌈Batch/2⌉ from today and the rest from earlier, each
// uniformly with replacement. Salience tags are not used: the ANN has no
// neuromodulatory tag. It fails if the loss stops being finite.
func (r *Runner) train(today, earlier []task.Episode) error {
	opt := newAdam(r.model.numParams(), r.p.LR)
	nNew := r.p.Batch
	if len(earlier) > 0 {
		nNew = (r.p.Batch + 1) / 2
	}
	seqs := make([]sequence, r.p.Batch)
	for range r.p.StepsPerDay {
		for i := range seqs {
			var e task.Episode
			if i < nNew {
				e = today[r.rng.IntN(len(today))]
			} else {
				e = earlier[r.rng.IntN(len(earlier))]
			}
			seqs[i] = r.a.episodeSequence(e.Items)
		}
		loss, act := r.model.trainStep(seqs, opt, r.p.Clip, &r.res.FLOPs)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return fmt.Errorf("ann: training diverged after day %d, step %d (loss %v); lower LR (%g) or set Clip", r.day+1, r.step, loss, r.p.LR)
		}
		r.res.Memory.PeakActivationBytes = max(r.res.Memory.PeakActivationBytes, act)
		r.res.Loss = append(r.res.Loss, LossPoint{Day: r.day, Step: r.step, Loss: loss})
		r.step++
	}
	return nil
}

// context returns the tokens that precede "SEP cue" when recalling e,
// and adds the FLOPs of getting them to meter.
func (r *Runner) context(e task.Episode, meter *Meter) []int {
	ctx, f := shortTerm(r.mode, r.a, r.model, r.window, &r.store, r.p.Retrieve, e)
	meter.Forward += f
	return ctx
}

// shortTerm returns what the mode holds in the context when e is recalled,
// and the FLOPs of getting it: the day's window (ModeNone), the retrieved
// episodes (ModeRAG, the most similar nearest to the cue), nothing
// otherwise. It leaves room in the window for the recall.
func shortTerm(mode Mode, a arch, m *transformer, window [][]task.Item, store *ragStore, k int, e task.Episode) ([]int, int64) {
	room := a.recallRoom(len(e.Items))
	switch mode {
	case ModeNone:
		return a.windowTokens(window, room), 0
	case ModeRAG:
		hits, f := store.retrieve(m, e.Cue(), k)
		eps := make([][]task.Item, len(hits))
		for i, h := range hits {
			eps[len(hits)-1-i] = h.Items
		}
		return a.windowTokens(eps, room), f
	}
	return nil, 0
}

// recall cues the model with e's first item after the mode's context and
// returns the K−1 items it generates greedily. Its FLOPs count in FLOPs
// and in RecallFLOPs.
func (r *Runner) recall(e task.Episode) []task.Item {
	var m Meter
	ctx := r.a.recallContext(r.context(e, &m), e.Cue())
	out, act := r.model.generate(ctx, len(e.Items)-1, r.task.Params.VocabSize, &m)
	r.res.FLOPs = r.res.FLOPs.Add(m)
	r.res.RecallFLOPs = r.res.RecallFLOPs.Add(m)
	r.res.Recalls++
	r.res.Memory.PeakActivationBytes = max(r.res.Memory.PeakActivationBytes, act)
	return out
}

// Result returns what the run has measured so far, as a copy that later
// steps do not change. Call it from the goroutine that calls Step.
func (r *Runner) Result() *Result {
	res := r.res
	res.Recall = make([][]float64, len(r.res.Recall))
	for i, s := range r.res.Recall {
		res.Recall[i] = slices.Clone(s)
	}
	res.Recalled = make([][][]task.Item, len(r.res.Recalled))
	for i, s := range r.res.Recalled {
		res.Recalled[i] = make([][]task.Item, len(s))
		for j, x := range s {
			res.Recalled[i][j] = slices.Clone(x)
		}
	}
	res.Loss = slices.Clone(r.res.Loss)
	res.PretrainLoss = slices.Clone(r.res.PretrainLoss)
	res.Memory.ExternalBytes = r.externalBytes()
	res.Wall = time.Since(r.start)
	snap := &snapshot{model: r.model.clone(), day: r.day - 1}
	for _, w := range r.window {
		snap.window = append(snap.window, slices.Clone(w))
	}
	if r.mode == ModeRAG {
		st := &ragStore{eps: slices.Clone(r.store.eps), keys: slices.Clone(r.store.keys)}
		snap.store = st
	}
	res.final = snap
	return &res
}

// externalBytes returns the size of the replay buffer or rag store.
func (r *Runner) externalBytes() int64 {
	var n int64
	for _, e := range r.buffer.eps {
		n += 8 * int64(len(e.Items))
	}
	for i, e := range r.store.eps {
		n += 8*int64(len(e.Items)) + 8*int64(len(r.store.keys[i]))
	}
	return n
}

// Run lives every day of t in the given mode and returns the per-day
// recall of every learned episode, the loss curve, the FLOPs and memory it
// took. The same t, p and mode give identical results (Wall aside).
func Run(t *task.Task, p Params, mode Mode) (*Result, error) {
	r, err := NewRunner(t, p, mode)
	if err != nil {
		return nil, err
	}
	for !r.Done() {
		if err := r.Step(); err != nil {
			return nil, err
		}
	}
	return r.Result(), nil
}

// Energy returns the energy in joules of the run's FLOPs at joulesPerFLOP
// (JoulesPerFLOPH100, JoulesPerFLOPGPT3).
func (res *Result) Energy(joulesPerFLOP float64) float64 { return res.FLOPs.Energy(joulesPerFLOP) }

// FLOPsPerRecall returns the mean work of one recall, RecallFLOPs.Total()
// / Recalls, in FLOPs (0 when the run recalled nothing).
func (res *Result) FLOPsPerRecall() float64 {
	if res.Recalls == 0 {
		return 0
	}
	return float64(res.RecallFLOPs.Total()) / float64(res.Recalls)
}

// JoulesPerRecall returns the energy in joules of one recall at
// joulesPerFLOP: RecallFLOPs.Energy(joulesPerFLOP) / Recalls (0 when the
// run recalled nothing). Training is not included: it is the cost of
// using the memory, not of making it.
func (res *Result) JoulesPerRecall(joulesPerFLOP float64) float64 {
	if res.Recalls == 0 {
		return 0
	}
	return res.RecallFLOPs.Energy(joulesPerFLOP) / float64(res.Recalls)
}

// MeanRecall returns the mean score of every episode learned by day d at
// the test of day d, or NaN if the run has not reached day d.
func (res *Result) MeanRecall(d int) float64 {
	if d < 0 || d >= len(res.Recall) {
		return math.NaN()
	}
	return stat.Mean(res.Recall[d], nil)
}

// RecallOfDay returns, for every test day d of the run, the mean score of
// the episodes first experienced on day `of` (NaN for d < of): the
// forgetting curve of that day's episodes.
func (res *Result) RecallOfDay(of int) []float64 {
	out := make([]float64, len(res.Recall))
	for d, scores := range res.Recall {
		out[d] = math.NaN()
		if d < of {
			continue
		}
		s, n := 0.0, 0
		for _, e := range res.Task.Days[of].Episodes {
			s += scores[e.ID]
			n++
		}
		if n > 0 {
			out[d] = s / float64(n)
		}
	}
	return out
}

// InWindowRecall returns, for every test day d, the mean score of the
// episodes experienced that same day: recall while they are new.
func (res *Result) InWindowRecall() []float64 {
	out := make([]float64, len(res.Recall))
	for d := range res.Recall {
		out[d] = res.RecallOfDay(d)[d]
	}
	return out
}
