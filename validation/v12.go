package validation

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"engram/ann"
	"engram/task"
)

// V12 — ANN memory (MODEL.md §5, §6). The Transformer of package ann lives
// through days of the shared task in its four memory modes and is scored by
// task.Score, as the brain is.
//
// Acceptance ranges, fixed from the literature before measuring:
//
//   - Fine-tuning on each day's episodes alone forgets the earlier ones:
//     with disjoint items this is class-incremental learning, where plain
//     fine-tuning keeps essentially nothing of earlier tasks (McCloskey &
//     Cohen 1989; van de Ven, Tuytelaars & Tolias 2022, Nat. Mach. Intell.,
//     "fine-tuning" baseline). Day-1 recall must first be learned (≥ 0.8 on
//     day 1) and then fall to chance (≤ chance + 0.1) by the last day.
//   - Interleaving earlier episodes (replay) prevents that interference
//     (McClelland, McNaughton & O'Reilly 1995): day-1 recall ≥ 0.8 on the
//     last day.
//   - Context only: an induction head copies an episode that is in the
//     window (Olsson et al. 2022), so same-day recall ≥ 0.8; once the
//     window is cleared nothing remains, so day-1 recall on later days
//     ≤ chance + 0.1.
//   - Retrieval (RAG) puts the stored episode back into the window: day-1
//     recall on the last day ≥ 0.8.
//   - The NMDA α of the feed-forward activation changes long-term memory
//     formation (Kim, Kwon, Cha & Lee 2023, where α = 0, linear, is worst).
//     The sweep passes when α changes long-term recall by at least 0.05 and
//     by at least 3 standard errors of the seed-to-seed variation; the
//     curve itself, and the rank of α = 0, are reported whatever their
//     shape.
//
// The α sweep measures long-term recall (every episode, cue alone, at the
// last test) after replay with a short night (8 Adam steps a day), from
// random weights (the shipped pre-trained model is for α = 1 only), on a
// task with 12 disjoint episodes. With the default 150 steps a night every
// α reaches recall 1 on this task: a ceiling, which hides any effect on
// how fast memories are consolidated.
func init() {
	register(Row{ID: "V12", Title: "ANN memory: context window, fine-tuning, replay, retrieval, NMDA α", Run: runV12})
}

// v12Alphas are the α of the sweep: 0 (no Mg²⁺, linear), 0.28 (1 mM
// [Mg²⁺], α = [Mg²⁺]/3.57 mM), SiLU (1), and stronger blocks.
var v12Alphas = []float64{0, 0.28, 1, 3, 10, 30}

// v12Task is the task of the mode comparison: five days of two disjoint
// episodes of five items.
func v12Task() task.Params {
	tp := task.DefaultParams()
	tp.VocabSize, tp.EpisodesPerDay, tp.Days = 50, 2, 5
	return tp
}

// v12SweepTask is the task of the α sweep: three days of four disjoint
// episodes.
func v12SweepTask() task.Params {
	tp := task.DefaultParams()
	tp.VocabSize, tp.EpisodesPerDay, tp.Days = 64, 4, 3
	return tp
}

