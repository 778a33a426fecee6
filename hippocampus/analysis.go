package hippocampus

import (
	"math"
	"math/rand/v2"
	"slices"

	"engram/hippocampus/swr"
	"engram/sim"

	"gonum.org/v1/gonum/stat"
)

// Replay decoding settings (swr.DefaultReplayTest).
const (
	// DecodeBinMs is the bin in which the active assembly is decoded.
	DecodeBinMs = 5.0
	// DecodeMinSpikes is the least number of spikes that makes a bin's
	// assembly count as active.
	DecodeMinSpikes = 3
)

// ReplayTest returns the per-event replay test of the sleep analysis:
// swr.DefaultReplayTest (DecodeBinMs bins, DecodeMinSpikes spikes per
// bin, ≥ 4 distinct items of one stored sequence, 1000 item-order
// shuffles, p < 0.05; docs/model.md §3.5).
func ReplayTest() swr.ReplayTest {
	t := swr.DefaultReplayTest()
	t.BinMs, t.MinSpikes = DecodeBinMs, DecodeMinSpikes
	return t
}

// EventReplay is one sharp-wave ripple and what it replayed.
type EventReplay struct {
	Event swr.Event
	// FromMs and ToMs bound the population burst the event belongs to
	// (burstWindow), the window that is decoded.
	FromMs, ToMs float64
	Decoded      []int // assembly per DecodeBinMs bin from FromMs (−1: none)
	Replay       swr.Replay
}

// IsReplay reports whether the event is a significant replay (ReplayTest:
// ≥ 4 distinct items of one stored sequence, item-order shuffle p <
// 0.05); its direction is Replay.Forward.
func (e EventReplay) IsReplay() bool { return e.Replay.Significant }

// SleepStats summarises a sleep recording the way the validation suite and
// the figures need it.
type SleepStats struct {
	// T0Ms is the network time at which the recording began, ms; event
	// times are network times.
	T0Ms       float64
	DurationMs float64
	Detection  swr.Detection
	Events     []EventReplay
	// RatePerS is the number of events per second (after DetectOptions.SkipMs).
	RatePerS float64
	// MedianDurMs and MedianFreqHz are medians over events.
	MedianDurMs, MedianFreqHz float64
	// IEICV is the CV of inter-event intervals (1 for a Poisson process).
	IEICV float64
	// SpectrumHz and Spectrum are the Welch PSD of the whole recording's
	// LFP; PeakHz its largest peak above 50 Hz.
	SpectrumHz, Spectrum []float64
	PeakHz               float64
	// Significant counts the significant replays (EventReplay.IsReplay);
	// Forward and Reverse split them by direction.
	Significant, Forward, Reverse int
	// FromFirst counts the significant replays in which the first item of
	// their sequence was decoded, AllItems those in which every item was.
	FromFirst, AllItems int
	// MeanAbsRho and PooledP test the decoded order of all events with ≥ 3
	// items of a sequence together (swr.PooledShuffleP, item positions
	// permuted).
	MeanAbsRho, PooledP float64
	// Compression is the median over significant replays of the awake
	// item interval over the replayed item interval.
	Compression float64
	// BySequence counts significant replays of each sequence; Salient
	// marks the sequences of tagged episodes.
	BySequence []int
	Salient    []bool
	// ControlSignificant is the number of events found significant by the
	// same test on the negative control: the same recording with the
	// cells' assembly labels permuted across all coded cells (one
	// permutation per night), which breaks every stored assembly.
	ControlSignificant int
}

// AnalyzeSleep detects sharp-wave ripples in a recording's CA3 LFP proxy
// (keeping events with at least one assembly's worth, AssemblyPC, of CA3
// pyramidal spikes: population bursts, not fluctuations), decodes each
// event and tests it against the stored sequences (ReplayTest), and runs
// the same test on the negative control; itemMs is the awake interval
// between items (for compression), seed seeds the shuffles.
func (h *Hippocampus) AnalyzeSleep(rec Recording, itemMs float64, seed uint64) (SleepStats, error) {
	return AnalyzeNight(rec, h.P.AssemblyPC, len(h.Items), h.salient, itemMs, seed)
}

