package hippocampus

import (
	"context"
	"fmt"
	"math"
	"slices"

	"engram/sim"
	"engram/task"
)

// awake puts the circuit in the awake state: recurrent CA3 transmission off
// (high acetylcholine), background EC input.
func (h *Hippocampus) awake() {
	h.rec.SetGain(0)
	h.setECRate(h.P.AwakeBackgroundHz)
	h.rec.LearningRate = 0
}

func (h *Hippocampus) setECRate(hz float64) {
	for i := range h.EC.Rates {
		h.EC.Rates[i] = hz
	}
}

// PlaceRate returns the rate (Hz) of an EC cell in the place field of its
// item, at position x ∈ [0, 1] through the field and time tMs, after Ecker
// et al. (2022):
//
//	r = rpeak · sin²(πx) · exp(2·(cos(2π·fθ·t − φ) − 1)),  φ = 2π(1 − x),
//
// a field whose preferred theta phase advances as the animal crosses it
// (phase precession; O'Keefe & Recce 1993), so that within one theta
// cycle the cells of successive items fire in the order of the route,
// compressed to tens of ms.
func (p Params) PlaceRate(x, tMs float64) float64 {
	if x <= 0 || x >= 1 {
		return 0
	}
	s := math.Sin(math.Pi * x)
	phi := 2 * math.Pi * (1 - x)
	return p.FieldPeakHz * s * s * math.Exp(2*(math.Cos(2*math.Pi*p.ThetaHz*tMs/1000-phi)-1))
}

// LapMs returns the duration of one traversal of an episode of k items
// with items itemMs apart: every item's field (FieldItems items wide) is
// crossed completely.
func (p Params) LapMs(k int, itemMs float64) float64 {
	return (float64(k-1) + p.FieldItems) * itemMs
}

// Encode experiences episode e laps times (items itemMs apart, a pause of
// gapMs after each lap) and lets CA3 store it: EC cells of each item fire
// in theta-modulated, phase-precessing place fields; DG relays them to
// CA3, whose recurrent synapses learn by STDP from the cells' own spikes
// (transmission itself is off while awake). A salient episode learns with
// the neuromodulatory gain SalienceGain. It returns ctx.Err() if cancelled.
func (h *Hippocampus) Encode(ctx context.Context, e task.Episode, laps int, itemMs, gapMs float64) error {
	if laps < 1 || !(itemMs > 0) || !(gapMs >= 0) {
		return fmt.Errorf("hippocampus: Encode laps = %d, itemMs = %v, gapMs = %v; want laps ≥ 1, itemMs > 0, gapMs ≥ 0", laps, itemMs, gapMs)
	}
	asm := make([]int, len(e.Items))
	for k, it := range e.Items {
		a, ok := h.assembly[it]
		if !ok {
			return fmt.Errorf("hippocampus: item %d of episode %d has no assembly", it, e.ID)
		}
		asm[k] = a
	}
	h.awake()
	if !h.lesioned && !containsSeq(h.sequences, asm) {
		h.sequences = append(h.sequences, asm)
		h.salient = append(h.salient, e.Salient)
	}
	if h.lesioned {
		// No hippocampus: the experience passes without storage.
		return h.net.RunContext(ctx, float64(laps)*(h.P.LapMs(len(e.Items), itemMs)+gapMs))
	}
	h.rec.LearningRate = h.P.LearningRate
	if e.Salient {
		h.rec.LearningRate *= h.P.SalienceGain
	}
	defer func() { h.rec.LearningRate = 0 }()
	dt := h.net.Dt()
	lap := h.P.LapMs(len(e.Items), itemMs)
	field := h.P.FieldItems * itemMs
	for range laps {
		t0 := h.net.TimeMs()
		steps := int(math.Round(lap / dt))
		for s := 0; s < steps; s++ {
			if s%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			pos := float64(s) * dt
			for k, a := range asm {
				r := h.P.AwakeBackgroundHz + h.P.PlaceRate((pos-float64(k)*itemMs)/field, h.net.TimeMs()-t0)
				lo, hi := a*h.P.AssemblyPC, (a+1)*h.P.AssemblyPC
				for i := lo; i < hi; i++ {
					h.EC.Rates[i] = r
				}
			}
			if err := h.net.Step(); err != nil {
				return err
			}
		}
		h.setECRate(h.P.AwakeBackgroundHz)
		if err := h.net.RunContext(ctx, gapMs); err != nil {
			return err
		}
	}
	return nil
}

