package ann

import (
	"math"
	"math/rand/v2"
	"testing"
)

// forwardFLOPs is the operation count of one forward pass, derived
// independently from the architecture: per row, per block, per attended
// pair.
func forwardFLOPs(a arch, lens []int, outRows int) int64 {
	d, f, v, h := int64(a.DModel), int64(a.DFF), int64(a.tokens()), int64(a.Heads)
	dh := d / h
	var n, pairs int64
	for _, t := range lens {
		n += int64(t)
		pairs += int64(t) * int64(t+1) / 2
	}
	ln := func(rows int64) int64 { return rows * (8*d + 5) }
	act := int64(0)
	switch a.Act.kind() {
	case ActNMDA:
		if a.Act.NMDA.Alpha > 0 {
			act = 6*n*f + 1
		}
	case ActGELU:
		act = 5 * n * f
	}
	if a.Act.gain() != 1 {
		act += n * f
	}
	places := int64(0)
	if a.Places > 0 {
		places = n * d
	}
	block := ln(n) + 2*n*d*3*d + // LN₁, QKV
		h*(pairs*(4*dh+6)+n) + // attention: per pair, plus 1/sum per row
		2*n*d*d + n*d + // Wo, residual
		ln(n) + 2*n*d*f + act + 2*n*f*d + n*d // LN₂, W₁, f, W₂, residual
	r := int64(outRows)
	return n*d + places + int64(a.Layers)*block + ln(r) + 2*r*d*v
}

func TestFLOPMeterForward(t *testing.T) {
	for _, act := range []Activation{
		{NMDA: NMDA{0, 1}}, {NMDA: NMDA{1, 1}}, {NMDA: NMDA{10, 1}, Gain: 3},
		{Kind: ActGELU}, {Kind: ActReLU}, {NMDA: NMDA{0, 1}, Gain: 0.25},
	} {
		for _, places := range []int{0, 5} {
			a := arch{Layers: 2, Heads: 2, DModel: 8, DFF: 12, Context: 10, Vocab: 7, Places: places, Act: act}
			m := initModel(a, rand.New(rand.NewPCG(1, 1)))
			seqs := []sequence{
				{tokens: []int{7, 1, 2, 3}, targets: []int{-1, 2, 3, -1}},
				{tokens: []int{7, 4, 5, 6, 0, 1, 2}, targets: []int{-1, 5, 6, 0, 1, 2, -1}},
			}
			if places > 0 {
				seqs[0].places = []int{0, 1, 2, 3}
				seqs[1].places = []int{4, 4, 3, 2, 1, 0, 0}
			}
			b := newBatch(seqs, false)
			_, got := m.forward(b)
			if want := forwardFLOPs(a, []int{4, 7}, len(b.out)); got != want {
				t.Errorf("%v, %d places: forward counted %d FLOPs, architecture gives %d", act, places, got, want)
			}
		}
	}
}

func TestFLOPMeterKernels(t *testing.T) {
	x := make([]float64, 5*3)
	y := make([]float64, 5*4)
	if f := linearForward(x, make([]float64, 12), make([]float64, 4), 3, 4, y); f != 2*5*3*4 {
		t.Errorf("linear forward: %d FLOPs, want %d", f, 2*5*3*4)
	}
	dx, dw, db := make([]float64, 15), make([]float64, 12), make([]float64, 4)
	if f := linearBackward(x, make([]float64, 12), y, 3, 4, dx, dw, db); f != 2*(2*5*3*4)+5*4 {
		t.Errorf("linear backward: %d FLOPs", f)
	}
	if f := embedForward([]int{0, 1}, []int{0, 1}, make([]float64, 6), make([]float64, 6), 3, make([]float64, 6)); f != 6 {
		t.Errorf("embedding: %d FLOPs, want 6", f)
	}
}

// TestFLOPMeterTrainStep checks that a training step's forward work is
// the forward pass plus the loss, and that the backward pass costs about
// twice the forward (the usual rule of thumb for dense layers).
func TestFLOPMeterTrainStep(t *testing.T) {
	a := DefaultParams().arch()
	m := initModel(a, rand.New(rand.NewPCG(2, 2)))
	rng := rand.New(rand.NewPCG(3, 3))
	seqs := []sequence{pretrainSequence(a, rng), pretrainSequence(a, rng)}
	var meter Meter
	m.trainStep(seqs, newAdam(m.numParams(), 1e-3), 1, &meter)
	// the batch is split over the training workers: one forward pass each
	var want int64
	for _, part := range splitBatch(seqs, trainWorkers) {
		b := newBatch(part, false)
		var lens []int
		for _, s := range part {
			lens = append(lens, len(s.tokens))
		}
		want += forwardFLOPs(a, lens, len(b.out)) + int64(len(b.out))*int64(6*a.tokens()+5)
	}
	want++ // the mean of the summed loss
	if meter.Forward != want {
		t.Errorf("forward %d, want %d", meter.Forward, want)
	}
	if r := float64(meter.Backward) / float64(meter.Forward); r < 1.7 || r > 2.3 {
		t.Errorf("backward/forward = %.2f, want ≈ 2", r)
	}
	if want := 13*int64(m.numParams()) + 6 + 2*int64(m.numParams()) + 1; meter.Update < want {
		t.Errorf("update %d, want ≥ %d", meter.Update, want)
	}
}

func TestEnergyConstants(t *testing.T) {
	if math.Abs(JoulesPerFLOPH100-0.7e-12) > 0.02e-12 {
		t.Errorf("H100: %.3g J/FLOP, want ≈ 0.7 pJ", JoulesPerFLOPH100)
	}
	if math.Abs(JoulesPerFLOPGPT3-15e-12) > 0.5e-12 {
		t.Errorf("GPT-3: %.3g J/FLOP, want ≈ 15 pJ", JoulesPerFLOPGPT3)
	}
	m := Meter{Forward: 1e12, Backward: 2e12, Update: 1}
	if e := m.Energy(1e-12); math.Abs(e-3) > 1e-9 {
		t.Errorf("energy %g J, want 3", e)
	}
}
