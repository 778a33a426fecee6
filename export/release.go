package export

import "math"

// WriteReleaseCSV writes release factors as t_ms,projection,f: F[k] at
// t = k·DtMs, the factor of the events arriving then.
func WriteReleaseCSV(path string, traces []ReleaseTrace) error {
	ss := make([]series, len(traces))
	for i, tr := range traces {
		ss[i] = series{tr.Projection, tr.DtMs, tr.F}
	}
	return writeSeriesCSV(path, "t_ms,projection,f", ss, 0, 17)
}

// ReadReleaseCSV reads a release.csv file (t_ms,projection,f; each
// projection's samples in order, one a step from t = 0).
func ReadReleaseCSV(path string) ([]ReleaseTrace, error) {
	ss, err := readSeriesCSV(path, "t_ms,projection,f")
	if err != nil {
		return nil, err
	}
	out := make([]ReleaseTrace, len(ss))
	for i, s := range ss {
		out[i] = ReleaseTrace{Projection: s.name, DtMs: s.dtMs, F: s.x}
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
