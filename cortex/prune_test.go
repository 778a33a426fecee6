package cortex

import (
	"math"
	"testing"
)

// TestPruneByUsage sets usage traces by hand and checks that pruning by
// usage removes exactly the least-used plastic synapses, never an
// assembly synapse, and that random pruning removes the same number.
func TestPruneByUsage(t *testing.T) {
	c, err := Build(newNet(t), tinyParams(), items(10))
	if err != nil {
		t.Fatal(err)
	}
	ee := c.ee
	for k := 0; k < ee.Len(); k++ {
		if err := ee.SetUsage(k, float64(k%97)); err != nil {
			t.Fatal(err)
		}
	}
	total0, plastic0 := c.Synapses()
	rep, err := c.Prune(0.25, PruneByUsage)
	if err != nil {
		t.Fatal(err)
	}
	total1, plastic1 := c.Synapses()
	want := int(0.25*float64(plastic0) + 0.5)
	if rep.Removed != want || total0-total1 != want || plastic0-plastic1 != want || rep.PlasticBefore != plastic0 {
		t.Fatalf("removed %d (report %+v), want %d", total0-total1, rep, want)
	}
	if rep.Total != total1 || rep.Plastic != plastic1 {
		t.Errorf("report counts %d/%d, want %d/%d", rep.Total, rep.Plastic, total1, plastic1)
	}
	// Every kept plastic synapse is used at least as much as any pruned one.
	minKept := 1e9
	for k := 0; k < ee.Len(); k++ {
		if !ee.Frozen(k) {
			minKept = min(minKept, ee.Usage(k))
		}
	}
	if rep.MeanUsagePruned > minKept || rep.MedianPctPruned > 0.2 || rep.MedianPctKept < 0.5 {
		t.Errorf("pruned usage %.2f vs least kept %.2f; median percentiles pruned %.2f, kept %.2f",
			rep.MeanUsagePruned, minKept, rep.MedianPctPruned, rep.MedianPctKept)
	}
	// The assemblies are whole.
	w := c.WeightMatrix()
	for a := range w {
		if math.Abs(w[a][a]-c.p.WAssemblyMV) > 1e-6 {
			t.Errorf("assembly %d weight %v after pruning", a, w[a][a])
		}
	}
	rnd, err := c.Prune(0.25, PruneRandom)
	if err != nil {
		t.Fatal(err)
	}
	if want := int(0.25*float64(plastic1) + 0.5); rnd.Removed != want {
		t.Errorf("random pruning removed %d, want %d", rnd.Removed, want)
	}
	if rnd.MedianPctPruned < 0.35 || rnd.MedianPctPruned > 0.65 {
		t.Errorf("random pruning: median usage percentile of pruned = %.2f, want ≈ 0.5", rnd.MedianPctPruned)
	}
	if _, err := c.Prune(2, PruneByUsage); err == nil {
		t.Error("fraction 2 accepted")
	}
	if _, err := c.Prune(0.1, "often"); err == nil {
		t.Error("unknown rule accepted")
	}
}

// TestEndNight checks the decreasing-rate schedule and the nightly
// halving of usage.
func TestEndNight(t *testing.T) {
	p := tinyParams()
	p.Pruning = PruneByUsage
	p.PruneSchedule = []float64{0.2, 0.1}
	c, err := Build(newNet(t), p, items(10))
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < c.ee.Len(); k++ {
		c.ee.SetUsage(k, 4)
	}
	_, plastic := c.Synapses()
	for night, f := range []float64{0.2, 0.1, 0} {
		rep, err := c.EndNight()
		if err != nil {
			t.Fatal(err)
		}
		want := int(f*float64(plastic) + 0.5)
		if rep.Night != night+1 || rep.Prune.Removed != want {
			t.Errorf("night %d: report %+v, want %d removed", night+1, rep, want)
		}
		_, plastic = c.Synapses()
	}
	if u := c.ee.Usage(0); u != 0.5 {
		t.Errorf("usage after three nights = %v, want 4/8 = 0.5", u)
	}
	if c.Nights() != 3 {
		t.Errorf("Nights = %d, want 3", c.Nights())
	}
}

// TestPruneDepressed sets weights by hand and checks that pruning of
// depressed synapses removes only plastic synapses below PruneBelowMV,
// weakest first, at most the fraction asked for, and none when no
// synapse is below the threshold (an untouched cortex keeps all of them).
func TestPruneDepressed(t *testing.T) {
	c, err := Build(newNet(t), tinyParams(), items(10))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Prune(0.5, PruneDepressed)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 0 {
		t.Fatalf("untouched cortex (all plastic weights %v mV): %d removed, want 0", c.p.WEEInitMV, rep.Removed)
	}
	ee := c.ee
	toPA := c.p.PAPerMV(c.p.TauExcMs)
	below := 0
	for k := 0; k < ee.Len(); k++ {
		if ee.Frozen(k) {
			continue
		}
		w := float64(k%10) * 0.02 // 0 … 0.18 mV; below 0.1 for k%10 < 5
		if w < c.p.PruneBelowMV {
			below++
		}
		ee.SetWeight(k, w*toPA)
	}
	_, plastic := c.Synapses()
	// Half of the eligible ones first: the weakest.
	f := float64(below) / 2 / float64(plastic)
	rep, err = c.Prune(f, PruneDepressed)
	if err != nil {
		t.Fatal(err)
	}
	first := rep.Removed
	if want := int(math.Round(f * float64(plastic))); first != want {
		t.Fatalf("removed %d, want %d", first, want)
	}
	if rep.MeanWeightPrunedMV > 0.041 {
		t.Errorf("mean weight of the pruned = %.3f mV, want the weakest (≤ 0.04)", rep.MeanWeightPrunedMV)
	}
	// Asking for everything removes only what is below the threshold.
	rep, err = c.Prune(0.9, PruneDepressed)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < ee.Len(); k++ {
		if !ee.Frozen(k) && ee.Weight(k)/toPA < c.p.PruneBelowMV-1e-9 {
			t.Fatalf("synapse %d at %.3f mV kept below the threshold", k, ee.Weight(k)/toPA)
		}
	}
	if total := below - first; rep.Removed != total {
		t.Errorf("second pruning removed %d, want the %d left below the threshold", rep.Removed, total)
	}
}
