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

func TestCOBAQuick(t *testing.T) {
	rate, cv, _ := runCOBA(t, 1000, 1, 1)
	t.Logf("COBA 1 s: rate %.2f Hz, CV %.3f", rate, cv)
}
