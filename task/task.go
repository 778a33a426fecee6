package task

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Item is one element of the vocabulary, an index in [0, VocabSize).
// In the brain an item is a cell assembly; in the ANN it is a token.
type Item int

// Reuse says how items are drawn for episodes.
type Reuse string

const (
	// Disjoint gives every episode of the run its own items, so that
	// episodes do not share cell assemblies or tokens. It needs
	// VocabSize ≥ Days·EpisodesPerDay·EpisodeLen.
	Disjoint Reuse = "disjoint"
	// Shared draws each episode's items uniformly from the whole
	// vocabulary (distinct within an episode), so episodes overlap and
	// interfere.
	Shared Reuse = "shared"
)

// Params describes the task. The zero value is not valid; start from
// DefaultParams.
type Params struct {
	// VocabSize is the number of items M (≥ 2).
	VocabSize int
	// EpisodeLen is the number of items K in one episode (2 ≤ K ≤ VocabSize).
	EpisodeLen int
	// EpisodesPerDay is how many new episodes are experienced each day (≥ 1).
	EpisodesPerDay int
	// Days is the number of days in the run (≥ 1).
	Days int
	// SalientFraction is the fraction of the episodes that carry a
	// salience tag, in [0, 1]. It is rounded cumulatively over the days:
	// by the end of day d, round(fraction × episodes so far) are tagged,
	// so 0.5 of 4 a day tags 2 every day, and 0.5 of one a day tags the
	// episodes of days 1, 3, 5, … (half of them, not all or none).
	SalientFraction float64
	// ItemMs is how long one item is experienced while awake, in ms (> 0):
	// consecutive items of an episode are ItemMs apart.
	ItemMs float64
	// GapMs is the pause after each traversal of an episode while awake,
	// in ms (≥ 0).
	GapMs float64
	// Reuse says whether episodes have disjoint items or draw from a
	// shared pool.
	Reuse Reuse
}

// DefaultParams returns a small task: 2 episodes of 5 items a day for 3
// days, disjoint items, half of the episodes tagged salient, items 150 ms
// apart and a 300 ms pause after each traversal (the awake schedule of
// docs/model.md §3.2).
func DefaultParams() Params {
	return Params{
		VocabSize:       30,
		EpisodeLen:      5,
		EpisodesPerDay:  2,
		Days:            3,
		SalientFraction: 0.5,
		ItemMs:          150,
		GapMs:           300,
		Reuse:           Disjoint,
	}
}

// Validate reports the first parameter outside its allowed range.
func (p Params) Validate() error {
	switch {
	case p.VocabSize < 2:
		return fmt.Errorf("task: VocabSize = %d, want ≥ 2", p.VocabSize)
	case p.EpisodeLen < 2 || p.EpisodeLen > p.VocabSize:
		return fmt.Errorf("task: EpisodeLen = %d, want 2 ≤ EpisodeLen ≤ VocabSize (%d)", p.EpisodeLen, p.VocabSize)
	case p.EpisodesPerDay < 1:
		return fmt.Errorf("task: EpisodesPerDay = %d, want ≥ 1", p.EpisodesPerDay)
	case p.Days < 1:
		return fmt.Errorf("task: Days = %d, want ≥ 1", p.Days)
	case !(p.SalientFraction >= 0 && p.SalientFraction <= 1):
		return fmt.Errorf("task: SalientFraction = %v, want 0 ≤ SalientFraction ≤ 1", p.SalientFraction)
	case !(p.ItemMs > 0) || math.IsInf(p.ItemMs, 0):
		return fmt.Errorf("task: ItemMs = %v ms, want a finite value > 0", p.ItemMs)
	case !(p.GapMs >= 0) || math.IsInf(p.GapMs, 0):
		return fmt.Errorf("task: GapMs = %v ms, want a finite value ≥ 0", p.GapMs)
	}
	switch p.Reuse {
	case Disjoint:
		if need := p.Days * p.EpisodesPerDay * p.EpisodeLen; need > p.VocabSize {
			return fmt.Errorf("task: Reuse = %q needs VocabSize ≥ Days·EpisodesPerDay·EpisodeLen = %d, have %d", p.Reuse, need, p.VocabSize)
		}
	case Shared:
	default:
		return fmt.Errorf("task: Reuse = %q, want %q or %q", p.Reuse, Disjoint, Shared)
	}
	return nil
}

