package sim

import "math"

// MeanRate returns the mean firing rate in Hz of n cells that fired
// spikes spikes in durMs milliseconds.
func MeanRate(spikes int, n int, durMs float64) float64 {
	if n == 0 || durMs <= 0 {
		return 0
	}
	return float64(spikes) / float64(n) / (durMs / 1000)
}

// CVISI returns the coefficient of variation of the interspike intervals
// (SD/mean), averaged over cells with at least minISI intervals, and the
// number of such cells. A Poisson process has CV 1; a regular one 0.
// tMs and cell are spike times and cell indices in time order.
func CVISI(tMs []float64, cell []int32, n int, minISI int) (cv float64, cells int) {
	last := make([]float64, n)
	for i := range last {
		last[i] = math.NaN()
	}
	sum, sum2 := make([]float64, n), make([]float64, n)
	cnt := make([]int, n)
	for k, t := range tMs {
		c := cell[k]
		if !math.IsNaN(last[c]) {
			d := t - last[c]
			sum[c] += d
			sum2[c] += d * d
			cnt[c]++
		}
		last[c] = t
	}
	total := 0.0
	for c := 0; c < n; c++ {
		if cnt[c] < minISI || cnt[c] < 2 {
			continue
		}
		m := sum[c] / float64(cnt[c])
		v := sum2[c]/float64(cnt[c]) - m*m
		if m > 0 {
			total += math.Sqrt(math.Max(v, 0)) / m
			cells++
		}
	}
	if cells == 0 {
		return math.NaN(), 0
	}
	return total / float64(cells), cells
}

// PopulationRate bins spike times (ms) from t0 to t1 into bins of binMs and
// returns the population rate per bin in Hz per cell, for n cells.
func PopulationRate(tMs []float64, n int, t0, t1, binMs float64) []float64 {
	nb := int(math.Ceil((t1 - t0) / binMs))
	if nb <= 0 || n == 0 {
		return nil
	}
	r := make([]float64, nb)
	for _, t := range tMs {
		b := int((t - t0) / binMs)
		if b >= 0 && b < nb {
			r[b]++
		}
	}
	scale := 1000 / binMs / float64(n)
	for b := range r {
		r[b] *= scale
	}
	return r
}

// FanoFactor returns the variance over the mean of counts (NaN for an
// empty or all-zero series). Applied to population spike counts in short
// bins it measures synchrony: ≈ 1 for independent Poisson cells, ≫ 1 when
// cells fire together.
func FanoFactor(counts []float64) float64 {
	if len(counts) == 0 {
		return math.NaN()
	}
	m, m2 := 0.0, 0.0
	for _, c := range counts {
		m += c
		m2 += c * c
	}
	m /= float64(len(counts))
	v := m2/float64(len(counts)) - m*m
	if m == 0 {
		return math.NaN()
	}
	return v / m
}
