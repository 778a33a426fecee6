package scenarios

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"engram/ann"
	"engram/viz"
)

// Point is one combination of a sweep: the values of the swept keys and
// the scenario they give.
type Point struct {
	// Keys and Values are the swept keys (sorted) and this point's values.
	Keys   []string
	Values []any
	// Scenario is the base scenario with the values set and a seed
	// derived from the base seed and the point's index.
	Scenario Scenario
}

// Label is the point's folder name, e.g. "brain.mg_mm=0.5".
func (p Point) Label() string {
	parts := make([]string, len(p.Keys))
	for i, k := range p.Keys {
		parts[i] = k + "=" + fmt.Sprint(p.Values[i])
	}
	return strings.Join(parts, ",")
}

// Points expands a scenario's sweep (every combination of the values, in
// the order of the sorted keys) into scenarios, each validated. A
// scenario without a sweep gives no points.
func Points(s Scenario) ([]Point, error) {
	if len(s.Sweep) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(s.Sweep))
	for k, vs := range s.Sweep {
		if len(vs) == 0 {
			return nil, fmt.Errorf("sweep.%s: an empty list; give at least one value", k)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var pts []Point
	var rec func(i int, vals []any) error
	rec = func(i int, vals []any) error {
		if i == len(keys) {
			p := Point{Keys: keys, Values: slices.Clone(vals), Scenario: s}
			p.Scenario.Sweep = nil
			p.Scenario.Brain.DeprivedDays = slices.Clone(s.Brain.DeprivedDays)
			p.Scenario.ANN.Modes = slices.Clone(s.ANN.Modes)
			for k, key := range keys {
				if err := Set(&p.Scenario, key, vals[k]); err != nil {
					return fmt.Errorf("sweep: %w", err)
				}
			}
			p.Scenario.Seed = DeriveSeed(s.Seed, uint64(len(pts)))
			if err := p.Scenario.Validate(); err != nil {
				return fmt.Errorf("sweep point %s: %w", p.Label(), err)
			}
			pts = append(pts, p)
			return nil
		}
		for _, v := range s.Sweep[keys[i]] {
			if err := rec(i+1, append(vals, v)); err != nil {
				return err
			}
		}
		return nil
	}
	return pts, rec(0, nil)
}

// DeriveSeed returns the seed of sweep point i of a run with seed base:
// the SplitMix64 finaliser of their mix (Steele, Lea & Flood 2014), so
// points draw independent streams that depend on nothing but (base, i).
func DeriveSeed(base, i uint64) uint64 {
	z := base + 0x9e3779b97f4a7c15*(i+1)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// ParseSet reads a command-line override "key=v1,v2,…" into a sweep entry.
func ParseSet(arg string) (string, []any, error) {
	key, list, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" || strings.TrimSpace(list) == "" {
		return "", nil, fmt.Errorf("-set %q: want key=value or key=v1,v2,…", arg)
	}
	var vals []any
	for _, t := range strings.Split(list, ",") {
		vals = append(vals, parseScalar(strings.TrimSpace(t)))
	}
	return key, vals, nil
}

// SweepResult is a finished sweep: one result per point, in point order.
type SweepResult struct {
	Base    Scenario
	Points  []Point
	Results []*Result
}

// RunSweep runs every point, at most jobs at a time. The results do not
// depend on jobs: each point is deterministic for its own scenario. When
// ctx is cancelled, points not started are skipped (nil results).
func RunSweep(ctx context.Context, base Scenario, pts []Point, jobs int, done func(i int)) (*SweepResult, error) {
	sr := &SweepResult{Base: base, Points: pts, Results: make([]*Result, len(pts))}
	errs := make([]error, len(pts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(jobs, len(pts))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				sr.Results[i], errs[i] = Run(ctx, pts[i].Scenario)
				if done != nil {
					done(i)
				}
			}
		}()
	}
	for i := range pts {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return sr, fmt.Errorf("sweep point %s: %w", pts[i].Label(), err)
		}
	}
	return sr, nil
}

// Complete reports whether every point ran to its end.
func (sr *SweepResult) Complete() bool {
	for _, r := range sr.Results {
		if r == nil || !r.Complete {
			return false
		}
	}
	return true
}

