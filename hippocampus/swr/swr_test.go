package swr

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// synthetic returns 10 s of noise at 2 kHz with 200 Hz bursts of 50 ms at
// the given times (ms).
func synthetic(bursts []float64) []float64 {
	const dt = 0.5
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 20000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for _, b := range bursts {
		for i := int(b / dt); i < int((b+50)/dt); i++ {
			x[i] += 8 * math.Sin(2*math.Pi*200*float64(i)*dt/1000)
		}
	}
	return x
}

func TestDetectFindsBursts(t *testing.T) {
	bursts := []float64{1000, 3000, 3400, 7000, 9000}
	d, err := Detect(synthetic(bursts), 0.5, 0, DefaultDetect())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Events) != len(bursts) {
		t.Fatalf("found %d events, want %d: %+v", len(d.Events), len(bursts), d.Events)
	}
	for k, e := range d.Events {
		if math.Abs(e.StartMs-bursts[k]) > 10 || math.Abs(e.DurationMs()-50) > 20 {
			t.Errorf("event %d at %.1f–%.1f ms, want ≈ %v–%v", k, e.StartMs, e.EndMs, bursts[k], bursts[k]+50)
		}
		if math.Abs(e.PeakFreqHz-200) > 5 {
			t.Errorf("event %d peak %.1f Hz, want 200", k, e.PeakFreqHz)
		}
	}
	if _, err := Detect(make([]float64, 100), 5, 0, DefaultDetect()); err == nil {
		t.Error("a sampling interval that cannot resolve the band was accepted")
	}
}

// TestDetectPrimeLength detects the same bursts in a recording of prime
// length (19997 samples), which BandPass pads for its FFT.
func TestDetectPrimeLength(t *testing.T) {
	bursts := []float64{1000, 3000, 3400, 7000, 9000}
	x := synthetic(bursts)[:19997]
	d, err := Detect(x, 0.5, 0, DefaultDetect())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Band) != len(x) || len(d.Envelope) != len(x) {
		t.Fatalf("band and envelope have %d and %d samples, want %d", len(d.Band), len(d.Envelope), len(x))
	}
	if len(d.Events) != len(bursts) {
		t.Fatalf("found %d events, want %d: %+v", len(d.Events), len(bursts), d.Events)
	}
	for k, e := range d.Events {
		if math.Abs(e.StartMs-bursts[k]) > 10 || math.Abs(e.DurationMs()-50) > 20 {
			t.Errorf("event %d at %.1f–%.1f ms, want ≈ %v–%v", k, e.StartMs, e.EndMs, bursts[k], bursts[k]+50)
		}
	}
	for _, c := range []struct{ n, want int }{{1, 1}, {7, 8}, {9001, 9216}, {10000, 10000}, {19997, 20000}} {
		if got := smoothLength(c.n); got != c.want {
			t.Errorf("smoothLength(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

func TestWelchPeak(t *testing.T) {
	x := make([]float64, 8000)
	for i := range x {
		x[i] = math.Sin(2 * math.Pi * 180 * float64(i) * 0.5 / 1000)
	}
	f, p := Welch(x, 0.5, 256)
	best := 0
	for i := range p {
		if p[i] > p[best] {
			best = i
		}
	}
	if math.Abs(f[best]-180) > 4 {
		t.Errorf("Welch peak at %.1f Hz, want 180", f[best])
	}
}

func TestDecodeAndScore(t *testing.T) {
	// Assemblies 0,1,2,3 fire in order, 10 ms each, 4 spikes a bin.
	var tm []float64
	var asm []int
	for a := 0; a < 4; a++ {
		for k := 0; k < 8; k++ {
			tm = append(tm, float64(a*10)+float64(k)*1.2)
			asm = append(asm, a)
		}
	}
	dec := Decode(tm, asm, 4, 0, 40, 5, 3)
	want := []int{0, 0, 1, 1, 2, 2, 3, 3}
	for b := range want {
		if dec[b] != want[b] {
			t.Fatalf("decoded %v, want %v", dec, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	seqs := [][]int{{4, 5, 6}, {0, 1, 2, 3}}
	r := ScoreReplay(dec, 5, seqs, 500, rng)
	if r.Sequence != 1 || r.Rho < 0.9 || !r.Forward() || r.Items != 4 || math.Abs(r.MsPerItem-10) > 0.5 {
		t.Errorf("forward score %+v", r)
	}
	rev := []int{3, 3, 2, 2, 1, 1, 0, 0}
	if r := ScoreReplay(rev, 5, seqs, 100, rng); r.Forward() || r.Rho > -0.9 {
		t.Errorf("reverse score %+v", r)
	}
	if r := ScoreReplay([]int{0, 0, 1, -1}, 5, seqs, 100, rng); r.Sequence != -1 {
		t.Errorf("two items scored: %+v", r)
	}
	_, p, used := PooledShuffleP([][]int{dec, rev, dec}, seqs, 500, rng)
	if used != 3 || p > 0.05 {
		t.Errorf("pooled p = %v over %d events, want < 0.05 over 3", p, used)
	}
}

// TestMsPerItem: the replayed time per item is the least-squares slope of
// bin on position times the bin width, and undefined (NaN) for a zero
// slope, including one whose floating-point fit leaves a residue of
// order 1e-31 (these positions and bins have zero covariance exactly).
func TestMsPerItem(t *testing.T) {
	if got := msPerItem([]float64{0, 1, 2, 3}, []float64{6, 4, 2, 0}, 5); got != 10 {
		t.Errorf("msPerItem of a reverse replay, 2 bins per item = %v ms, want 10", got)
	}
	ps := []float64{5, 2, 1, 0, 5, 2, 0, 1, 1, 4, 0, 5, 0, 0, 4, 5, 0, 4}
	tb := []float64{1, 3, 4, 4, 5, 6, 8, 9, 8, 9, 12, 12, 13, 14, 14, 16, 17, 19}
	for _, c := range [][2][]float64{{ps, tb}, {{2, 2, 2}, {1, 2, 3}}, {{1, 2, 3}, {4, 4, 4}}} {
		if got := msPerItem(c[0], c[1], 5); !math.IsNaN(got) {
			t.Errorf("msPerItem(%v, %v) = %v, want NaN (no progression)", c[0], c[1], got)
		}
	}
}

// BenchmarkBandPass filters about 4.5 s of a 2 kHz LFP, a night in
// progress as the live viewer analyses it, at a length with only small
// prime factors (9000 samples) and at a prime length (9001), which
// BandPass pads to 9216 for its FFT.
func BenchmarkBandPass(b *testing.B) {
	for _, n := range []int{9000, 9001} {
		x := synthetic([]float64{1000, 3000})[:n]
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				BandPass(x, 0.5, 150, 250)
			}
		})
	}
}

// TestDetectRefusesNonFinite: a recording with NaN or Inf is an error, not
// an endless search for events.
func TestDetectRefusesNonFinite(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		lfp := make([]float64, 4000)
		lfp[1234] = bad
		done := make(chan error, 1)
		go func() { _, err := Detect(lfp, 0.5, 0, DefaultDetect()); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "sample 1234") {
				t.Errorf("%v: %v", bad, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v: Detect did not return", bad)
		}
	}
}
