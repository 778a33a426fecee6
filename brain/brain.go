package brain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"engram/cortex"
	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

// Brain is the hippocampus and the cortex of one task, built on one
// sim.Network, with CA1 wired to the cortex. Day lives through the next day
// of the task; Run through all of them.
type Brain struct {
	// P holds the parameters the brain was built with (region sizes as
	// raised to fit the task's items).
	P Params
	// Task is the task the brain lives through.
	Task *task.Task
	// Net is the network both regions live in.
	Net *sim.Network
	// H is the hippocampus.
	H *hippocampus.Hippocampus
	// C is the cortex.
	C *cortex.Cortex
	// CA1 is the hippocampal CA1 → cortex projection; its gain is 1 while
	// awake and asleep, 0 during tests.
	CA1 *sim.Projection

	day   int
	phase Phase
	cur   DayResult // the day in progress
	start time.Time // when it began
}

// Sized returns p with the region sizes raised, where needed, so that
// nItems items fit: NPC ≥ nItems·AssemblyPC and NCA1 ≥ nItems·AssemblyCA1
// in the hippocampus, NE ≥ nItems·AssemblySize in the cortex. Sizes that
// already fit are kept.
func (p Params) Sized(nItems int) Params {
	h := &p.Hippocampus
	h.NPC = max(h.NPC, nItems*h.AssemblyPC)
	h.NCA1 = max(h.NCA1, nItems*h.AssemblyCA1)
	p.Cortex.NE = max(p.Cortex.NE, nItems*p.Cortex.AssemblySize)
	return p
}

// New builds a brain for t: one network (seed, workers and [Mg²⁺] of p),
// the hippocampus and the cortex with one assembly per item t uses (sized
// by Sized), CA1 → cortex by item (p.CA1Input), and the cortex's own item
// input (p.Driver). Close releases it.
func New(t *task.Task, p Params) (*Brain, error) {
	if t == nil {
		return nil, errors.New("brain: no task")
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("brain: %w", err)
	}
	items := t.ItemsUsed()
	p = p.Sized(len(items))
	cfg := sim.DefaultConfig()
	cfg.Seed, cfg.Workers, cfg.MgMM = p.Seed, p.Workers, p.MgMM
	n, err := sim.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("brain: %w", err)
	}
	b := &Brain{P: p, Task: t, Net: n}
	if err := b.build(items); err != nil {
		n.Close()
		return nil, err
	}
	return b, nil
}

func (b *Brain) build(items []task.Item) error {
	var err error
	if b.H, err = hippocampus.Build(b.Net, b.P.Hippocampus, items); err != nil {
		return fmt.Errorf("brain: %w", err)
	}
	if b.C, err = cortex.Build(b.Net, b.P.Cortex, items); err != nil {
		return fmt.Errorf("brain: %w", err)
	}
	if b.CA1, err = b.C.ConnectItemInput(b.H.CA1, b.H.ItemOfCA1, b.P.CA1Input); err != nil {
		return fmt.Errorf("brain: %w", err)
	}
	if _, err = b.C.AddDriver(b.P.Driver); err != nil {
		return fmt.Errorf("brain: %w", err)
	}
	return nil
}

// Close releases the network's workers.
func (b *Brain) Close() { b.Net.Close() }

// DaysDone returns how many days the brain has lived through.
func (b *Brain) DaysDone() int { return b.day }

// Phase is the part of a day the brain is in.
type Phase int

const (
	// Rest is between days: the last day is done, the next not begun.
	Rest Phase = iota
	// Awake is encoding: the day's episodes are experienced.
	Awake
	// Asleep is the night: replay, consolidation, pruning.
	Asleep
	// Testing is the recall test of every episode learned so far.
	Testing
)

func (p Phase) String() string {
	return [...]string{"rest", "awake", "sleep", "test"}[p]
}

// Phase returns the phase the brain is in.
func (b *Brain) Phase() Phase { return b.phase }

