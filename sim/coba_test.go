package sim

import (
	"testing"
)

// runCOBA simulates the benchmark for durMs and returns its mean rate over
// all cells (Hz), the excitatory cells' CV(ISI) and their spike record.
func runCOBA(t testing.TB, durMs float64, workers int, seed uint64) (rate, cv float64, re *SpikeRecorder) {
	cfg := DefaultConfig()
	cfg.Workers, cfg.Seed = workers, seed
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := BuildCOBA(n, DefaultCOBA())
	if err != nil {
		t.Fatal(err)
	}
	re = n.RecordSpikes(c.E, 0)
	if err := n.Run(durMs); err != nil {
		t.Fatal(err)
	}
	n.Close()
	tm, cell := re.Spikes()
	cv, _ = CVISI(tm, cell, c.E.Size(), 2)
	total := int(c.E.SpikeCount() + c.I.SpikeCount())
	return MeanRate(total, c.E.Size()+c.I.Size(), durMs), cv, re
}

// TestCOBAQuick runs the benchmark for 1 s and requires the asynchronous
// irregular state of Vogels & Abbott (2005): a mean rate of 15–25 Hz
// (docs/model.md §6, V3) and irregular firing, CV(ISI) ≥ 0.5 (a silent network
// has no rate, a regular one CV ≈ 0).
func TestCOBAQuick(t *testing.T) {
	rate, cv, _ := runCOBA(t, 1000, 1, 1)
	t.Logf("COBA 1 s: rate %.2f Hz, CV %.3f", rate, cv)
	if rate < 15 || rate > 25 || !(cv >= 0.5) {
		t.Errorf("COBA 1 s: rate %.2f Hz, CV(ISI) %.3f; want 15–25 Hz and CV ≥ 0.5", rate, cv)
	}
}

// TestCOBASustainsEverySeed runs the benchmark for 2 s with seeds 100–119
// and requires self-sustained activity in every one: ≥ 10 Hz over the 2 s
// and over the last 0.5 s. With the initial conductances clipped at 0
// (see BuildCOBA) six of these seeds fell silent (< 0.1 Hz).
func TestCOBASustainsEverySeed(t *testing.T) {
	if testing.Short() {
		t.Skip("20 runs of 2 s of the 4000-cell network")
	}
	const durMs, lastMs = 2000, 500
	for seed := uint64(100); seed < 120; seed++ {
		rate, cv, re := runCOBA(t, durMs, 1, seed)
		tm, _ := re.Spikes()
		late := 0
		for _, x := range tm {
			if x >= durMs-lastMs {
				late++
			}
		}
		lateRate := MeanRate(late, re.Size(), lastMs)
		t.Logf("seed %d: %.2f Hz over 2 s, E %.2f Hz over the last 0.5 s, CV(ISI) %.3f", seed, rate, lateRate, cv)
		if rate < 10 || lateRate < 10 {
			t.Errorf("seed %d: not self-sustained: %.2f Hz over 2 s, E %.2f Hz over the last 0.5 s, want ≥ 10", seed, rate, lateRate)
		}
	}
}