// summary returns the headline numbers of a result, as (name, value).
func summary(r *Result) ([]string, []float64) {
	switch {
	case r == nil:
		return nil, nil
	case r.DayNight != nil:
		var names []string
		var vals []float64
		if n := len(r.DayNight.Brain.Days); n > 0 {
			d := r.DayNight.Brain.Days[n-1]
			names = append(names, "brain_cortex", "brain_hippocampus", "brain_both")
			vals = append(vals, d.Cortex, d.Hippocampus, d.Both)
		}
		for _, m := range r.DayNight.Modes {
			if a := r.DayNight.ANN[m]; a != nil {
				names = append(names, "ann_"+string(m))
				vals = append(vals, a.MeanRecall(len(a.Recall)-1))
			}
		}
		return names, vals
	case r.HippoMetrics != nil:
		h := r.HippoMetrics
		return []string{"swr_per_s", "forward_replays", "reverse_replays", "compression"},
			[]float64{h.RatePerS, float64(h.Forward), float64(h.Reverse), h.Compression}
	default:
		return []string{"rate_hz", "cv_isi"}, []float64{r.Metrics.RateHz["all"], r.Metrics.CVISI}
	}
}

// WriteSweep writes a sweep into dir: one folder per point (its full
// results) and sweep.csv with every point's swept values, seed and
// headline numbers, plus sweep.png/.svg when one numeric key was swept.
// Like Write, it replaces dir only when everything is written.
func WriteSweep(dir string, sr *SweepResult) error {
	return commitDir(dir, func(tmp string) error {
		var header []string
		for i, r := range sr.Results {
			if r == nil {
				continue
			}
			sub := filepath.Join(tmp, sr.Points[i].Label())
			if err := os.Mkdir(sub, 0o755); err != nil {
				return err
			}
			if err := writeAll(sub, r); err != nil {
				return err
			}
			if header == nil {
				header, _ = summary(r)
			}
		}
		f, err := os.Create(filepath.Join(tmp, "sweep.csv"))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		keys := sr.Points[0].Keys
		fmt.Fprintln(w, strings.Join(slices.Concat(keys, []string{"seed", "complete"}, header), ","))
		for i, p := range sr.Points {
			r := sr.Results[i]
			if r == nil {
				continue
			}
			row := make([]string, 0, len(keys)+2+len(header))
			for _, v := range p.Values {
				row = append(row, fmt.Sprint(v))
			}
			row = append(row, strconv.FormatUint(p.Scenario.Seed, 10), strconv.FormatBool(r.Complete))
			_, vals := summary(r)
			for _, v := range vals {
				row = append(row, strconv.FormatFloat(v, 'g', 6, 64))
			}
			fmt.Fprintln(w, strings.Join(row, ","))
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		return sweepFigure(filepath.Join(tmp, "sweep"), sr, header)
	})
}

// sweepFigure plots every headline number against the swept value when a
// single numeric key was swept.
func sweepFigure(stem string, sr *SweepResult, names []string) error {
	if len(sr.Points[0].Keys) != 1 || len(names) == 0 {
		return nil
	}
	var series []viz.Series
	for k, name := range names {
		s := viz.Series{Name: strings.ReplaceAll(name, "_", " ")}
		for i, p := range sr.Points {
			x, ok := toFloat(p.Values[0])
			if !ok || sr.Results[i] == nil {
				return nil
			}
			_, vals := summary(sr.Results[i])
			s.X, s.Y = append(s.X, x), append(s.Y, vals[k])
		}
		if c, dash, ok := seriesStyle(name); ok {
			s.Color, s.Dashes = c, dash
		}
		series = append(series, s)
	}
	key := sr.Points[0].Keys[0]
	ylabel := "value at the end of the run (sweep.csv)"
	for _, r := range sr.Results {
		if r != nil && r.DayNight != nil {
			ylabel = "mean recall at the last test"
		}
	}
	return viz.SweepLines(stem, fmt.Sprintf("%s: %s over %d values (one seed each)", sr.Base.Name, key, len(sr.Points)), key, ylabel, series)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	}
	return 0, false
}

// seriesStyle gives ANN modes their house colours.
func seriesStyle(name string) (c viz.Color, dash []float64, ok bool) {
	if m, found := strings.CutPrefix(name, "ann_"); found {
		if mode, err := ann.ParseMode(m); err == nil {
			col, d := viz.ANNModeColor(mode)
			var ds []float64
			for _, l := range d {
				ds = append(ds, float64(l))
			}
			return col, ds, true
		}
	}
	return nil, nil, false
}