// Sleep runs the circuit asleep for ms: no item input, EC background at
// SleepBackgroundHz, recurrent CA3 transmission released (× SleepGain) with
// short-term depression, no learning in CA3. Sharp-wave ripples and replay
// emerge from the stored weights. When deprived is true the recurrent
// gain stays at its awake value (0), so no ripples occur: sleep without
// sharp waves.
//
// With SleepDriveSD > 0 the EC input fluctuates slowly (sleepDrive).
func (h *Hippocampus) Sleep(ctx context.Context, ms float64, deprived bool) error {
	h.rec.LearningRate = 0
	h.setECRate(h.P.SleepBackgroundHz)
	if deprived || h.lesioned {
		h.rec.SetGain(0)
	} else {
		h.rec.SetGain(h.P.SleepGain)
	}
	defer h.awake()
	if h.lesioned {
		h.setECRate(0)
		return h.net.RunContext(ctx, ms)
	}
	if !(h.P.SleepDriveSD > 0) {
		return h.net.RunContext(ctx, ms)
	}
	return h.sleepDrive(ctx, ms)
}

// sleepDriveStepMs is how often the fluctuating sleep drive is updated, ms.
const sleepDriveStepMs = 1.0

// sleepDrive runs the network for ms with the EC background rate
// fluctuating around SleepBackgroundHz, the same for every EC cell:
//
//	rate(t) = SleepBackgroundHz · max(0, 1 + x(t)),
//	x ← x·e^(−Δ/τ) + σ·√(1 − e^(−2Δ/τ))·ξ,  ξ ~ N(0, 1) every Δ = 1 ms,
//
// an Ornstein–Uhlenbeck process of standard deviation σ = SleepDriveSD
// and correlation time τ = SleepDriveTauMs that starts at 0 each night. In
// slow-wave sleep the entorhinal input to the hippocampus follows the
// neocortex's slow fluctuations of excitability (UP and DOWN states;
// Isomura et al. 2006, Neuron 52:871), and sharp-wave ripples come more
// often when that input is up (Sirota et al. 2003, PNAS 100:2065;
// Battaglia, Sidiropoulos & Pennartz 2004, Learn Mem 11:697): the shared,
// slow part of the input decides when the excitable CA3 network ignites,
// and its refractoriness (short-term depression, presynaptic inhibition)
// how soon it can again. The process is a stand-in for that input, drawn
// from the network's seed.
func (h *Hippocampus) sleepDrive(ctx context.Context, ms float64) error {
	dec := math.Exp(-sleepDriveStepMs / h.P.SleepDriveTauMs)
	amp := h.P.SleepDriveSD * math.Sqrt(1-dec*dec)
	x := 0.0
	steps := int(math.Round(ms / sleepDriveStepMs))
	rest := ms - float64(steps)*sleepDriveStepMs
	for range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		x = x*dec + amp*h.drive.NormFloat64()
		h.setECRate(h.P.SleepBackgroundHz * math.Max(0, 1+x))
		if err := h.net.RunContext(ctx, sleepDriveStepMs); err != nil {
			return err
		}
	}
	if rest > 0 {
		return h.net.RunContext(ctx, rest)
	}
	return nil
}

// Lesion removes the hippocampus from function from now on: no storage, no
// replay, no output. Its cells are silenced (their input removed) and then
// paused for good (SetPaused), as if the tissue were gone.
func (h *Hippocampus) Lesion() {
	h.lesioned = true
	h.mossy.SetGain(0)
	h.rec.SetGain(0)
	h.SetPaused(true)
}

// Lesioned reports whether the hippocampus is lesioned.
func (h *Hippocampus) Lesioned() bool { return h.lesioned }

// Decay lets the stored traces fade over days (between sleep and the next
// day): every recurrent weight relaxes toward its initial value,
//
//	w ← w0 + (w − w0)·exp(−days/TraceDecayDays),
//
// the hippocampus's limited retention (traces last days, not months).
func (h *Hippocampus) Decay(days float64) {
	f := math.Exp(-days / h.P.TraceDecayDays)
	for k, w0 := range h.initialW {
		w := h.rec.Weight(k)
		h.rec.SetWeight(k, float64(w0)+(w-float64(w0))*f)
	}
}

// SetPaused pauses (true) or resumes (false) every population of the
// hippocampus, EC to CA1 (sim.Group.SetPaused): while paused it holds its
// state, costs no time, and neither learns nor forgets. A brain pauses it
// while testing the cortex alone. A lesioned hippocampus stays paused.
func (h *Hippocampus) SetPaused(paused bool) {
	paused = paused || h.lesioned
	h.EC.SetPaused(paused)
	for _, g := range []*sim.Group{h.DG, h.DGI, h.CA3, h.BC, h.CA1, h.CA1BC} {
		g.SetPaused(paused)
	}
}

// Net returns the network the hippocampus lives in.
func (h *Hippocampus) Net() *sim.Network { return h.net }

func containsSeq(seqs [][]int, s []int) bool {
	for _, q := range seqs {
		if slices.Equal(q, s) {
			return true
		}
	}
	return false
}
