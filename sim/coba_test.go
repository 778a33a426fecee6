package sim

import (
	"testing"
)

// runCOBA simulates the benchmark for durMs and returns its mean rate (Hz),
// CV(ISI) and the spike record of both groups merged.
func runCOBA(t testing.TB, durMs float64, workers int, seed uint64) (rate, cv float64, net *Network) {
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
	re := n.RecordSpikes(c.E, 0)
	if err := n.Run(durMs); err != nil {
		t.Fatal(err)
	}
	n.Close()
	tm, cell := re.Spikes()
	cv, _ = CVISI(tm, cell, c.E.Size(), 2)
	total := int(c.E.SpikeCount() + c.I.SpikeCount())
	return MeanRate(total, c.E.Size()+c.I.Size(), durMs), cv, n
}

// TestCOBAQuick runs the benchmark for 1 s and requires the asynchronous
// irregular state of Vogels & Abbott (2005): a mean rate of 15–25 Hz
// (MODEL.md §1, V3) and irregular firing, CV(ISI) ≥ 0.5 (a silent network
// has no rate, a regular one CV ≈ 0).
func TestCOBAQuick(t *testing.T) {
	rate, cv, _ := runCOBA(t, 1000, 1, 1)
	t.Logf("COBA 1 s: rate %.2f Hz, CV %.3f", rate, cv)
	if rate < 15 || rate > 25 || !(cv >= 0.5) {
		t.Errorf("COBA 1 s: rate %.2f Hz, CV(ISI) %.3f; want 15–25 Hz and CV ≥ 0.5", rate, cv)
	}
}
