package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
)

// WriteReleaseCSV writes release factors as t_ms,projection,f: F[k] at
// t = k·DtMs, the factor of the events arriving then.
func WriteReleaseCSV(path string, traces []ReleaseTrace) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("t_ms,projection,f\n")
	var b []byte
	for _, tr := range traces {
		for k, x := range tr.F {
			b = strconv.AppendFloat(b[:0], roundDt(float64(k)*tr.DtMs, tr.DtMs), 'f', -1, 64)
			b = append(b, ',')
			b = append(b, tr.Projection...)
			b = append(b, ',')
			b = strconv.AppendFloat(b, x, 'g', 17, 64)
			b = append(b, '\n')
			w.Write(b)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadReleaseCSV reads a release.csv file (t_ms,projection,f; each
// projection's samples in order, one a step from t = 0).
func ReadReleaseCSV(path string) ([]ReleaseTrace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = 3
	if _, err := r.Read(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []ReleaseTrace
	idx := map[string]int{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t, err1 := strconv.ParseFloat(rec[0], 64)
		x, err2 := strconv.ParseFloat(rec[2], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s line %d: %q is not t_ms,projection,f", path, line, rec)
		}
		k, ok := idx[rec[1]]
		if !ok {
			k = len(out)
			idx[rec[1]] = k
			out = append(out, ReleaseTrace{Projection: rec[1]})
		}
		if len(out[k].F) == 1 {
			out[k].DtMs = t
		}
		out[k].F = append(out[k].F, x)
	}
	return out, nil
}

// ReleaseComparison compares a run's release factor of one projection with
// Engram's.
type ReleaseComparison struct {
	Projection string
	// MeanEngram and MeanRun are the mean factors over the steps both
	// traces cover; MinEngram and MinRun the least.
	MeanEngram, MeanRun float64
	MinEngram, MinRun   float64
	// MaxLagDiff is max over k ≥ 1 of |run F[k] − Engram F[k−1]|: 0 up to
	// rounding when the run received Engram's modulator spikes (a spike
	// source), as EngramRelease reads Engram's factor one step late.
	MaxLagDiff float64
	Steps      int
}

// CompareRelease compares every release factor of run with Engram's (ref);
// a projection missing from run is reported with Steps 0.
func CompareRelease(ref, run []ReleaseTrace) []ReleaseComparison {
	var out []ReleaseComparison
	for _, e := range ref {
		c := ReleaseComparison{Projection: e.Projection, MinEngram: math.Inf(1), MinRun: math.Inf(1)}
		for _, r := range run {
			if r.Projection != e.Projection {
				continue
			}
			n := min(len(e.F), len(r.F))
			for k := 0; k < n; k++ {
				c.MeanEngram += e.F[k]
				c.MeanRun += r.F[k]
				c.MinEngram = min(c.MinEngram, e.F[k])
				c.MinRun = min(c.MinRun, r.F[k])
				if k >= 1 {
					c.MaxLagDiff = max(c.MaxLagDiff, math.Abs(r.F[k]-e.F[k-1]))
				}
			}
			c.Steps = n
			if n > 0 {
				c.MeanEngram /= float64(n)
				c.MeanRun /= float64(n)
			}
		}
		out = append(out, c)
	}
	return out
}
