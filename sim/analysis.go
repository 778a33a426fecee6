package sim

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

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

// Median returns the median of x: the middle value of x sorted, or the
// mean of the two middle values when len(x) is even; NaN when x is empty.
// x is not modified. (gonum's stat.Quantile gives the lower of the two
// middle values for p = 0.5, not their mean.)
func Median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// CV returns the coefficient of variation of x, σ/μ with the population
// standard deviation σ = √(Σ(x − μ)²/n) (stat.PopMeanStdDev), or NaN
// for fewer than 2 values. A Poisson process's intervals have CV 1.
func CV(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m, sd := stat.PopMeanStdDev(x, nil)
	return sd / m
}
