package hippocampus

import (
	"engram/sim"
)

// LFPDtMs is the sampling interval of the hippocampal LFP proxies, ms
// (2 kHz: the ripple band lies well below Nyquist).
const LFPDtMs = 0.5

// recorders are created with the circuit and reset by ResetRecording.
type recorders struct {
	ca3, bc, ca1 *sim.SpikeRecorder
	lfpCA1       *sim.LFPRecorder
	lfpCA3       *sim.LFPRecorder
	t0           float64
}

func (h *Hippocampus) record() {
	n := h.net
	h.recs = recorders{
		ca3: n.RecordSpikes(h.CA3, 0), bc: n.RecordSpikes(h.BC, 0), ca1: n.RecordSpikes(h.CA1, 0),
		lfpCA1: n.RecordLFP(h.CA1, LFPDtMs), lfpCA3: n.RecordLFP(h.CA3, LFPDtMs),
	}
}

// ResetRecording forgets what was recorded so far; recording goes on from
// the present time.
func (h *Hippocampus) ResetRecording() {
	r := &h.recs
	r.ca3.Reset()
	r.bc.Reset()
	r.ca1.Reset()
	r.lfpCA1.Samples = r.lfpCA1.Samples[:0]
	r.lfpCA3.Samples = r.lfpCA3.Samples[:0]
	r.t0 = h.net.TimeMs()
}

// Spikes is a copy of recorded spikes: times (ms) and cells.
type Spikes struct {
	TMs   []float64
	Cells []int32
}

// Recording is a copy of what the hippocampus recorded since the last
// ResetRecording: spikes of CA3 pyramidal and basket cells and CA1
// pyramidal cells, and the LFP proxies (summed absolute synaptic currents
// of the pyramidal cells, pA, every LFPDtMs) of CA1 and CA3.
type Recording struct {
	T0Ms           float64
	CA3, BC, CA1   Spikes
	LFPCA1, LFPCA3 []float64
	// Assembly maps a CA3 cell to its assembly (−1: codes nothing).
	Assembly []int
	// Sequences lists, for each episode encoded, its assemblies in order.
	Sequences [][]int
}

// Recording returns a copy of the recordings.
func (h *Hippocampus) Recording() Recording {
	r := &h.recs
	rec := Recording{T0Ms: r.t0,
		LFPCA1: append([]float64(nil), r.lfpCA1.Samples...), LFPCA3: append([]float64(nil), r.lfpCA3.Samples...)}
	rec.CA3.TMs, rec.CA3.Cells = r.ca3.Spikes()
	rec.BC.TMs, rec.BC.Cells = r.bc.Spikes()
	rec.CA1.TMs, rec.CA1.Cells = r.ca1.Spikes()
	rec.Assembly = make([]int, h.CA3.Size())
	for i := range rec.Assembly {
		rec.Assembly[i] = -1
		if a := i / h.P.AssemblyPC; a < len(h.Items) {
			rec.Assembly[i] = a
		}
	}
	for _, seq := range h.sequences {
		rec.Sequences = append(rec.Sequences, append([]int(nil), seq...))
	}
	return rec
}

// SpikeAssemblies returns, for each CA3 spike of the recording, the
// assembly of its cell (−1 for cells that code nothing).
func (r Recording) SpikeAssemblies() []int {
	a := make([]int, len(r.CA3.Cells))
	for k, c := range r.CA3.Cells {
		a[k] = r.Assembly[c]
	}
	return a
}