// Day lives through the next day of the task: Awake, Sleep and Test, and
// returns what was measured. It returns an error when every day is done
// or ctx is cancelled (then the day is incomplete and the brain should not
// be used further).
func (b *Brain) Day(ctx context.Context) (DayResult, error) {
	if err := b.Awake(ctx); err != nil {
		return b.cur, err
	}
	if err := b.Sleep(ctx); err != nil {
		return b.cur, err
	}
	return b.Test(ctx)
}

// Awake begins the next day and lives its awake part: the hippocampus
// encodes each of the day's episodes, the cortex sees them through CA1
// and then (Params.DirectInput) from its own input. A lesion or sleep
// deprivation scheduled for the day takes effect here. When ctx is
// cancelled the episodes not yet experienced are skipped and ctx.Err() is
// returned; the brain is left consistent, so Sleep may follow (a live
// viewer ends the day early this way).
func (b *Brain) Awake(ctx context.Context) error {
	d := b.day
	if d >= len(b.Task.Days) {
		return fmt.Errorf("brain: all %d days are done", len(b.Task.Days))
	}
	if b.phase != Rest {
		return fmt.Errorf("brain: Awake called in phase %s; want %s", b.phase, Rest)
	}
	b.start = time.Now()
	p := b.P
	tp := b.Task.Params
	b.cur = DayResult{Day: d, Deprived: p.deprived(d)}
	if p.lesioned(d) && !b.H.Lesioned() {
		b.H.Lesion()
	}
	b.cur.Lesioned = b.H.Lesioned()
	b.phase = Awake

	if err := b.CA1.SetGain(1); err != nil {
		return err
	}
	b.H.ResetRecording()
	b.C.SetMode(cortex.Awake)
	defer b.C.SetMode(cortex.Test)
	for _, e := range b.Task.Days[d].Episodes {
		if err := b.H.Encode(ctx, e, p.Laps, tp.ItemMs, tp.GapMs); err != nil {
			return err
		}
	}
	b.C.SetMode(cortex.Test)
	if p.DirectInput {
		b.H.SetPaused(true)
		defer b.H.SetPaused(false)
		for _, e := range b.Task.Days[d].Episodes {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := b.C.EncodeContext(ctx, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// Sleep lives the night after Awake: replay through CA1 teaches the
// cortex, then the night ends with pruning (cortex.EndNight) and
// hippocampal trace decay. The night's sharp-wave ripples and replays are
// analysed into the day's result. When ctx is cancelled the night ends
// where it is (what was slept is analysed, the night's end still happens)
// and ctx.Err() is returned; Test may follow.
func (b *Brain) Sleep(ctx context.Context) error {
	if b.phase != Awake {
		return fmt.Errorf("brain: Sleep called in phase %s; want %s", b.phase, Awake)
	}
	b.phase = Asleep
	p, tp, r := b.P, b.Task.Params, &b.cur
	b.H.ResetRecording()
	b.C.SetMode(cortex.Sleep)
	slept := b.H.Sleep(ctx, p.SleepMs, r.Deprived)
	b.C.SetMode(cortex.Test)
	if slept != nil && ctx.Err() == nil {
		return slept
	}
	if p.SleepMs > 0 {
		st, err := b.H.AnalyzeSleep(b.H.Recording(), tp.ItemMs, p.Seed+uint64(r.Day))
		switch {
		case err != nil && slept == nil:
			return fmt.Errorf("brain: day %d sleep analysis: %w", r.Day, err)
		case err == nil:
			r.SWR, r.Replays = len(st.Events), st.Significant
			r.SWRPerS = st.RatePerS
			r.ReplaysBySequence = st.BySequence
			st.Detection.Band, st.Detection.Envelope, st.SpectrumHz, st.Spectrum = nil, nil, nil, nil
			r.Sleep = &st
		}
	}
	b.H.ResetRecording()
	night, err := b.C.EndNight()
	if err != nil {
		return err
	}
	r.Prune = night.Prune
	b.H.Decay(1)
	return slept
}

// Test ends the day begun by Awake and slept by Sleep: every episode
// learned so far is recalled by each readout, and the day's result is
// returned. A cancelled ctx leaves the day incomplete.
func (b *Brain) Test(ctx context.Context) (DayResult, error) {
	if b.phase != Asleep {
		return b.cur, fmt.Errorf("brain: Test called in phase %s; want %s", b.phase, Asleep)
	}
	b.phase = Testing
	r := &b.cur
	e0, t0 := b.Net.Energy(), b.Net.TimeMs()
	if err := b.test(ctx, r); err != nil {
		return *r, err
	}
	b.H.ResetRecording()
	r.Synapses, r.PlasticSynapses = b.C.Synapses()
	for _, e := range b.Task.LearnedBy(r.Day) {
		n, o := b.C.RouteLinks(e)
		r.Links = append(r.Links, RouteLinks{Episode: e.ID, NeighbourMV: n, OtherMV: o})
	}
	r.Energy = b.Net.Energy()
	r.RecallEnergy, r.RecallSimMs = energySince(e0, r.Energy), b.Net.TimeMs()-t0
	r.Recalls = (b.P.CortexTrials + 1) * len(r.Recall) // each episode by the cortex and by the hippocampus
	r.SimMs = b.Net.TimeMs()
	r.WallSeconds = time.Since(b.start).Seconds()
	b.day++
	b.phase = Rest
	return *r, nil
}

// test recalls every episode learned by day r.Day, cortex alone (CA1 →
// cortex gain 0, cued through the cortex's own input, CortexTrials times)
// and hippocampus alone (cued through EC, decoded from CA3;
// hippocampus.RecallSeries), and scores them; Both is the better of the
// two per episode.
func (b *Brain) test(ctx context.Context, r *DayResult) error {
	if err := b.CA1.SetGain(0); err != nil {
		return err
	}
	b.C.SetMode(cortex.Test)
	eps := b.Task.LearnedBy(r.Day)
	b.H.SetPaused(true)
	ct, err := b.C.Test(eps, b.P.CortexTrials)
	b.H.SetPaused(false)
	if err != nil {
		return err
	}
	r.CortexEventsPerRecall = ct.Events
	cues := make([]task.Item, len(eps))
	for k, e := range eps {
		cues[k] = e.Cue()
	}
	b.C.SetPaused(true)
	hr, err := b.H.RecallSeries(ctx, cues)
	b.C.SetPaused(false)
	if err != nil {
		return err
	}
	for k, e := range eps {
		er := EpisodeRecall{
			Episode: e.ID, LearnedDay: e.Day, Salient: e.Salient,
			Cortex: ct.Scores[k], Hippocampus: task.Score(e, hr[k]),
			CortexRecalled: ct.Recalled[k], HippocampusRecalled: hr[k],
		}
		er.Both = max(er.Cortex, er.Hippocampus)
		r.Recall = append(r.Recall, er)
	}
	n := float64(len(r.Recall))
	for _, er := range r.Recall {
		r.Cortex += er.Cortex / n
		r.Hippocampus += er.Hippocampus / n
		r.Both += er.Both / n
	}
	return nil
}

// Run lives through every remaining day of the task and returns the
// results. When ctx is cancelled it stops and returns the days completed
// so far with ctx's error.
func (b *Brain) Run(ctx context.Context) (Result, error) {
	res := b.newResult()
	for b.day < len(b.Task.Days) {
		dr, err := b.Day(ctx)
		if err != nil {
			return res, err
		}
		res.Days = append(res.Days, dr)
	}
	return res, nil
}

// Run builds a brain for t with p, lives through every day of t and
// releases the brain: the one call a scenario runner needs. On
// cancellation it returns the days completed so far with ctx's error.
func Run(ctx context.Context, t *task.Task, p Params) (Result, error) {
	b, err := New(t, p)
	if err != nil {
		return Result{}, err
	}
	defer b.Close()
	return b.Run(ctx)
}

func (b *Brain) newResult() Result {
	tp := b.Task.Params
	return Result{Params: b.P, Task: b.Task, Chance: task.ChanceScore(tp.VocabSize, tp.EpisodeLen)}
}
