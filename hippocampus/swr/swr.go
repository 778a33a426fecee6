package swr

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/stat"
)

// BandPass returns x filtered to lowHz–highHz and the envelope of the
// filtered signal (the modulus of its analytic signal, Hilbert 1912 via
// FFT). The filter is an ideal (brick-wall) band-pass applied in the
// frequency domain with 10 Hz cosine tapers at both edges to limit ringing;
// dtMs is the sampling interval. The signal, less its mean, is padded with
// zeros to the next length whose prime factors are all 2, 3 or 5 (no
// padding when n already is one), as an FFT of a length with a large prime
// factor p costs O(n·p): unpadded, 9001 samples (a prime) took 175 ms and
// 9000 took 1.6 ms; padded to 9216, 9001 take 1.5 ms (BenchmarkBandPass).
func BandPass(x []float64, dtMs, lowHz, highHz float64) (band, env []float64) {
	n := len(x)
	if n == 0 {
		return nil, nil
	}
	fs := 1000 / dtMs
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	m := smoothLength(n)
	seq := make([]complex128, m)
	for i, v := range x {
		seq[i] = complex(v-mean, 0)
	}
	fft := fourier.NewCmplxFFT(m)
	c := fft.Coefficients(nil, seq)
	const taper = 10.0 // Hz
	for i := range c {
		f := math.Abs(fft.Freq(i) * fs)
		g := bandGain(f, lowHz, highHz, taper)
		// Analytic signal: keep positive frequencies doubled, drop negative.
		switch fi := fft.Freq(i); {
		case fi > 0 && fi < 0.5:
			c[i] *= complex(2*g, 0)
		case fi < 0:
			c[i] = 0
		default:
			c[i] *= complex(g, 0)
		}
	}
	a := fft.Sequence(nil, c)[:n]
	band, env = make([]float64, n), make([]float64, n)
	for i, v := range a {
		v /= complex(float64(m), 0)
		band[i] = real(v)
		env[i] = cmplx.Abs(v)
	}
	return band, env
}

// smoothLength returns the least length ≥ n whose prime factors are all
// 2, 3 or 5.
func smoothLength(n int) int {
	for m := n; ; m++ {
		k := m
		for _, p := range []int{2, 3, 5} {
			for k%p == 0 {
				k /= p
			}
		}
		if k == 1 {
			return m
		}
	}
}

// bandGain is 1 inside [lo, hi], 0 beyond taper Hz outside, cosine between.
func bandGain(f, lo, hi, taper float64) float64 {
	switch {
	case f >= lo && f <= hi:
		return 1
	case f < lo-taper || f > hi+taper:
		return 0
	case f < lo:
		return 0.5 * (1 + math.Cos(math.Pi*(lo-f)/taper))
	default:
		return 0.5 * (1 + math.Cos(math.Pi*(f-hi)/taper))
	}
}

// DetectOptions sets the event detector.
type DetectOptions struct {
	// LowHz and HighHz bound the ripple band (150–250 Hz).
	LowHz, HighHz float64
	// SD is the detection threshold in standard deviations of the
	// envelope above its mean (3).
	SD float64
	// EdgeSD is the threshold where an event starts and ends (1).
	EdgeSD float64
	// MinMs is the least time the envelope must stay above the detection
	// threshold (15 ms).
	MinMs float64
	// SkipMs is discarded at the start of the recording (start-up burst).
	SkipMs float64
}

// DefaultDetect returns the detector of docs/model.md §3.4: 150–250 Hz, envelope
// above mean + 3 SD for ≥ 15 ms; an event extends to where the envelope
// falls back below mean + 1 SD (a two-threshold detector, as in
// Csicsvari et al. 1999); the first 500 ms are skipped.
func DefaultDetect() DetectOptions {
	return DetectOptions{LowHz: 150, HighHz: 250, SD: 3, EdgeSD: 1, MinMs: 15, SkipMs: 500}
}

// Event is one detected sharp-wave ripple.
type Event struct {
	StartMs, EndMs, PeakMs float64
	// PeakFreqHz is the frequency of the largest spectral peak of the LFP
	// within the event, searched in 100–300 Hz.
	PeakFreqHz float64
	// PeakEnv is the largest envelope value in the event.
	PeakEnv float64
}

// DurationMs returns the event's duration.
func (e Event) DurationMs() float64 { return e.EndMs - e.StartMs }

// Detection is the result of Detect: the events and what they were found
// on, for figures.
type Detection struct {
	Events         []Event
	Band, Envelope []float64
	// Mean and SD are the envelope's mean and population standard
	// deviation after DetectOptions.SkipMs, the units of the thresholds.
	Mean, SD float64
	DtMs     float64
	T0Ms     float64
}

