package hippocampus

import (
	"context"
	"fmt"
	"math/rand/v2"

	"engram/hippocampus/swr"
	"engram/task"
)

// Completion is the outcome of cueing part of an assembly.
type Completion struct {
	// Completed is the fraction of the assembly's uncued cells that fired
	// within the window: pattern completion.
	Completed float64
	// Spread is the fraction of cells of other item assemblies that fired
	// (the next items of a sequence are expected among them).
	Spread float64
}

// Probe timing: the circuit rests quiet before a cue, then is watched for
// probeWindowMs from the cue's first EC spike. The cue reaches CA3 through
// EC → DG → CA3 in ≈ 15–20 ms (a granule cell integrates two or three EC
// spikes, a CA3 cell the mossy input), and recurrent recruitment of the
// rest of the assembly takes another 20–30 ms; a 30 ms window closed
// while it was under way (a 30 % cue then counted ≈ 13 % of the rest of
// a once-stored assembly, 60 ms counts ≈ 80–90 %).
const (
	probeRestMs   = 1000.0
	probeWindowMs = 60.0
)

// quiet puts the circuit in the retrieval state: recurrent transmission
// released (× RecallGain, so that stored connections act), no learning,
// no EC input. rest lets the start-up burst of the release pass; its short-
// term depression is then recovered, as after a long quiet rest.
func (h *Hippocampus) quiet() {
	h.rec.LearningRate = 0
	h.setECRate(0)
	if h.lesioned {
		h.rec.SetGain(0)
	} else {
		h.rec.SetGain(h.P.RecallGain)
	}
}

// Complete cues a random fraction frac of item it's CA3 assembly (through
// its EC → DG → CA3 relay) after a quiet rest and measures, in the next
// probeWindowMs, how much of the rest of the assembly fires (pattern
// completion by the recurrent CA3 synapses, Marr 1971; Nakazawa et al.
// 2002) and how far activity spreads to other assemblies.
func (h *Hippocampus) Complete(ctx context.Context, it task.Item, frac float64, rng *rand.Rand) (Completion, error) {
	_, _, ok := h.AssemblyOf(it)
	if !ok {
		return Completion{}, fmt.Errorf("hippocampus: item %d has no assembly", it)
	}
	if !(frac > 0 && frac <= 1) {
		return Completion{}, fmt.Errorf("hippocampus: cue fraction = %v, want 0 < f ≤ 1", frac)
	}
	h.quiet()
	defer h.awake()
	if err := h.rest(ctx); err != nil {
		return Completion{}, err
	}
	return h.completeNow(ctx, it, frac, rng)
}

// completeNow cues frac of item it's assembly in the retrieval state set
// by the caller and measures completion and spread (Complete).
func (h *Hippocampus) completeNow(ctx context.Context, it task.Item, frac float64, rng *rand.Rand) (Completion, error) {
	lo, hi, _ := h.AssemblyOf(it)
	perm := rng.Perm(hi - lo)
	nCue := int(frac*float64(hi-lo) + 0.5)
	cued := make([]bool, hi-lo)
	var cells []int
	for _, k := range perm[:nCue] {
		cued[k] = true
		cells = append(cells, lo+k)
	}
	start := h.net.TimeMs()
	before := h.recs.ca3.Len()
	if err := h.cue(ctx, cells); err != nil {
		return Completion{}, err
	}
	if err := h.net.RunContext(ctx, probeWindowMs-cueBurstMs); err != nil {
		return Completion{}, err
	}
	tm, spk := h.recs.ca3.Spikes()
	fired := map[int]bool{}
	for k := before; k < len(tm); k++ {
		if tm[k] >= start {
			fired[int(spk[k])] = true
		}
	}
	var c Completion
	nIn, nOut := 0, 0
	for i := lo; i < hi; i++ {
		if !cued[i-lo] {
			nIn++
			if fired[i] {
				c.Completed++
			}
		}
	}
	coded := len(h.Items) * h.P.AssemblyPC
	for i := 0; i < coded; i++ {
		if i < lo || i >= hi {
			nOut++
			if fired[i] {
				c.Spread++
			}
		}
	}
	if nIn > 0 {
		c.Completed /= float64(nIn)
	}
	if nOut > 0 {
		c.Spread /= float64(nOut)
	}
	return c, nil
}

// Recall cues the whole assembly of item cue in the retrieval state and
// returns the items whose assemblies become active afterwards, in order
// (decoded in DecodeBinMs bins over 300 ms, consecutive repeats and the cue
// dropped): the hippocampal recall of the episode that follows the cue,
// scored with task.Score.
func (h *Hippocampus) Recall(ctx context.Context, cue task.Item) ([]task.Item, error) {
	if _, _, ok := h.AssemblyOf(cue); !ok {
		return nil, fmt.Errorf("hippocampus: item %d has no assembly", cue)
	}
	h.quiet()
	defer h.awake()
	if err := h.rest(ctx); err != nil {
		return nil, err
	}
	return h.recallNow(ctx, cue)
}

// recallNow cues the whole assembly of item cue in the retrieval state
// set by the caller and decodes the items whose assemblies become active
// in the next 300 ms.
func (h *Hippocampus) recallNow(ctx context.Context, cue task.Item) ([]task.Item, error) {
	lo, hi, ok := h.AssemblyOf(cue)
	if !ok {
		return nil, fmt.Errorf("hippocampus: item %d has no assembly", cue)
	}
	cells := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		cells = append(cells, i)
	}
	start := h.net.TimeMs()
	before := h.recs.ca3.Len()
	if err := h.cue(ctx, cells); err != nil {
		return nil, err
	}
	const windowMs = 300.0
	if err := h.net.RunContext(ctx, windowMs-cueBurstMs); err != nil {
		return nil, err
	}
	tm, spk := h.recs.ca3.Spikes()
	tm, spk = tm[before:], spk[before:]
	asm := make([]int, len(spk))
	for k, c := range spk {
		asm[k] = -1
		if a := int(c) / h.P.AssemblyPC; a < len(h.Items) {
			asm[k] = a
		}
	}
	dec := swr.Decode(tm, asm, len(h.Items), start, start+windowMs, DecodeBinMs, DecodeMinSpikes)
	var out []task.Item
	cueA := h.assembly[cue]
	for _, a := range dec {
		if a < 0 || a == cueA {
			continue
		}
		if it := h.Items[a]; len(out) == 0 || out[len(out)-1] != it {
			out = append(out, it)
		}
	}
	return out, nil
}

// cueBurstMs is the length of a cue: three EC spikes 5 ms apart per cued
// cell (a burst at 200 Hz, like a place cell's in its field).
const cueBurstMs = 15.0

// cue makes the EC cells of cells burst and runs the network through the
// burst.
func (h *Hippocampus) cue(ctx context.Context, cells []int) error {
	for range 3 {
		for _, i := range cells {
			h.EC.Fire(i)
		}
		if err := h.net.RunContext(ctx, cueBurstMs/3); err != nil {
			return err
		}
	}
	return nil
}

// rest runs the quiet circuit for probeRestMs and recovers its depression.
func (h *Hippocampus) rest(ctx context.Context) error {
	if err := h.net.RunContext(ctx, probeRestMs); err != nil {
		return err
	}
	h.rec.RecoverDepression()
	return nil
}
