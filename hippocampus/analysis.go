package hippocampus

import (
	"math"
	"math/rand/v2"
	"slices"

	"engram/hippocampus/swr"
)

// Replay decoding settings.
const (
	// DecodeBinMs is the bin in which the active assembly is decoded.
	DecodeBinMs = 5.0
	// DecodeMinSpikes is the least number of spikes that makes a bin's
	// assembly count as active.
	DecodeMinSpikes = 3
	// ReplayMinRho is the |ρ| from which an event with ≥ 3 items of one
	// sequence counts as a forward or reverse replay.
	ReplayMinRho = 0.6
)

// EventReplay is one sharp-wave ripple and what it replayed.
type EventReplay struct {
	Event   swr.Event
	Decoded []int // assembly per DecodeBinMs bin (−1: none)
	Replay  swr.Replay
}

// IsReplay reports whether the event replayed ≥ 3 items of one sequence
// in order (forward or reverse, |ρ| ≥ ReplayMinRho).
func (e EventReplay) IsReplay() bool {
	return e.Replay.Sequence >= 0 && math.Abs(e.Replay.Rho) >= ReplayMinRho
}

// SleepStats summarises a sleep recording the way the validation suite and
// the figures need it.
type SleepStats struct {
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
	// Forward and Reverse count replays by direction.
	Forward, Reverse int
	// MeanAbsRho and PooledP test replay order against the shuffle null.
	MeanAbsRho, PooledP float64
	// Compression is the median over replays of awake item interval over
	// replayed item interval.
	Compression float64
	// BySequence counts replays of each sequence; Salient marks the
	// sequences of tagged episodes.
	BySequence []int
	Salient    []bool
}

// AnalyzeSleep detects sharp-wave ripples in a recording's CA3 LFP proxy
// (keeping events with at least one assembly's worth, AssemblyPC, of CA3
// pyramidal spikes: population bursts, not fluctuations), decodes each event and scores it against the stored sequences; itemMs
// is the awake interval between items (for compression).
func (h *Hippocampus) AnalyzeSleep(rec Recording, itemMs float64, seed uint64) (SleepStats, error) {
	st := SleepStats{Salient: slices.Clone(h.salient)}
	o := swr.DefaultDetect()
	det, err := swr.Detect(rec.LFPCA3, LFPDtMs, rec.T0Ms, o)
	if err != nil {
		return st, err
	}
	det.Events = burstsOnly(det.Events, rec.CA3.TMs, h.P.AssemblyPC)
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
	asm := rec.SpikeAssemblies()
	rng := rand.New(rand.NewPCG(seed, 0x73777200))
	st.BySequence = make([]int, len(rec.Sequences))
	var durs, freqs, comps []float64
	var decoded [][]int
	for _, ev := range det.Events {
		dec := swr.Decode(rec.CA3.TMs, asm, len(h.Items), ev.StartMs, ev.EndMs, DecodeBinMs, DecodeMinSpikes)
		er := EventReplay{Event: ev, Decoded: dec, Replay: swr.ScoreReplay(dec, DecodeBinMs, rec.Sequences, 0, rng)}
		st.Events = append(st.Events, er)
		durs = append(durs, ev.DurationMs())
		freqs = append(freqs, ev.PeakFreqHz)
		decoded = append(decoded, dec)
		if er.IsReplay() {
			st.BySequence[er.Replay.Sequence]++
			if er.Replay.Forward() {
				st.Forward++
			} else {
				st.Reverse++
			}
			if m := er.Replay.MsPerItem; m > 0 {
				comps = append(comps, itemMs/m)
			}
		}
	}
	st.MedianDurMs, st.MedianFreqHz, st.Compression = median(durs), median(freqs), median(comps)
	st.MeanAbsRho, st.PooledP, _ = swr.PooledShuffleP(decoded, rec.Sequences, 1000, rng)
	var iei []float64
	for k := 1; k < len(det.Events); k++ {
		iei = append(iei, det.Events[k].PeakMs-det.Events[k-1].PeakMs)
	}
	st.IEICV = cv(iei)
	return st, nil
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

// SalientRatio returns replays per salient sequence over replays per
// other sequence (NaN when either kind is missing or the others have none).
func (s SleepStats) SalientRatio() float64 {
	var ns, no, rs, ro float64
	for k, c := range s.BySequence {
		if s.Salient[k] {
			ns, rs = ns+1, rs+float64(c)
		} else {
			no, ro = no+1, ro+float64(c)
		}
	}
	if ns == 0 || no == 0 || ro == 0 {
		if ns > 0 && no > 0 && rs > 0 {
			return math.Inf(1)
		}
		return math.NaN()
	}
	return (rs / ns) / (ro / no)
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

func cv(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m, v := 0.0, 0.0
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return math.Sqrt(v/float64(len(x))) / m
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
