package validation

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"engram/brain"
	"engram/hippocampus"
	"engram/sim"
	"engram/task"
)

func init() {
	register(Row{ID: "V5", Title: "one-shot buffering in CA3", Run: runV5})
	register(Row{ID: "V6", Title: "sharp-wave ripples", Run: runV6})
	register(Row{ID: "V7", Title: "replay of stored sequences", Run: runV7})
}

// defaultBrainTask returns the task of the default scenario (day-night:
// brain.DefaultTask) for a seed, or with o.Quick its first 3 days.
func defaultBrainTask(o Options) (*task.Task, error) {
	tp := brain.DefaultTask()
	if o.Quick {
		tp.Days, tp.VocabSize = 3, 15
	}
	return task.Generate(tp, o.Seed)
}

// defaultBrainParams returns the default brain (brain.DefaultParams) with
// the seed of o.
func defaultBrainParams(o Options) brain.Params {
	p := brain.DefaultParams()
	p.Seed = o.Seed
	return p
}

// brainCache shares one run of the default brain between V6 and V7.
var brainCache struct {
	sync.Mutex
	key Options
	res *brain.Result
	err error
}

// defaultBrainRun lives (once per seed) through the days of the default
// scenario on the default brain — the run `simulate -seed N` makes — and
// returns its result, whose nights V6 and V7 read.
func defaultBrainRun(o Options) (brain.Result, error) {
	brainCache.Lock()
	defer brainCache.Unlock()
	if (brainCache.res != nil || brainCache.err != nil) && brainCache.key == o {
		if brainCache.err != nil {
			return brain.Result{}, brainCache.err
		}
		return *brainCache.res, nil
	}
	t, err := defaultBrainTask(o)
	if err != nil {
		return brain.Result{}, err
	}
	r, err := brain.Run(context.Background(), t, defaultBrainParams(o))
	brainCache.key, brainCache.res, brainCache.err = o, &r, err
	return r, err
}

// runV5 lives through the days of the default scenario on the default
// brain with one switch: after each day's test the hippocampus is probed
// for pattern completion (hippocampus.CompleteSeries, the cortex paused):
// a random 30 % of each item assembly of every route stored so far is
// cued, and the fraction of the rest of the assembly that fires is
// measured. docs/model.md §6 V5 and §7: a once-stored assembly is completed to
// ≥ 90 % (the first route, after its first night), and completion falls
// with load (each day's new route after its first night, on the last day
// against the first) and with age (every route on the last day, the
// oldest against the newest).
func runV5(o Options) ([]Check, error) {
	t, err := defaultBrainTask(o)
	if err != nil {
		return nil, err
	}
	b, err := brain.New(t, defaultBrainParams(o))
	if err != nil {
		return nil, err
	}
	defer b.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(o.Seed, 0x7635))
	var newest []float64 // each day's new route after its first night
	var byAge []float64  // the last day: every route, oldest first
	for d := range t.Days {
		if _, err := b.Day(ctx); err != nil {
			return nil, err
		}
		eps := t.LearnedBy(d)
		var items []task.Item
		for _, e := range eps {
			items = append(items, e.Items...)
		}
		b.C.SetPaused(true)
		cs, err := b.H.CompleteSeries(ctx, items, 0.3, rng)
		b.C.SetPaused(false)
		if err != nil {
			return nil, err
		}
		routes := make([]float64, len(eps))
		for k, e := range eps {
			for _, c := range cs[k*len(e.Items) : (k+1)*len(e.Items)] {
				routes[k] += c.Completed / float64(len(e.Items))
			}
		}
		newest = append(newest, routes[len(routes)-1])
		byAge = routes
	}
	last := len(newest) - 1
	checks := []Check{
		Within("completion from a 30 % cue: day-1 route after its first night (1 route stored)", 100*newest[0], "%", 90, 100),
		Within(fmt.Sprintf("falls with load: new route after its first night, %d routes stored minus 1", last+1), 100*(newest[last]-newest[0]), "points", math.Inf(-1), -1e-9),
		Within(fmt.Sprintf("falls with age: last day, route %d nights old minus route 1 night old", last+1), 100*(byAge[0]-byAge[last]), "points", math.Inf(-1), -1e-9),
	}
	for d, c := range newest {
		checks = append(checks, Within(fmt.Sprintf("day %d: its new route (%d routes stored)", d+1, d+1), 100*c, "%", math.Inf(-1), math.Inf(1)))
	}
	for k, c := range byAge {
		checks = append(checks, Within(fmt.Sprintf("last day: route %d nights old", len(byAge)-k), 100*c, "%", math.Inf(-1), math.Inf(1)))
	}
	return checks, nil
}