func runV12(o Options) ([]Check, error) {
	seeds, sweepSeeds := 5, 8
	if o.Quick {
		seeds, sweepSeeds = 2, 4
	}
	tp := v12Task()
	chance := task.ChanceScore(tp.VocabSize, tp.EpisodeLen)
	last := tp.Days - 1

	// the four modes, each on the same tasks and seeds
	type modeRun struct {
		mode ann.Mode
		seed uint64
	}
	var jobs []modeRun
	for s := range seeds {
		for _, m := range ann.Modes() {
			jobs = append(jobs, modeRun{m, o.Seed + uint64(s)})
		}
	}
	results := make([]*ann.Result, len(jobs))
	err := v12Parallel(len(jobs), func(i int) error {
		tk, err := task.Generate(tp, jobs[i].seed)
		if err != nil {
			return err
		}
		p := ann.DefaultParams()
		p.Seed = jobs[i].seed
		results[i], err = ann.Run(tk, p, jobs[i].mode)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("V12: %w", err)
	}
	// day-1 curves averaged over seeds, per mode
	curve := map[ann.Mode][]float64{}
	inWindow := map[ann.Mode][]float64{}
	for i, r := range results {
		m := jobs[i].mode
		if curve[m] == nil {
			curve[m] = make([]float64, tp.Days)
			inWindow[m] = make([]float64, tp.Days)
		}
		for d, v := range r.RecallOfDay(0) {
			curve[m][d] += v / float64(seeds)
		}
		for d, v := range r.InWindowRecall() {
			inWindow[m][d] += v / float64(seeds)
		}
	}
	after := 0.0
	for d := 1; d <= last; d++ {
		after += curve[ann.ModeNone][d] / float64(last)
	}
	dayN := fmt.Sprintf("day %d", tp.Days)
	checks := []Check{
		Within("finetune: day-1 recall on day 1", curve[ann.ModeFinetune][0], "", 0.8, 1),
		Within(fmt.Sprintf("finetune: day-1 recall on %s (forgetting; chance %.2f for M = %d, K = %d)", dayN, chance, tp.VocabSize, tp.EpisodeLen),
			curve[ann.ModeFinetune][last], "", 0, chance+0.1),
		Within("replay: day-1 recall on "+dayN, curve[ann.ModeReplay][last], "", 0.8, 1),
		Within("none: same-day recall inside the window", v12Mean(inWindow[ann.ModeNone]), "", 0.8, 1),
		Within("none: day-1 recall after the window is cleared (days 2–5)", after, "", 0, chance+0.1),
		Within("rag: day-1 recall on "+dayN, curve[ann.ModeRAG][last], "", 0.8, 1),
	}

	// α sweep: long-term recall after replay with a short night
	sp := v12SweepTask()
	type sweepRun struct {
		alpha float64
		seed  uint64
	}
	var sj []sweepRun
	for _, a := range v12Alphas {
		for s := range sweepSeeds {
			sj = append(sj, sweepRun{a, o.Seed + uint64(s)})
		}
	}
	recall := make([]float64, len(sj))
	err = v12Parallel(len(sj), func(i int) error {
		tk, err := task.Generate(sp, sj[i].seed)
		if err != nil {
			return err
		}
		p := ann.DefaultParams()
		p.Alpha, p.Seed = sj[i].alpha, sj[i].seed
		p.Pretrain.Steps = 0
		p.StepsPerDay = 8
		r, err := ann.Run(tk, p, ann.ModeReplay)
		if err != nil {
			return err
		}
		recall[i] = r.MeanRecall(sp.Days - 1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("V12 α sweep: %w", err)
	}
	means := make([]float64, len(v12Alphas))
	ses := make([]float64, len(v12Alphas))
	for k := range v12Alphas {
		x := recall[k*sweepSeeds : (k+1)*sweepSeeds]
		means[k], ses[k] = v12Mean(x), v12StdErr(x)
	}
	var byAlpha []string
	for k, a := range v12Alphas {
		byAlpha = append(byAlpha, fmt.Sprintf("α %g: %.2f ± %.2f", a, means[k], ses[k]))
	}
	lo, hi := 0, 0
	for k := range means {
		if means[k] < means[lo] {
			lo = k
		}
		if means[k] > means[hi] {
			hi = k
		}
	}
	spread := means[hi] - means[lo]
	z := spread / math.Hypot(ses[hi], ses[lo])
	rank := 1 // rank of α = 0 from the lowest recall
	for k := range means {
		if means[k] < means[0] {
			rank++
		}
	}
	checks = append(checks,
		Within(fmt.Sprintf("α sweep: change of long-term recall, max − min (replay, 8 steps a night; %s)", strings.Join(byAlpha, ", ")), spread, "", 0.05, 1),
		Within(fmt.Sprintf("α sweep: change in standard errors (α = 0 ranks %d of %d from the lowest recall)", rank, len(v12Alphas)), z, "SE", 3, math.Inf(1)),
	)
	return checks, nil
}

// v12Parallel runs fn(0) … fn(n−1) on two goroutines and returns the first
// error by index. Each fn writes only its own result, so the outcome does
// not depend on scheduling.
func v12Parallel(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				errs[i] = fn(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func v12Mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// v12StdErr returns the standard error of the mean of x (sample standard
// deviation / √n).
func v12StdErr(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m := v12Mean(x)
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1) / float64(len(x)))
}