// Episode is one experience: an ordered route through K items.
type Episode struct {
	// ID numbers episodes of the run from 0 in the order they are experienced.
	ID int
	// Day is the day (from 0) on which the episode is experienced.
	Day int
	// Items is the ordered sequence of items.
	Items []Item
	// Salient marks an episode tagged important (a neuromodulatory tag
	// in the brain); salient episodes are replayed and learned more.
	Salient bool
}

// Cue returns the item with which recall of e is cued: its first item.
func (e Episode) Cue() Item { return e.Items[0] }

// Target returns the K−1 items that recall of e should produce, in order.
func (e Episode) Target() []Item { return e.Items[1:] }

// Day is one day of the task: the episodes first experienced that day.
type Day struct {
	Index    int
	Episodes []Episode
}

// Task is a generated run of the memory task.
type Task struct {
	Params Params
	// Seed is the seed the task was generated from.
	Seed uint64
	Days []Day
}

// Generate draws a task from p and seed. The same p and seed always give
// the same task.
func Generate(p Params, seed uint64) (*Task, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x7461736b)) // "task"
	t := &Task{Params: p, Seed: seed, Days: make([]Day, p.Days)}
	pool := rng.Perm(p.VocabSize) // Disjoint: items are taken from this in order
	next := 0
	tagged := func(days int) int { // salient episodes by the end of days days
		return int(math.Round(p.SalientFraction * float64(days*p.EpisodesPerDay)))
	}
	id := 0
	for d := range t.Days {
		day := Day{Index: d, Episodes: make([]Episode, p.EpisodesPerDay)}
		nSalient := tagged(d+1) - tagged(d)
		salient := make([]bool, p.EpisodesPerDay)
		for _, i := range rng.Perm(p.EpisodesPerDay)[:nSalient] {
			salient[i] = true
		}
		for e := range day.Episodes {
			items := make([]Item, p.EpisodeLen)
			if p.Reuse == Disjoint {
				for k := range items {
					items[k] = Item(pool[next])
					next++
				}
			} else {
				for k, v := range rng.Perm(p.VocabSize)[:p.EpisodeLen] {
					items[k] = Item(v)
				}
			}
			day.Episodes[e] = Episode{ID: id, Day: d, Items: items, Salient: salient[e]}
			id++
		}
		t.Days[d] = day
	}
	return t, nil
}

// Episodes returns every episode of the run in the order experienced.
func (t *Task) Episodes() []Episode {
	var all []Episode
	for _, d := range t.Days {
		all = append(all, d.Episodes...)
	}
	return all
}

// LearnedBy returns the episodes experienced on days 0..day, the ones a
// test at the end of that day asks for.
func (t *Task) LearnedBy(day int) []Episode {
	var eps []Episode
	for d := 0; d <= day && d < len(t.Days); d++ {
		eps = append(eps, t.Days[d].Episodes...)
	}
	return eps
}

// ItemsUsed returns every item that occurs in an episode, once, in the
// order in which they are first experienced.
func (t *Task) ItemsUsed() []Item {
	seen := make([]bool, t.Params.VocabSize)
	var items []Item
	for _, e := range t.Episodes() {
		for _, it := range e.Items {
			if !seen[it] {
				seen[it] = true
				items = append(items, it)
			}
		}
	}
	return items
}

// AwakeMs returns how long one traversal of an episode takes while awake,
// in ms: K items ItemMs apart, then the pause GapMs.
func (p Params) AwakeMs() float64 {
	return float64(p.EpisodeLen)*p.ItemMs + p.GapMs
}
