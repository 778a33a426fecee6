package task

import (
	"reflect"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	p := DefaultParams()
	a, err := Generate(p, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(p, 7)
	c, _ := Generate(p, 8)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different tasks")
	}
	if reflect.DeepEqual(a.Days, c.Days) {
		t.Fatal("different seeds gave the same task")
	}
}

func TestGenerateShape(t *testing.T) {
	p := DefaultParams()
	p.EpisodesPerDay = 4
	p.Days = 3
	p.VocabSize = 60
	tk, err := Generate(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	eps := tk.Episodes()
	if len(eps) != 12 {
		t.Fatalf("got %d episodes, want 12", len(eps))
	}
	seen := map[Item]bool{}
	for i, e := range eps {
		if e.ID != i || e.Day != i/4 || len(e.Items) != p.EpisodeLen {
			t.Fatalf("episode %d malformed: %+v", i, e)
		}
		for _, it := range e.Items {
			if seen[it] {
				t.Fatalf("item %d reused under Disjoint", it)
			}
			seen[it] = true
		}
	}
	for _, d := range tk.Days {
		n := 0
		for _, e := range d.Episodes {
			if e.Salient {
				n++
			}
		}
		if n != 2 {
			t.Fatalf("day %d has %d salient episodes, want 2 (fraction 0.5 of 4)", d.Index, n)
		}
	}
	// One episode a day, half of them salient: every other day, starting
	// with the first (cumulative rounding), not every day.
	p1 := p
	p1.EpisodesPerDay, p1.Days = 1, 5
	t1, err := Generate(p1, 3)
	if err != nil {
		t.Fatal(err)
	}
	for d, day := range t1.Days {
		if got, want := day.Episodes[0].Salient, d%2 == 0; got != want {
			t.Fatalf("one episode a day, fraction 0.5: day %d salient = %v, want %v", d, got, want)
		}
	}
	if got := len(tk.LearnedBy(1)); got != 8 {
		t.Fatalf("LearnedBy(1) = %d episodes, want 8", got)
	}
	if got := len(tk.ItemsUsed()); got != 60 {
		t.Fatalf("ItemsUsed = %d, want 60", got)
	}
}

func TestSharedReuseDistinctWithinEpisode(t *testing.T) {
	p := DefaultParams()
	p.Reuse = Shared
	p.VocabSize = 6
	p.Days = 10
	tk, err := Generate(p, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tk.Episodes() {
		seen := map[Item]bool{}
		for _, it := range e.Items {
			if seen[it] || it < 0 || int(it) >= p.VocabSize {
				t.Fatalf("episode %d has bad items %v", e.ID, e.Items)
			}
			seen[it] = true
		}
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Params)
		want   string
	}{
		{"vocab", func(p *Params) { p.VocabSize = 1 }, "VocabSize = 1"},
		{"len", func(p *Params) { p.EpisodeLen = 1 }, "EpisodeLen = 1"},
		{"perday", func(p *Params) { p.EpisodesPerDay = 0 }, "EpisodesPerDay = 0"},
		{"days", func(p *Params) { p.Days = -2 }, "Days = -2"},
		{"salient", func(p *Params) { p.SalientFraction = 1.5 }, "SalientFraction = 1.5"},
		{"item", func(p *Params) { p.ItemMs = 0 }, "ItemMs = 0"},
		{"gap", func(p *Params) { p.GapMs = -1 }, "GapMs = -1"},
		{"disjoint", func(p *Params) { p.Days = 100 }, "needs VocabSize ≥"},
		{"reuse", func(p *Params) { p.Reuse = "some" }, `Reuse = "some"`},
	}
	for _, c := range cases {
		p := DefaultParams()
		c.mutate(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
		if _, gerr := Generate(p, 1); gerr == nil {
			t.Errorf("%s: Generate accepted invalid params", c.name)
		}
	}
}

func TestScore(t *testing.T) {
	e := Episode{Items: []Item{10, 11, 12, 13, 14}}
	cases := []struct {
		recalled []Item
		want     float64
	}{
		{[]Item{11, 12, 13, 14}, 1},
		{[]Item{11, 12, 13, 14, 99, 98}, 1}, // extra items past K−1 ignored
		{[]Item{11, 13, 14}, 0.75},          // a skipped item costs one place
		{[]Item{12, 11, 13, 14}, 0.75},      // a swap loses one
		{[]Item{99, 11, 12, 13, 14}, 0.75},  // an intrusion uses a place
		{[]Item{14, 13, 12, 11}, 0.25},      // reversed: one in order
		{nil, 0},
		{[]Item{1, 2, 3, 4}, 0},
	}
	for _, c := range cases {
		if got := Score(e, c.recalled); got != c.want {
			t.Errorf("Score(%v) = %v, want %v", c.recalled, got, c.want)
		}
	}
}

func TestChanceScore(t *testing.T) {
	// With M = 5 and K = 5 a guess is a permutation of the 4 target items:
	// the expected longest increasing subsequence of a random permutation
	// of 4 is 2.4166…, so chance is 0.604.
	if got := ChanceScore(5, 5); got < 0.59 || got > 0.62 {
		t.Fatalf("ChanceScore(5,5) = %v, want ≈ 0.604", got)
	}
	big := ChanceScore(100, 5)
	if big <= 0 || big > 0.06 {
		t.Fatalf("ChanceScore(100,5) = %v, want small and positive", big)
	}
	if ChanceScore(100, 5) != big {
		t.Fatal("ChanceScore is not deterministic")
	}
}
