package scenarios

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"engram/ann"
	"engram/resultdir"
	"engram/viz"
)

// Point is one combination of a sweep: the values of the swept keys and
// the scenario they give.
type Point struct {
	// Keys and Values are the swept keys (sorted) and this point's values,
	// as set in the scenario (float64, int, uint64, string or bool).
	Keys   []string
	Values []any
	// Scenario is the base scenario with the values set and, unless the
	// seed itself is swept, a seed derived from the base seed and the
	// point's index (DeriveSeed).
	Scenario Scenario
}

// Label is the point's folder name, e.g. "brain.mg_mm=0.5": its keys and
// values, with every character but letters, digits and . _ - + = ,
// replaced by _, so that a value never leads outside the sweep's folder.
func (p Point) Label() string {
	parts := make([]string, len(p.Keys))
	for i, k := range p.Keys {
		parts[i] = k + "=" + fmt.Sprint(p.Values[i])
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-+=,", r) {
			return r
		}
		return '_'
	}, strings.Join(parts, ","))
}

// Points expands a scenario's sweep (every combination of the values, in
// the order of the sorted keys) into scenarios, each validated. A
// scenario without a sweep gives no points. Points whose folders
// (Label) would clash are refused.
func Points(s Scenario) ([]Point, error) {
	if len(s.Sweep) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(s.Sweep))
	for k, vs := range s.Sweep {
		if len(vs) == 0 {
			return nil, &ParamError{Key: "sweep." + k, Value: "[]", Want: "at least one value"}
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var pts []Point
	folders := map[string]int{}
	var rec func(i int, vals []any) error
	rec = func(i int, vals []any) error {
		if i == len(keys) {
			p := Point{Keys: keys, Scenario: s}
			p.Scenario.Sweep = nil
			p.Scenario.Brain.DeprivedDays = slices.Clone(s.Brain.DeprivedDays)
			p.Scenario.ANN.Modes = slices.Clone(s.ANN.Modes)
			p.Scenario.Seed = DeriveSeed(s.Seed, uint64(len(pts)))
			for k, key := range keys {
				if err := Set(&p.Scenario, key, vals[k]); err != nil {
					return fmt.Errorf("sweep: %w", err)
				}
				v, _ := Get(&p.Scenario, key)
				p.Values = append(p.Values, v)
			}
			if err := p.Scenario.Validate(); err != nil {
				return fmt.Errorf("sweep point %s: %w", p.Label(), err)
			}
			label := p.Label()
			if err := resultdir.CheckName(label); err != nil {
				return fmt.Errorf("sweep point %d: its folder name: %v", len(pts)+1, err)
			}
			if j, ok := folders[label]; ok {
				return fmt.Errorf("sweep points %d and %d would both write the folder %q; give distinct values", j+1, len(pts)+1, label)
			}
			folders[label] = len(pts)
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
// points draw independent streams that depend on nothing but (base, i),
// kept to 63 bits so that every derived seed can be given back to -seed.
func DeriveSeed(base, i uint64) uint64 {
	z := base + 0x9e3779b97f4a7c15*(i+1)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return (z ^ z>>31) &^ (1 << 63)
}

// ParseSet reads a command-line override "key=v1,v2,…" into its key and
// values, the values as text (Set reads each as the key's type).
func ParseSet(arg string) (string, []any, error) {
	key, list, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" || strings.TrimSpace(list) == "" {
		return "", nil, fmt.Errorf("-set %q: want key=value or key=v1,v2,…", arg)
	}
	parts := strings.Split(list, ",")
	vals := make([]any, len(parts))
	for i, t := range parts {
		if t = strings.TrimSpace(t); t == "" {
			return "", nil, fmt.Errorf("-set %q: value %d of %d is empty", arg, i+1, len(parts))
		}
		vals[i] = t
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
// depend on jobs: each point is deterministic for its own scenario. done,
// when set, is told of each point that ran, and whether it completed. When
// ctx is cancelled the running points stop (their results incomplete) and
// the others are not started (nil results).
func RunSweep(ctx context.Context, base Scenario, pts []Point, jobs int, done func(i int, complete bool)) (*SweepResult, error) {
	sr := &SweepResult{Base: base, Points: pts, Results: make([]*Result, len(pts))}
	errs := make([]error, len(pts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(jobs, len(pts))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				sr.Results[i], errs[i] = Run(ctx, pts[i].Scenario)
				if done != nil && errs[i] == nil {
					done(i, sr.Results[i].Complete())
				}
			}
		}()
	}
feed:
	for i := range pts {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
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
		if r == nil || !r.Complete() {
			return false
		}
	}
	return true
}

// numbers returns the names and values of a result's headline numbers.
func numbers(r *Result) ([]string, []float64) {
	var names []string
	var vals []float64
	for _, n := range r.Outcome.Numbers() {
		names, vals = append(names, n.Name), append(vals, n.Value)
	}
	return names, vals
}

// WriteSweep writes a sweep into the claimed folder d (see Write): one
// folder per point that ran (its full results) and sweep.csv with every
// such point's swept values, seed, completeness and headline numbers, plus
// sweep.png/.svg of the complete points when one numeric key was swept.
// It returns the folder written.
func WriteSweep(d *resultdir.Dir, sr *SweepResult) (string, error) {
	m := resultdir.Manifest{Scenario: sr.Base.Name, Seed: sr.Base.Seed, Complete: sr.Complete()}
	return d.Commit(m, func(tmp string) error {
		var header []string
		for i, r := range sr.Results {
			if r == nil {
				continue
			}
			sub := filepath.Join(tmp, sr.Points[i].Label())
			if err := os.Mkdir(sub, 0o755); err != nil {
				return err
			}
			if err := writeFiles(sub, r); err != nil {
				return err
			}
			if names, _ := numbers(r); len(names) > len(header) {
				header = names
			}
		}
		keys := sr.Points[0].Keys
		cols := slices.Clone(keys)
		if !slices.Contains(keys, "seed") {
			cols = append(cols, "seed")
		}
		cols = append(slices.Concat(cols, []string{"complete"}), header...)
		var rows [][]string
		for i, p := range sr.Points {
			r := sr.Results[i]
			if r == nil {
				continue
			}
			row := make([]string, 0, len(cols))
			for _, v := range p.Values {
				row = append(row, fmt.Sprint(v))
			}
			if !slices.Contains(keys, "seed") {
				row = append(row, strconv.FormatUint(p.Scenario.Seed, 10))
			}
			row = append(row, strconv.FormatBool(r.Complete()))
			names, vals := numbers(r)
			for _, h := range header {
				cell := "" // not measured: the point stopped before it
				if k := slices.Index(names, h); k >= 0 && !math.IsNaN(vals[k]) {
					cell = strconv.FormatFloat(vals[k], 'g', 6, 64)
				}
				row = append(row, cell)
			}
			rows = append(rows, row)
		}
		if err := writeCSV(filepath.Join(tmp, "sweep.csv"), cols, rows); err != nil {
			return err
		}
		return sweepFigure(filepath.Join(tmp, "sweep"), sr, header)
	})
}

// WriteSweepTo claims the folder path (resultdir.Open) and writes sr into
// it (WriteSweep).
func WriteSweepTo(path string, sr *SweepResult) (string, error) {
	d, err := resultdir.Open(path)
	if err != nil {
		return "", err
	}
	defer d.Close()
	return WriteSweep(d, sr)
}

// sweepFigure plots every headline number of the complete points against
// the swept value when a single numeric key was swept.
func sweepFigure(stem string, sr *SweepResult, names []string) error {
	if len(sr.Points[0].Keys) != 1 || len(names) == 0 {
		return nil
	}
	var series []viz.Series
	done := 0
	for k, name := range names {
		s := viz.Series{Name: strings.ReplaceAll(name, "_", " ")}
		for i, p := range sr.Points {
			x, ok := toFloat(p.Values[0])
			if !ok {
				return nil
			}
			r := sr.Results[i]
			if r == nil || !r.Complete() {
				continue
			}
			_, vals := numbers(r)
			if k < len(vals) && !math.IsNaN(vals[k]) {
				s.X, s.Y = append(s.X, x), append(s.Y, vals[k])
			}
		}
		done = max(done, len(s.X))
		if c, dash, ok := seriesStyle(name); ok {
			s.Color, s.Dashes = c, dash
		}
		series = append(series, s)
	}
	if done == 0 {
		return nil
	}
	key := sr.Points[0].Keys[0]
	ylabel := "value at the end of the run (sweep.csv)"
	for _, r := range sr.Results {
		if r == nil {
			continue
		}
		if a, ok := r.Outcome.(interface{ axis() string }); ok {
			ylabel = a.axis()
		}
	}
	title := fmt.Sprintf("%s: %s over %d values (one seed each)", sr.Base.Name, key, len(sr.Points))
	if done < len(sr.Points) {
		title = fmt.Sprintf("%s: %s, %d of %d values (interrupted; one seed each)", sr.Base.Name, key, done, len(sr.Points))
	}
	return viz.SweepLines(stem, title, key, ylabel, series)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
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
