package sim

import (
	"math"
	"slices"
	"testing"
)

func TestMedian(t *testing.T) {
	cases := []struct {
		x    []float64
		want float64
	}{
		{nil, math.NaN()},
		{[]float64{4}, 4},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{-1, 5, 5, 0, 7}, 5},
	}
	for _, c := range cases {
		in := slices.Clone(c.x)
		got := Median(c.x)
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("Median(%v) = %v, want %v", in, got, c.want)
		}
		if !slices.Equal(in, c.x) {
			t.Errorf("Median reordered its input: %v, was %v", c.x, in)
		}
	}
}

func TestCV(t *testing.T) {
	cases := []struct {
		x    []float64
		want float64
	}{
		{nil, math.NaN()},
		{[]float64{3}, math.NaN()},
		{[]float64{1, 3}, 0.5},                   // mean 2, population SD 1
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 0.4}, // mean 5, population SD 2
		{[]float64{6, 6, 6}, 0},
	}
	for _, c := range cases {
		got := CV(c.x)
		if !(math.Abs(got-c.want) < 1e-15 || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("CV(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}
