package cortex

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"engram/task"
)

// Encode experiences ep once while awake: each item's driver cells fire at
// AwakeHz for AwakeItemMs, in order, then the cortex rests AwakeGapMs.
// Learning runs at the weak awake rate; with items 150 ms apart and STDP
// windows of 5 ms the cortex learns almost no order from it. It leaves the
// cortex in Test mode.
func (c *Cortex) Encode(ep task.Episode) error { return c.EncodeContext(context.Background(), ep) }

// EncodeContext is Encode that stops early, returning ctx.Err(), when ctx
// is done (a live viewer ends the day this way).
func (c *Cortex) EncodeContext(ctx context.Context, ep task.Episode) error {
	d, err := c.needDriver("Encode")
	if err != nil {
		return err
	}
	segs, err := c.itemSegments(ep.Items, d.P.AwakeHz, d.P.AwakeItemMs)
	if err != nil {
		return err
	}
	segs = append(segs, segment{asm: -1, ms: d.P.AwakeGapMs})
	c.SetMode(Awake)
	defer c.SetMode(Test)
	return d.playContext(ctx, segs)
}

// Replay drives one replay event of ep, as CA1 would during a sharp-wave
// ripple: its items (reversed when !forward) at ReplayHz for ReplayItemMs
// each, then quiet until ReplayPeriodMs after the event's start. It
// learns at the sleep rate and leaves the cortex in Test mode.
func (c *Cortex) Replay(ep task.Episode, forward bool) error {
	d, err := c.needDriver("Replay")
	if err != nil {
		return err
	}
	items := slices.Clone(ep.Items)
	if !forward {
		slices.Reverse(items)
	}
	segs, err := c.itemSegments(items, d.P.ReplayHz, d.P.ReplayItemMs)
	if err != nil {
		return err
	}
	segs = append(segs, segment{asm: -1, ms: max(0, d.P.ReplayPeriodMs-float64(len(items))*d.P.ReplayItemMs)})
	c.SetMode(Sleep)
	defer c.SetMode(Test)
	return d.play(segs)
}

// replayStyled drives one replay event of ep drawn in style s (event),
// then quiet until ReplayPeriodMs after its start, learning at the sleep
// rate; it leaves the cortex in Test mode.
func (c *Cortex) replayStyled(ep task.Episode, s ReplayStyle, rng *rand.Rand) error {
	d, err := c.needDriver("Replay")
	if err != nil {
		return err
	}
	segs, err := c.event(ep.Items, s, rng)
	if err != nil {
		return err
	}
	dur := 0.0
	for _, sg := range segs {
		dur += sg.ms
	}
	segs = append(segs, segment{asm: -1, ms: max(0, d.P.ReplayPeriodMs-dur)})
	c.SetMode(Sleep)
	defer c.SetMode(Test)
	return d.play(segs)
}

// itemSegments returns one driven segment per item, in order: the item's
// driver cells at hz for ms.
func (c *Cortex) itemSegments(items []task.Item, hz, ms float64) ([]segment, error) {
	segs := make([]segment, 0, len(items)+1)
	for _, it := range items {
		k, err := c.asmOf(it)
		if err != nil {
			return nil, err
		}
		segs = append(segs, segment{asm: k, hz: hz, ms: ms})
	}
	return segs, nil
}

// SleepPlan says what one night replays.
type SleepPlan struct {
	// Replays is the number of replay events per episode (docs/model.md §4.1:
	// 10 per sequence per night in the experiments), ≥ 0.
	Replays int
	// Blocked replays each episode's events together, one episode after
	// the other; otherwise (the default) episodes are interleaved: each
	// round replays every episode once, in an order drawn afresh.
	Blocked bool
	// Style, when set, gives each event the direction, extent, item
	// intervals and spike counts drawn as ReplayStyle says (as the brain's
	// CA1 delivers replay: forward and reverse, compressed, some partial);
	// events start ReplayPeriodMs apart. Nil: every event runs forward,
	// ReplayItemMs per item at ReplayHz (Replay).
	Style *ReplayStyle
}

// NightReport is what happened at the end of one night.
type NightReport struct {
	// Night numbers the night from 1.
	Night int
	// Replays is the number of replay events of the night.
	Replays int
	// Prune is the pruning done after the night (zero when none).
	Prune PruneReport
}