// v6NightMs is V6's one switch on the default brain for the intervals
// between ripples: nights of 60 s instead of the scenario's 10 s. A 10-s
// night holds 3–8 intervals, too few for a CV to tell near-exponential
// from regular: a Poisson process at 0.6 events/s gives a CV in 0.6–1.4
// on only ≈ 66 % of 10-s nights (all five nights ≈ 12 %), on ≈ 99 % of
// 60-s nights (TestV6NightLength).
const v6NightMs = 60000.0

// longNightRun lives through the default scenario's days on the default
// brain with nights of v6NightMs.
func longNightRun(o Options) (brain.Result, error) {
	t, err := defaultBrainTask(o)
	if err != nil {
		return brain.Result{}, err
	}
	p := defaultBrainParams(o)
	p.SleepMs = v6NightMs
	return brain.Run(context.Background(), t, p)
}

// runV6 reads the nights of the default brain's run: sharp-wave ripples
// detected in the CA3 LFP proxy (150–250 Hz band, envelope > mean + 3 SD
// for ≥ 15 ms, population bursts only) and checks docs/model.md §6 V6 and
// §7 on every night: ≥ 3 events at 0.2–2 per second, median duration
// 30–150 ms, median in-event spectral peak 150–250 Hz. Whether the
// intervals between events are near-exponential (CV 0.6–1.4; an
// exponential has CV 1) — isolated sharp waves, not a train — is checked
// on every night of the same brain with nights of v6NightMs; the CV of the
// default run's short nights is reported beside it.
func runV6(o Options) ([]Check, error) {
	r, err := defaultBrainRun(o)
	if err != nil {
		return nil, err
	}
	long, err := longNightRun(o)
	if err != nil {
		return nil, err
	}
	var checks []Check
	for _, d := range r.Days {
		s := d.Sleep
		if s == nil {
			return nil, fmt.Errorf("V6: night %d was not analysed", d.Day+1)
		}
		n := fmt.Sprintf(", night %d", d.Day+1)
		checks = append(checks,
			Within("ripples"+n, float64(len(s.Events)), "", 3, math.Inf(1)),
			Within("ripple rate"+n, s.RatePerS, "1/s", 0.2, 2),
			Within("median ripple duration"+n, s.MedianDurMs, "ms", 30, 150),
			Within("median in-event spectral peak"+n, s.MedianFreqHz, "Hz", 150, 250),
			Within(fmt.Sprintf("CV of %d inter-event intervals%s (too few to test)", max(len(s.Events)-1, 0), n), s.IEICV, "", math.Inf(-1), math.Inf(1)))
	}
	var pooled []float64
	for _, d := range long.Days {
		s := d.Sleep
		if s == nil {
			return nil, fmt.Errorf("V6: night %d of %.0f s was not analysed", d.Day+1, v6NightMs/1000)
		}
		n := fmt.Sprintf(", night %d of %.0f s", d.Day+1, v6NightMs/1000)
		checks = append(checks,
			Within("ripple rate"+n, s.RatePerS, "1/s", 0.2, 2),
			Within(fmt.Sprintf("CV of inter-event intervals%s (%d intervals)", n, max(len(s.Events)-1, 0)), s.IEICV, "", 0.6, 1.4))
		for k := 1; k < len(s.Events); k++ {
			pooled = append(pooled, s.Events[k].Event.PeakMs-s.Events[k-1].Event.PeakMs)
		}
	}
	checks = append(checks, Within(fmt.Sprintf("pooled CV of inter-event intervals, all nights of %.0f s", v6NightMs/1000), sim.CV(pooled), "", math.Inf(-1), math.Inf(1)))
	return checks, nil
}

