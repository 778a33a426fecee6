package sim

import (
	"fmt"
	"slices"
)

// recorder is anything that samples the network after each step.
type recorder interface{ record(n *Network) }

// SpikeRecorder keeps the spikes of one population, oldest first, in a
// ring of bounded capacity: when full, the oldest spikes are dropped.
type SpikeRecorder struct {
	src     *population
	cap     int
	steps   []int64
	idx     []int32
	head    int // index of the oldest entry once the ring is full
	dropped int64
	dt      float64
}

// RecordSpikes records the spikes of s, keeping at most capacity of them
// (0: unbounded).
func (n *Network) RecordSpikes(s Source, capacity int) *SpikeRecorder {
	r := &SpikeRecorder{src: s.pop(), cap: capacity, dt: n.dt}
	n.recs = append(n.recs, r)
	return r
}

func (r *SpikeRecorder) record(n *Network) {
	step := n.step - 1 // the step in which the spikes happened
	for _, i := range r.src.spikes {
		if r.cap > 0 && len(r.idx) == r.cap {
			r.steps[r.head], r.idx[r.head] = step, i
			r.head = (r.head + 1) % r.cap
			r.dropped++
			continue
		}
		r.steps = append(r.steps, step)
		r.idx = append(r.idx, i)
	}
}

// Len returns the number of spikes held.
func (r *SpikeRecorder) Len() int { return len(r.idx) }

// Dropped returns the number of spikes dropped because the ring was full.
func (r *SpikeRecorder) Dropped() int64 { return r.dropped }

// Name returns the recorded population's name.
func (r *SpikeRecorder) Name() string { return r.src.name }

// Size returns the recorded population's size.
func (r *SpikeRecorder) Size() int { return r.src.size }

// Spikes returns copies of the spike times (ms) and cell indices, oldest
// first.
func (r *SpikeRecorder) Spikes() (tMs []float64, cell []int32) {
	n := len(r.idx)
	tMs, cell = make([]float64, n), make([]int32, n)
	for k := 0; k < n; k++ {
		m := (r.head + k) % max(n, 1)
		tMs[k] = float64(r.steps[m]) * r.dt
		cell[k] = r.idx[m]
	}
	return tMs, cell
}

// Reset forgets every spike held.
func (r *SpikeRecorder) Reset() {
	r.steps, r.idx, r.head, r.dropped = r.steps[:0], r.idx[:0], 0, 0
}

// StateRecorder samples one state variable of chosen cells at a fixed
// interval.
type StateRecorder struct {
	g     *Group
	vr    string
	cells []int
	every int64
	// TMs holds the sample times, ms.
	TMs []float64
	// Data holds one series per recorded cell, in the variable's unit.
	Data [][]float64
}

// RecordState samples variable "V" (mV), "w" (pA) or "Vbar" (mV) of cells
// every everyMs (rounded to whole steps, at least one).
func (n *Network) RecordState(g *Group, variable string, cells []int, everyMs float64) (*StateRecorder, error) {
	if !slices.Contains([]string{"V", "w", "Vbar"}, variable) {
		return nil, fmt.Errorf("sim: RecordState: variable %q, want V, w or Vbar", variable)
	}
	for _, c := range cells {
		if c < 0 || c >= g.size {
			return nil, fmt.Errorf("sim: RecordState: cell %d of group %q, want 0 … %d", c, g.name, g.size-1)
		}
	}
	every := max(int64(everyMs/n.dt+0.5), 1)
	r := &StateRecorder{g: g, vr: variable, cells: slices.Clone(cells), every: every, Data: make([][]float64, len(cells))}
	n.recs = append(n.recs, r)
	return r, nil
}

func (r *StateRecorder) record(n *Network) {
	if n.step%r.every != 0 {
		return
	}
	r.TMs = append(r.TMs, n.TimeMs())
	for k, c := range r.cells {
		var x float64
		switch r.vr {
		case "V":
			x = r.g.v[c]
		case "w":
			x = r.g.w[c]
		case "Vbar":
			x = r.g.Vbar(c)
		}
		r.Data[k] = append(r.Data[k], x)
	}
}

// LFPRecorder records a group's LFP proxy: the sum over its cells of the
// absolute synaptic currents, |I_AMPA| + |I_NMDA| + |I_GABA| + …, after
// Mazzoni et al. (2008), averaged over each sampling interval.
type LFPRecorder struct {
	g     *Group
	every int64
	acc   float64
	// DtMs is the sampling interval, ms.
	DtMs float64
	// Samples holds the LFP proxy, pA, one per interval.
	Samples []float64
}

// RecordLFP records the LFP proxy of g every everyMs (rounded to whole
// steps, at least one).
func (n *Network) RecordLFP(g *Group, everyMs float64) *LFPRecorder {
	g.RecordLFP()
	every := max(int64(everyMs/n.dt+0.5), 1)
	r := &LFPRecorder{g: g, every: every, DtMs: float64(every) * n.dt}
	n.recs = append(n.recs, r)
	return r
}

func (r *LFPRecorder) record(n *Network) {
	r.acc += r.g.lfpSum(n.step)
	if n.step%r.every == 0 {
		r.Samples = append(r.Samples, r.acc/float64(r.every))
		r.acc = 0
	}
}