// Sleep runs one night on the synthetic driver: the replay events of plan
// over eps (all forward), then EndNight. The order of an interleaved night
// is drawn from the network's generator, so it is the same for the same
// seed.
func (c *Cortex) Sleep(eps []task.Episode, plan SleepPlan) (NightReport, error) {
	if _, err := c.needDriver("Sleep"); err != nil {
		return NightReport{}, err
	}
	if plan.Replays < 0 {
		return NightReport{}, fmt.Errorf("cortex: SleepPlan.Replays = %d, want ≥ 0", plan.Replays)
	}
	var order []int
	if plan.Blocked {
		for e := range eps {
			for range plan.Replays {
				order = append(order, e)
			}
		}
	} else {
		rng := c.net.Rand(fmt.Sprintf("cortex sleep night %d", c.night+1))
		for range plan.Replays {
			order = append(order, rng.Perm(len(eps))...)
		}
	}
	var rng *rand.Rand
	if plan.Style != nil {
		if err := plan.Style.Validate(); err != nil {
			return NightReport{}, err
		}
		rng = c.net.Rand(fmt.Sprintf("cortex replay events night %d", c.night+1))
	}
	for _, e := range order {
		if plan.Style == nil {
			if err := c.Replay(eps[e], true); err != nil {
				return NightReport{}, err
			}
			continue
		}
		if err := c.replayStyled(eps[e], *plan.Style, rng); err != nil {
			return NightReport{}, err
		}
	}
	rep, err := c.EndNight()
	rep.Replays = len(order)
	return rep, err
}

// EndNight closes a night, however it was driven (by Sleep, or by the
// layer above through CA1): it prunes the plastic E→E synapses by the
// rule of Params.Pruning and the next fraction of Params.PruneSchedule,
// then multiplies every usage trace by Params.UsageDecay. The brain layer
// calls it once after each night's replay.
func (c *Cortex) EndNight() (NightReport, error) {
	c.night++
	rep := NightReport{Night: c.night}
	if c.night <= len(c.p.PruneSchedule) && c.p.Pruning != PruneNone {
		var err error
		rep.Prune, err = c.Prune(c.p.PruneSchedule[c.night-1], c.p.Pruning)
		if err != nil {
			return rep, err
		}
	}
	c.ee.ScaleUsage(c.p.UsageDecay)
	return rep, nil
}

// Recall cues the cortex alone with item cue (its driver cells at CueHz
// for CueMs) with learning off, decodes which assemblies become active in
// the DecodeWindowMs after the cue's onset (Decode), and then lets the
// cortex settle for SettleMs. It returns the recalled items in order, the
// cue excluded, and leaves the cortex in Test mode.
func (c *Cortex) Recall(cue task.Item) ([]task.Item, error) {
	d, err := c.needDriver("Recall")
	if err != nil {
		return nil, err
	}
	k, err := c.asmOf(cue)
	if err != nil {
		return nil, err
	}
	c.SetMode(Test)
	c.spikes.Reset()
	t0 := c.net.TimeMs()
	win := max(c.p.DecodeWindowMs, d.P.CueMs)
	if err := d.play([]segment{{asm: k, hz: d.P.CueHz, ms: d.P.CueMs}, {asm: -1, ms: win - d.P.CueMs}}); err != nil {
		return nil, err
	}
	got := c.Decode(t0, t0+win, cue)
	if err := d.play([]segment{{asm: -1, ms: d.P.SettleMs}}); err != nil {
		return nil, err
	}
	return got, nil
}

// TestResult is a recall test of several episodes.
type TestResult struct {
	// Score is the mean task.Score over the episodes and trials.
	Score float64
	// Scores holds each episode's score, averaged over the trials, and
	// Recalled the items it recalled in the first trial.
	Scores   []float64
	Recalled [][]task.Item
	// EEEvents is the mean number of E→E synaptic events per recall (the
	// cue window and the settling after it).
	EEEvents float64
	// Events is the mean number of synaptic events of all cortical
	// synapses (E→E, E→I, I→E, I→I) per recall.
	Events float64
}

// Test recalls every episode from its cue (Recall) trials times — all
// episodes once, then all again — and scores each recall with
// task.Score. Trials differ only in the background noise of the moment,
// so more of them measure the same memory more finely: one trial scores
// an episode of K items in steps of 1/(K−1).
func (c *Cortex) Test(eps []task.Episode, trials int) (TestResult, error) {
	var r TestResult
	if trials < 1 {
		return r, fmt.Errorf("cortex: Test with %d trials, want ≥ 1", trials)
	}
	ee0, ev0 := c.EEEvents(), c.Events()
	r.Scores = make([]float64, len(eps))
	for t := 0; t < trials; t++ {
		for k, e := range eps {
			got, err := c.Recall(e.Cue())
			if err != nil {
				return r, err
			}
			r.Scores[k] += task.Score(e, got)
			if t == 0 {
				r.Recalled = append(r.Recalled, got)
			}
		}
	}
	if len(eps) > 0 {
		for k := range r.Scores {
			r.Scores[k] /= float64(trials)
			r.Score += r.Scores[k]
		}
		n := float64(len(eps) * trials)
		r.Score /= float64(len(eps))
		r.EEEvents = float64(c.EEEvents()-ee0) / n
		r.Events = float64(c.Events()-ev0) / n
	}
	return r, nil
}
