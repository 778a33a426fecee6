package hippocampus

import (
	"context"
	"math/rand/v2"
	"slices"

	"engram/sim"
	"engram/task"
)

// Night is one hippocampus-only day: the day's episodes experienced once
// each, then a night of sleep, recorded and analysed. It is plain data:
// the network it was recorded on is gone when RunNight returns.
type Night struct {
	// Params are the parameters of the hippocampus.
	Params Params
	// CA3PC, CA1PC and CA3BC are the numbers of CA3 and CA1 pyramidal
	// cells and of CA3 basket cells, the recorded groups; Cells is the
	// number of cells of the whole network.
	CA3PC, CA1PC, CA3BC, Cells int
	// Awake holds the recording of each episode's single traversal, in
	// the order of Sleep.Sequences.
	Awake []Recording
	// Sleep is the recording of the night.
	Sleep Recording
	Stats SleepStats
	// ItemMs is the awake interval between items.
	ItemMs float64
	// SimMs is the simulated time of the day and the night, ms, and
	// Energy what the network spent in it.
	SimMs  float64
	Energy sim.Energy
}

// RunNight builds the hippocampus for the first day of t on a fresh
// network with configuration cfg (time step, seed, workers), encodes that
// day's episodes once each, and sleeps for sleepMs. When ctx is done
// during the sleep it returns the night so far, analysed where it is long
// enough, with ctx's error.
func RunNight(ctx context.Context, p Params, t *task.Task, cfg sim.Config, sleepMs float64) (*Night, error) {
	var items []task.Item
	for _, e := range t.Days[0].Episodes {
		for _, it := range e.Items {
			if !slices.Contains(items, it) {
				items = append(items, it)
			}
		}
	}
	n, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	defer n.Close()
	h, err := Build(n, p, items)
	if err != nil {
		return nil, err
	}
	night := &Night{Params: h.P, CA3PC: h.CA3.Size(), CA1PC: h.CA1.Size(), CA3BC: h.BC.Size(), ItemMs: t.Params.ItemMs}
	for _, g := range n.Groups() {
		night.Cells += g.Size()
	}
	for _, e := range t.Days[0].Episodes {
		h.ResetRecording()
		if err := h.Encode(ctx, e, 1, t.Params.ItemMs, t.Params.GapMs); err != nil {
			return nil, err
		}
		night.Awake = append(night.Awake, h.Recording())
	}
	h.ResetRecording()
	slept := h.Sleep(ctx, sleepMs, false)
	if slept != nil && ctx.Err() == nil {
		return nil, slept
	}
	night.Sleep = h.Recording()
	night.SimMs, night.Energy = n.TimeMs(), n.Energy()
	night.Stats, err = h.AnalyzeSleep(night.Sleep, t.Params.ItemMs, cfg.Seed)
	if err != nil && slept == nil {
		return nil, err
	}
	return night, slept
}

// CompletionPoint is pattern completion measured at one load and age.
type CompletionPoint struct {
	Episodes  int     // episodes stored (load)
	AgeDays   float64 // days since encoding (traces decayed with TraceDecayDays)
	Completed float64 // mean fraction of uncued assembly cells recruited
	Spread    float64 // mean fraction of other assemblies' cells recruited
}

// CompletionCurve stores loads[i] episodes of K items (one exposure each)
// on a fresh network per load and cues cueFrac of each item assembly of
// the first episode at each age in ages (days, ascending): one-shot
// buffering, its capacity and its decay.
func CompletionCurve(ctx context.Context, p Params, tp task.Params, loads []int, ages []float64, cueFrac float64, seed uint64) ([]CompletionPoint, error) {
	var out []CompletionPoint
	for _, load := range loads {
		tp.Days, tp.EpisodesPerDay = 1, load
		tp.VocabSize = max(tp.VocabSize, load*tp.EpisodeLen)
		t, err := task.Generate(tp, seed)
		if err != nil {
			return nil, err
		}
		cfg := sim.DefaultConfig()
		cfg.Seed = seed
		n, err := sim.New(cfg)
		if err != nil {
			return nil, err
		}
		h, err := Build(n, p, t.ItemsUsed())
		if err != nil {
			n.Close()
			return nil, err
		}
		for _, e := range t.Episodes() {
			if err := h.Encode(ctx, e, 1, tp.ItemMs, tp.GapMs); err != nil {
				n.Close()
				return nil, err
			}
		}
		rng := rand.New(rand.NewPCG(seed, uint64(load)))
		e0 := t.Episodes()[0]
		prev := 0.0
		for _, age := range ages {
			h.Decay(age - prev)
			prev = age
			pt := CompletionPoint{Episodes: load, AgeDays: age}
			for _, it := range e0.Items {
				c, err := h.Complete(ctx, it, cueFrac, rng)
				if err != nil {
					n.Close()
					return nil, err
				}
				pt.Completed += c.Completed / float64(len(e0.Items))
				pt.Spread += c.Spread / float64(len(e0.Items))
			}
			out = append(out, pt)
		}
		n.Close()
	}
	return out, nil
}