// runV7 reads the replays of the default brain's nights: each ripple is
// decoded (5 ms bins) and tested against the stored routes
// (hippocampus.ReplayTest: ≥ 4 distinct items of one route, per-event
// item-order shuffle p < 0.05, 1000 shuffles), and docs/model.md §6 V7 and
// §7 are checked over the nights: ≥ 50 % of ripples are significant
// replays, both directions among them with reverse ≥ 10 %, compression
// 5–20× against the awake item interval, salient routes replayed ≥ 2× as
// often per night stored as untagged ones (both counts measured, the
// untagged one > 0), and the negative control — the same nights with the
// cells' assembly labels permuted across all coded cells — finds ≤ 5 %
// significant events.
func runV7(o Options) ([]Check, error) {
	r, err := defaultBrainRun(o)
	if err != nil {
		return nil, err
	}
	itemMs := r.Task.Params.ItemMs
	var events, sig, fwd, rev, control, first, all int
	var comps []float64
	var salReplays, salNights, untReplays, untNights float64
	for _, d := range r.Days {
		s := d.Sleep
		if s == nil {
			return nil, fmt.Errorf("V7: night %d was not analysed", d.Day+1)
		}
		events += len(s.Events)
		sig += s.Significant
		fwd += s.Forward
		rev += s.Reverse
		control += s.ControlSignificant
		first += s.FromFirst
		all += s.AllItems
		for _, e := range s.Events {
			if e.IsReplay() && e.Replay.MsPerItem > 0 {
				comps = append(comps, itemMs/e.Replay.MsPerItem)
			}
		}
		for k, c := range s.BySequence {
			if s.Salient[k] {
				salReplays, salNights = salReplays+float64(c), salNights+1
			} else {
				untReplays, untNights = untReplays+float64(c), untNights+1
			}
		}
	}
	frac := func(a, b int) float64 {
		if b == 0 {
			return math.NaN()
		}
		return float64(a) / float64(b)
	}
	perSal, perUnt := salReplays/salNights, untReplays/untNights
	ratio := math.NaN() // no ratio from zero untagged replays
	if perUnt > 0 {
		ratio = perSal / perUnt
	}
	inf := math.Inf(1)
	return []Check{
		Within(fmt.Sprintf("significant replays / ripples (%d of %d)", sig, events), frac(sig, events), "", 0.5, 1),
		Within("forward replays", float64(fwd), "", 1, inf),
		Within("reverse replays", float64(rev), "", 1, inf),
		Within("reverse share of significant replays", frac(rev, sig), "", 0.1, 1),
		Within("compression (awake / replayed item interval), median", sim.Median(comps), "×", 5, 20),
		Within(fmt.Sprintf("replays per salient route per night (%.0f in %.0f route-nights)", salReplays, salNights), perSal, "", math.Inf(-1), inf),
		Positive(fmt.Sprintf("replays per untagged route per night (%.0f in %.0f route-nights)", untReplays, untNights), perUnt, ""),
		Within("salient / untagged replays per route-night", ratio, "×", 2, inf),
		Within(fmt.Sprintf("negative control: significant / ripples, assembly labels permuted (%d of %d)", control, events), frac(control, events), "", 0, 0.05),
		Within("significant replays that decode the route's first item", frac(first, sig), "", math.Inf(-1), inf),
		Within("significant replays that decode every item of the route", frac(all, sig), "", math.Inf(-1), inf),
	}, nil
}

// nightCache shares one stand-alone hippocampal night between the rows
// that read its energy (V13).
var nightCache struct {
	sync.Mutex
	key   Options
	night *hippocampus.Night
	err   error
}

// v67Night runs (once per seed) the hippocampus alone, with the default
// brain's hippocampal parameters: a day of two episodes, one of them
// salient, encoded once each, and a 30 s night (V13 reads its energy).
func v67Night(o Options) (*hippocampus.Night, error) {
	nightCache.Lock()
	defer nightCache.Unlock()
	if nightCache.night != nil || nightCache.err != nil {
		if nightCache.key == o {
			return nightCache.night, nightCache.err
		}
	}
	tp := task.DefaultParams()
	tp.Days = 1
	t, err := task.Generate(tp, o.Seed)
	if err != nil {
		return nil, err
	}
	n, err := hippocampus.RunNight(context.Background(), brain.DefaultParams().Hippocampus, t, nightConfig(o.Seed), 30000)
	nightCache.key, nightCache.night, nightCache.err = o, n, err
	return n, err
}

// nightConfig is the network configuration of the stand-alone night.
func nightConfig(seed uint64) sim.Config {
	c := sim.DefaultConfig()
	c.Seed = seed
	return c
}
