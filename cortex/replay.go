package cortex

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"engram/param"
	"engram/task"
)

// ReplayStyle describes replay events as hippocampal CA1 delivers them to
// the cortex in the whole brain, for the synthetic driver to mimic:
// isolated sharp-wave events at a low rate, each one route replayed
// forward or in reverse, time-compressed with irregular item intervals, a
// few spikes per CA1 cell per item, and some events that replay only part
// of a route.
type ReplayStyle struct {
	// RatePerS is the mean rate of replay events, per second of sleep
	// (Poisson, after a refractory RefractoryMs), inside the sharp-wave
	// rates row V6 accepts (docs/model.md §6: 0.2–2 per second).
	RatePerS float64 `toml:"rate_per_s" unit:"1/s" range:"0.01..10" doc:"mean rate of replay events per second of sleep (Poisson after the refractory time)"`
	// RefractoryMs is the shortest time from the onset of one event to the
	// onset of the next, ms.
	RefractoryMs float64 `toml:"refractory_ms" unit:"ms" range:"0..10000" doc:"shortest time from the onset of one event to the onset of the next"`
	// MinGapMs and MaxGapMs bound the interval between the onsets of
	// consecutive items of an event, drawn uniformly per item, ms.
	MinGapMs float64 `toml:"min_gap_ms" unit:"ms" range:"1..100" doc:"shortest interval between the onsets of consecutive items of an event"`
	MaxGapMs float64 `toml:"max_gap_ms" unit:"ms" range:"1..100" doc:"longest interval between the onsets of consecutive items of an event (≥ min_gap_ms)"`
	// MinSpikes and MaxSpikes bound the mean number of spikes each driver
	// cell fires for one item of an event, drawn uniformly per item.
	MinSpikes float64 `toml:"min_spikes" unit:"" range:"0..20" doc:"fewest mean spikes per driver cell for one item of an event"`
	MaxSpikes float64 `toml:"max_spikes" unit:"" range:"0..20" doc:"most mean spikes per driver cell for one item of an event (≥ min_spikes)"`
	// ReverseFrac is the probability that an event runs in reverse.
	ReverseFrac float64 `toml:"reverse_frac" unit:"" range:"0..1" doc:"probability that an event runs in reverse"`
	// PartialFrac is the probability that an event replays only a
	// contiguous part of its route (2 or more items, start and length drawn
	// uniformly).
	PartialFrac float64 `toml:"partial_frac" unit:"" range:"0..1" doc:"probability that an event replays only a contiguous part (≥ 2 items) of its route"`
}

// DefaultReplayStyle returns what the brain's CA1 is expected to deliver:
// 1 event/s with at least 200 ms between onsets, items 5–15 ms apart,
// 1–3 spikes per cell per item, half of the events in reverse, one in
// five partial.
func DefaultReplayStyle() ReplayStyle {
	return ReplayStyle{RatePerS: 1, RefractoryMs: 200, MinGapMs: 5, MaxGapMs: 15, MinSpikes: 1, MaxSpikes: 3,
		ReverseFrac: 0.5, PartialFrac: 0.2}
}

// Validate reports the first parameter outside its range (its tags), or
// bounds out of order, as a *param.Error.
func (s ReplayStyle) Validate() error {
	if err := param.Check(&s, ""); err != nil {
		return err
	}
	switch {
	case s.MaxGapMs < s.MinGapMs:
		return param.Invalid(&s, &s.MaxGapMs, fmt.Sprintf("≥ min_gap_ms (%g ms)", s.MinGapMs))
	case s.MaxSpikes < s.MinSpikes:
		return param.Invalid(&s, &s.MaxSpikes, fmt.Sprintf("≥ min_spikes (%g)", s.MinSpikes))
	}
	return nil
}

// event returns the driven segments of one replay event of items drawn
// with rng: direction, partial extent, item intervals and spike counts.
func (c *Cortex) event(items []task.Item, s ReplayStyle, rng *rand.Rand) ([]segment, error) {
	items = slices.Clone(items)
	if rng.Float64() < s.ReverseFrac {
		slices.Reverse(items)
	}
	if len(items) > 2 && rng.Float64() < s.PartialFrac {
		n := 2 + rng.IntN(len(items)-2) // 2 … len−1 items
		start := rng.IntN(len(items) - n + 1)
		items = items[start : start+n]
	}
	segs := make([]segment, 0, len(items))
	for _, it := range items {
		k, err := c.asmOf(it)
		if err != nil {
			return nil, err
		}
		gap := s.MinGapMs + rng.Float64()*(s.MaxGapMs-s.MinGapMs)
		spikes := s.MinSpikes + rng.Float64()*(s.MaxSpikes-s.MinSpikes)
		segs = append(segs, segment{asm: k, hz: 1000 * spikes / gap, ms: gap})
	}
	return segs, nil
}

// SleepReplay runs ms of sleep on the synthetic driver with replay events
// in style s: event onsets form a Poisson process of rate s.RatePerS with
// a refractory period; each event replays one of eps, chosen with
// probability proportional to weights (nil: equal), as drawn by event.
// Learning runs at the sleep rate. It does not end the night (EndNight)
// and returns the number of events per episode. Draws come from the
// network's generator, named by the night, so a seed gives the same night.
func (c *Cortex) SleepReplay(eps []task.Episode, weights []float64, s ReplayStyle, ms float64) ([]int, error) {
	d, err := c.needDriver("SleepReplay")
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if weights != nil && len(weights) != len(eps) {
		return nil, fmt.Errorf("cortex: SleepReplay with %d weights for %d episodes", len(weights), len(eps))
	}
	if len(eps) == 0 || !(ms >= 0) {
		return nil, fmt.Errorf("cortex: SleepReplay of %d episodes for %v ms, want ≥ 1 episode and ms ≥ 0", len(eps), ms)
	}
	cum := make([]float64, len(eps))
	total := 0.0
	for k := range eps {
		w := 1.0
		if weights != nil {
			w = weights[k]
		}
		if !(w >= 0) {
			return nil, fmt.Errorf("cortex: SleepReplay weight %d = %v, want ≥ 0", k, w)
		}
		total += w
		cum[k] = total
	}
	if total == 0 {
		return nil, fmt.Errorf("cortex: SleepReplay weights are all 0")
	}
	rng := c.net.Rand(fmt.Sprintf("cortex CA1-like night %d", c.night+1))
	counts := make([]int, len(eps))
	c.SetMode(Sleep)
	defer c.SetMode(Test)
	t := 0.0
	for {
		wait := s.RefractoryMs + rng.ExpFloat64()*max(0, 1000/s.RatePerS-s.RefractoryMs)
		if t+wait >= ms {
			break
		}
		if err := d.play([]segment{{asm: -1, ms: wait}}); err != nil {
			return counts, err
		}
		t += wait
		e, _ := slices.BinarySearch(cum, rng.Float64()*total)
		for e < len(eps)-1 && cum[e] == 0 {
			e++
		}
		segs, err := c.event(eps[e].Items, s, rng)
		if err != nil {
			return counts, err
		}
		dur := 0.0
		for _, sg := range segs {
			dur += sg.ms
		}
		if err := d.play(segs); err != nil {
			return counts, err
		}
		counts[e]++
		t += dur
	}
	return counts, d.play([]segment{{asm: -1, ms: max(0, ms-t)}})
}