// Detect finds sharp-wave ripples in lfp, sampled every dtMs from t0Ms.
func Detect(lfp []float64, dtMs, t0Ms float64, o DetectOptions) (Detection, error) {
	if dtMs <= 0 || 1000/dtMs < 2*o.HighHz {
		return Detection{}, fmt.Errorf("swr: sampling interval %v ms cannot resolve %v Hz (Nyquist)", dtMs, o.HighHz)
	}
	for i, v := range lfp {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Detection{}, fmt.Errorf("swr: LFP sample %d (%v ms) is %v; the recording diverged", i, t0Ms+float64(i)*dtMs, v)
		}
	}
	d := Detection{DtMs: dtMs, T0Ms: t0Ms}
	d.Band, d.Envelope = BandPass(lfp, dtMs, o.LowHz, o.HighHz)
	skip := int(o.SkipMs / dtMs)
	if skip >= len(lfp) {
		return d, nil
	}
	d.Mean, d.SD = stat.PopMeanStdDev(d.Envelope[skip:], nil)
	hi, edge := d.Mean+o.SD*d.SD, d.Mean+o.EdgeSD*d.SD
	minRun := int(math.Ceil(o.MinMs / dtMs))
	for i := skip; i < len(lfp); {
		if d.Envelope[i] < hi {
			i++
			continue
		}
		j := i
		for j < len(lfp) && d.Envelope[j] >= hi {
			j++
		}
		if j-i < minRun {
			i = j
			continue
		}
		s, e := i, j
		for s > skip && d.Envelope[s-1] >= edge {
			s--
		}
		for e < len(lfp) && d.Envelope[e] >= edge {
			e++
		}
		ev := Event{StartMs: t0Ms + float64(s)*dtMs, EndMs: t0Ms + float64(e)*dtMs}
		for k := s; k < e; k++ {
			if d.Envelope[k] > ev.PeakEnv {
				ev.PeakEnv, ev.PeakMs = d.Envelope[k], t0Ms+float64(k)*dtMs
			}
		}
		ev.PeakFreqHz = PeakFrequency(lfp[s:e], dtMs, 100, 300)
		// Merge with the previous event if their edges touch.
		if n := len(d.Events); n > 0 && d.Events[n-1].EndMs >= ev.StartMs {
			prev := &d.Events[n-1]
			prev.EndMs = math.Max(prev.EndMs, ev.EndMs)
			if ev.PeakEnv > prev.PeakEnv {
				prev.PeakEnv, prev.PeakMs, prev.PeakFreqHz = ev.PeakEnv, ev.PeakMs, ev.PeakFreqHz
			}
		} else {
			d.Events = append(d.Events, ev)
		}
		i = e
	}
	return d, nil
}

// PeakFrequency returns the frequency (Hz) of the largest peak of the
// periodogram of x (mean removed, Hann window, zero-padded to 1 Hz
// resolution) between loHz and hiHz.
func PeakFrequency(x []float64, dtMs, loHz, hiHz float64) float64 {
	fs := 1000 / dtMs
	n := int(math.Max(float64(len(x)), fs)) // ≥ 1 s: 1 Hz bins
	seq := make([]float64, n)
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for i, v := range x {
		w := 0.5 * (1 - math.Cos(2*math.Pi*float64(i)/float64(len(x)-1)))
		seq[i] = (v - mean) * w
	}
	fft := fourier.NewFFT(n)
	c := fft.Coefficients(nil, seq)
	best, bestF := -1.0, math.NaN()
	for i, v := range c {
		f := fft.Freq(i) * fs
		if f < loHz || f > hiHz {
			continue
		}
		if p := real(v)*real(v) + imag(v)*imag(v); p > best {
			best, bestF = p, f
		}
	}
	return bestF
}

// Welch returns the power spectral density of x (Welch 1967): Hann-
// windowed segments of segMs with 50 % overlap, averaged; power in
// units² per Hz, frequencies in Hz.
func Welch(x []float64, dtMs, segMs float64) (freqHz, psd []float64) {
	fs := 1000 / dtMs
	n := int(segMs / dtMs)
	if n < 8 || n > len(x) {
		return nil, nil
	}
	win := make([]float64, n)
	wss := 0.0
	for i := range win {
		win[i] = 0.5 * (1 - math.Cos(2*math.Pi*float64(i)/float64(n-1)))
		wss += win[i] * win[i]
	}
	fft := fourier.NewFFT(n)
	psd = make([]float64, n/2+1)
	seg := make([]float64, n)
	var c []complex128
	count := 0
	for start := 0; start+n <= len(x); start += n / 2 {
		mean := 0.0
		for _, v := range x[start : start+n] {
			mean += v
		}
		mean /= float64(n)
		for i := range seg {
			seg[i] = (x[start+i] - mean) * win[i]
		}
		c = fft.Coefficients(c, seg)
		for i, v := range c {
			p := (real(v)*real(v) + imag(v)*imag(v)) / (fs * wss)
			if i > 0 && i < n/2 {
				p *= 2
			}
			psd[i] += p
		}
		count++
	}
	freqHz = make([]float64, len(psd))
	for i := range psd {
		psd[i] /= float64(count)
		freqHz[i] = fft.Freq(i) * fs
	}
	return freqHz, psd
}
