package hippocampus

import (
	"context"
	"engram/hippocampus/swr"
	"errors"
	"strings"
	"testing"

	"engram/param"
	"engram/sim"
	"engram/task"
)

func TestParamsValidate(t *testing.T) {
	for _, c := range []struct {
		mut  func(*Params)
		key  string
		want string
	}{
		{func(p *Params) { p.NPC = 0 }, "n_pc", "n_pc = 0: want 1 ≤ n_pc ≤ 100000"},
		{func(p *Params) { p.SleepGain = -1 }, "sleep_gain", "sleep_gain = -1: want 0 < sleep_gain ≤ 1000"},
		{func(p *Params) { p.DepressionU = 2 }, "depression_u", "depression_u = 2: want 0 < depression_u ≤ 1"},
		{func(p *Params) { p.PCPC.P = 1.5 }, "pc_pc.p", "pc_pc.p = 1.5: want 0 ≤ p ≤ 1"},
		{func(p *Params) { p.PCPC.RiseMs = 20 }, "pc_pc.rise_ms", "pc_pc.rise_ms = 20 ms: want < decay_ms (9.5 ms)"},
		{func(p *Params) { p.PC.VpeakMV = -30 }, "pc.vpeak_mv", "pc.vpeak_mv = -30 mV: want vpeak_mv > vth_mv (-24.43 mV) when delta_t_mv > 0"},
		{func(p *Params) { p.STDP.WMax = -1 }, "stdp.w_max", "stdp.w_max = -1 w: want 0 < w_max ≤ 100000 w"},
		{func(p *Params) { p.ReleaseInhibition.K = 1 }, "release_inhibition.k", "release_inhibition.k = 1: want 0 < k < 1"},
	} {
		p := DefaultParams()
		c.mut(&p)
		err := p.Validate()
		var pe *param.Error
		if !errors.As(err, &pe) || pe.Key != c.key || err.Error() != c.want {
			t.Errorf("got %v, want %q (key %s)", err, c.want, c.key)
		}
	}
	n, _ := sim.New(sim.DefaultConfig())
	items := make([]task.Item, 16)
	for i := range items {
		items[i] = task.Item(i)
	}
	if _, err := Build(n, DefaultParams(), items); err == nil || !strings.Contains(err.Error(), "16 items × 80 cells") {
		t.Errorf("too many items: %v", err)
	}
}

// TestPhasePrecession checks that, within one theta cycle, the cells of
// item k fire before those of item k+1 (the order the route is walked).
func TestPhasePrecession(t *testing.T) {
	p := DefaultParams()
	const itemMs = 150.0
	field := p.FieldItems * itemMs
	// At 450 ms into the lap, items 0..3 are all inside their fields.
	peak := func(k int) float64 {
		best, bestT := -1.0, 0.0
		for tm := 400.0; tm < 525; tm += 0.1 {
			if r := p.PlaceRate((tm-float64(k)*itemMs)/field, tm); r > best {
				best, bestT = r, tm
			}
		}
		return bestT
	}
	prev := peak(0)
	for k := 1; k < 3; k++ {
		tk := peak(k)
		if d := tk - prev; d < 20 || d > 45 {
			t.Errorf("item %d peaks %.1f ms after item %d, want ≈ 31 ms", k, d, k-1)
		}
		prev = tk
	}
}

// TestEncodeLearnsOrder encodes one episode once and checks that synapses
// between successive items grew and the stored sequence is recalled.
func TestEncodeLearnsOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates an episode")
	}
	tp := task.DefaultParams()
	tp.Days, tp.EpisodesPerDay = 1, 1
	tk, _ := task.Generate(tp, 2)
	n, _ := sim.New(sim.DefaultConfig())
	defer n.Close()
	h, err := Build(n, DefaultParams(), tk.ItemsUsed())
	if err != nil {
		t.Fatal(err)
	}
	e := tk.Episodes()[0]
	if err := h.Encode(context.Background(), e, 1, tp.ItemMs, tp.GapMs); err != nil {
		t.Fatal(err)
	}
	mean := func(a, b int) float64 {
		s, c := 0.0, 0
		p := h.Recurrent()
		for i := a * 80; i < (a+1)*80; i++ {
			lo, hi := p.Row(i)
			for k := lo; k < hi; k++ {
				if p.Target(k)/80 == b {
					s += p.Weight(k)
					c++
				}
			}
		}
		return s / float64(c)
	}
	if fwd, far := mean(1, 2), mean(1, 4); fwd < 5*far {
		t.Errorf("item 2 → 3 weight %.3f nS is not ≫ item 2 → 5 weight %.3f nS", fwd, far)
	}
	rec, err := h.Recall(context.Background(), e.Cue())
	if err != nil {
		t.Fatal(err)
	}
	if s := task.Score(e, rec); s < 0.5 {
		t.Errorf("recall %v of %v scores %.2f, want ≥ 0.5", rec, e.Items, s)
	}
	if _, err := h.Complete(context.Background(), e.Items[0], 0, nil); err == nil {
		t.Error("cue fraction 0 accepted")
	}
}

// TestBurstsOnly keeps events with enough CA3 spikes inside them.
func TestBurstsOnly(t *testing.T) {
	evs := []swr.Event{{StartMs: 10, EndMs: 20}, {StartMs: 50, EndMs: 60}, {StartMs: 90, EndMs: 95}}
	spikes := []float64{1, 11, 12, 13, 19, 55, 91, 92, 93, 94}
	got := burstsOnly(evs, spikes, 4)
	if len(got) != 2 || got[0].StartMs != 10 || got[1].StartMs != 90 {
		t.Errorf("burstsOnly = %v, want the events at 10 and 90 ms", got)
	}
	if got := burstsOnly(evs, nil, 1); len(got) != 0 {
		t.Errorf("silent network: %v, want no events", got)
	}
}