// AnalyzeNight is AnalyzeSleep for a recording made elsewhere (another
// simulator running an exported network): assemblyPC is the number of CA3
// pyramidal cells per item, items the number of item assemblies, salient
// each stored sequence's tag (may be nil).
func AnalyzeNight(rec Recording, assemblyPC, items int, salient []bool, itemMs float64, seed uint64) (SleepStats, error) {
	st := SleepStats{T0Ms: rec.T0Ms, Salient: slices.Clone(salient)}
	o := swr.DefaultDetect()
	det, err := swr.Detect(rec.LFPCA3, LFPDtMs, rec.T0Ms, o)
	if err != nil {
		return st, err
	}
	det.Events = burstsOnly(det.Events, rec.CA3.TMs, assemblyPC)
	st.Detection = det
	st.DurationMs = float64(len(rec.LFPCA3)) * LFPDtMs
	if span := st.DurationMs - o.SkipMs; span > 0 {
		st.RatePerS = float64(len(det.Events)) / span * 1000
	}
	st.SpectrumHz, st.Spectrum = swr.Welch(rec.LFPCA3, LFPDtMs, 256)
	best := -1.0
	for i, f := range st.SpectrumHz {
		if f > 50 && st.Spectrum[i] > best {
			best, st.PeakHz = st.Spectrum[i], f
		}
	}
	test := ReplayTest()
	spikes := swr.EventSpikes{TMs: rec.CA3.TMs, Cells: rec.CA3.Cells, Assembly: rec.Assembly, NAsm: items}
	control := spikes
	control.Assembly = permuteCoded(rec.Assembly, rand.New(rand.NewPCG(seed, 0x636f6e74)))
	rng := rand.New(rand.NewPCG(seed, 0x73777200))
	crng := rand.New(rand.NewPCG(seed, 0x73777201))
	st.BySequence = make([]int, len(rec.Sequences))
	var durs, freqs, comps []float64
	var decoded [][]int
	bursts := newBurstBounds(rec.CA3.TMs, rec.CA3.Cells, rec.Assembly, rec.T0Ms, st.DurationMs)
	for _, ev := range det.Events {
		from, to := bursts.window(ev.StartMs, ev.EndMs)
		dec, r := test.Test(spikes, from, to, rec.Sequences, rng)
		er := EventReplay{Event: ev, FromMs: from, ToMs: to, Decoded: slices.Clone(dec), Replay: r}
		st.Events = append(st.Events, er)
		durs = append(durs, ev.DurationMs())
		freqs = append(freqs, ev.PeakFreqHz)
		decoded = append(decoded, er.Decoded)
		if _, c := test.Test(control, from, to, rec.Sequences, crng); c.Significant {
			st.ControlSignificant++
		}
		if !er.IsReplay() {
			continue
		}
		st.Significant++
		st.BySequence[r.Sequence]++
		if r.Forward() {
			st.Forward++
		} else {
			st.Reverse++
		}
		seq := rec.Sequences[r.Sequence]
		if slices.Contains(er.Decoded, seq[0]) {
			st.FromFirst++
		}
		if r.Items == len(seq) {
			st.AllItems++
		}
		if m := r.MsPerItem; m > 0 {
			comps = append(comps, itemMs/m)
		}
	}
	st.MedianDurMs, st.MedianFreqHz, st.Compression = sim.Median(durs), sim.Median(freqs), sim.Median(comps)
	st.MeanAbsRho, st.PooledP, _ = swr.PooledShuffleP(decoded, rec.Sequences, 1000, rng)
	var iei []float64
	for k := 1; k < len(det.Events); k++ {
		iei = append(iei, det.Events[k].PeakMs-det.Events[k-1].PeakMs)
	}
	st.IEICV = sim.CV(iei)
	return st, nil
}

// burstBounds finds the population burst around a ripple: the CA3 coded
// cells' spikes counted in DecodeBinMs bins over the recording, and the
// mean of those counts. A candidate event for replay decoding is the
// ripple extended to where the population count falls below the mean (as
// Davidson, Kloosterman & Wilson 2009 bound candidate events where
// multi-unit activity crosses its mean), by at most burstPadMs on either
// side: the ripple envelope rises only once the burst is under way, while
// the replayed sequence begins with it.
type burstBounds struct {
	t0     float64
	counts []float64
	level  float64
}

// burstPadMs is the most a decoding window extends a ripple on either
// side, ms.
const burstPadMs = 50.0

func newBurstBounds(tMs []float64, cells []int32, asm []int, t0, durMs float64) burstBounds {
	b := burstBounds{t0: t0, counts: make([]float64, int(math.Ceil(durMs/DecodeBinMs))+1)}
	for k, t := range tMs {
		if asm[cells[k]] < 0 {
			continue
		}
		if i := int((t - t0) / DecodeBinMs); i >= 0 && i < len(b.counts) {
			b.counts[i]++
		}
	}
	b.level = stat.Mean(b.counts, nil)
	return b
}

// window returns the decoding window of a ripple from startMs to endMs.
func (b burstBounds) window(startMs, endMs float64) (from, to float64) {
	bin := func(t float64) int { return int(math.Floor((t - b.t0) / DecodeBinMs)) }
	pad := int(burstPadMs / DecodeBinMs)
	lo, hi := bin(startMs), int(math.Ceil((endMs-b.t0)/DecodeBinMs))-1
	for k := 0; k < pad && lo > 0 && b.counts[lo-1] >= b.level; k++ {
		lo--
	}
	for k := 0; k < pad && hi+1 < len(b.counts) && b.counts[hi+1] >= b.level; k++ {
		hi++
	}
	return math.Min(startMs, b.t0+float64(lo)*DecodeBinMs), math.Max(endMs, b.t0+float64(hi+1)*DecodeBinMs)
}

// permuteCoded returns asm with the labels of coded cells (≥ 0) permuted
// among them: every assembly keeps its size, its cells are drawn from all
// assemblies.
func permuteCoded(asm []int, rng *rand.Rand) []int {
	out := slices.Clone(asm)
	var idx []int
	for i, a := range asm {
		if a >= 0 {
			idx = append(idx, i)
		}
	}
	perm := rng.Perm(len(idx))
	for k, i := range idx {
		out[i] = asm[idx[perm[k]]]
	}
	return out
}

// burstsOnly keeps the events during which CA3 pyramidal cells fired at
// least minSpikes spikes (spike times tMs, ascending). A sharp-wave ripple
// is a population burst (Buzsáki 2015); the detector's threshold is
// relative to the recording's own envelope, so in a silent network (a
// lesioned hippocampus) it would otherwise flag fluctuations of nothing.
func burstsOnly(evs []swr.Event, tMs []float64, minSpikes int) []swr.Event {
	var out []swr.Event
	for _, e := range evs {
		lo, _ := slices.BinarySearch(tMs, e.StartMs)
		hi, _ := slices.BinarySearch(tMs, e.EndMs)
		if hi-lo >= minSpikes {
			out = append(out, e)
		}
	}
	return out
}

// BestReplay returns the index of the replay event that covers the most
// items of its sequence (the first such), or −1 when the night replayed
// nothing.
func (s SleepStats) BestReplay() int {
	best := -1
	for k, e := range s.Events {
		if e.IsReplay() && (best < 0 || e.Replay.Items > s.Events[best].Replay.Items) {
			best = k
		}
	}
	return best
}
