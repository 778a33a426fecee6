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

// Point is one run of a sweep: the values of the swept keys, which of
// the replicates of those values it is, and the scenario they give.
type Point struct {
	// Keys and Values are the swept keys (sorted) and this point's values,
	// as set in the scenario (float64, int, uint64, string or bool).
	Keys   []string
	Values []any
	// Replicate is the point's index among the runs of its values (0 …
	// seeds−1): its seed is the scenario's seed + Replicate, unless the
	// seed itself is swept.
	Replicate int
	// Scenario is the base scenario with the values and the seed set.
	Scenario Scenario

	replicated bool // seeds > 1: the label names the seed
}

// Label is the point's folder name, e.g. "brain.mg_mm=0.5" (with
// ",seed=N" when the scenario runs several seeds): its keys and values,
// with every character but letters, digits and . _ - + = , replaced by _,
// so that a value never leads outside the sweep's folder.
func (p Point) Label() string {
	var parts []string
	for i, k := range p.Keys {
		parts = append(parts, k+"="+fmt.Sprint(p.Values[i]))
	}
	if p.replicated {
		parts = append(parts, "seed="+strconv.FormatUint(p.Scenario.Seed, 10))
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-+=,", r) {
			return r
		}
		return '_'
	}, strings.Join(parts, ","))
}

// Points expands a scenario's sweep and replicates into runs: every
// combination of the swept values (in the order of the sorted keys), each
// run with the scenario's seed (common random numbers: points differ only
// by their values) or, with seeds = N, N times with seeds seed … seed+N−1.
// Each is validated. A scenario with no sweep and one seed gives no
// points. Points whose folders (Label) would clash are refused.
func Points(s Scenario) ([]Point, error) {
	if len(s.Sweep) == 0 && s.Seeds <= 1 {
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
	if s.Seeds > 1 && slices.Contains(keys, "seed") {
		return nil, &ParamError{Key: "seeds", Value: strconv.Itoa(s.Seeds), Want: "1 when the seed itself is swept (give the seeds as the sweep's values, or seeds = N)"}
	}
	var pts []Point
	folders := map[string]int{}
	var rec func(i int, vals []any) error
	rec = func(i int, vals []any) error {
		if i < len(keys) {
			for _, v := range s.Sweep[keys[i]] {
				if err := rec(i+1, append(vals, v)); err != nil {
					return err
				}
			}
			return nil
		}
		for r := range max(1, s.Seeds) {
			p := Point{Keys: keys, Replicate: r, Scenario: s, replicated: s.Seeds > 1}
			p.Scenario.Sweep, p.Scenario.Seeds = nil, 1
			p.Scenario.Brain.DeprivedDays = slices.Clone(s.Brain.DeprivedDays)
			p.Scenario.ANN.Modes = slices.Clone(s.ANN.Modes)
			p.Scenario.Seed = s.Seed + uint64(r)
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
		}
		return nil
	}
	return pts, rec(0, nil)
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
// folder per point that ran (its full results), sweep.csv with each point's
// swept values, seed, completeness and headline numbers (with seeds = N:
// one row per set of values, the mean and standard error of each number
// over its complete runs, and every run in runs.csv), plus sweep.png/.svg
// when one numeric key was swept. It returns the folder written.
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
		runs := "sweep.csv"
		if sr.replicated() {
			runs = "runs.csv"
			if err := writeSummary(filepath.Join(tmp, "sweep.csv"), sr, header); err != nil {
				return err
			}
		}
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
			row := valueCells(p)
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
		if err := writeCSV(filepath.Join(tmp, runs), cols, rows); err != nil {
			return err
		}
		return sweepFigure(filepath.Join(tmp, "sweep"), sr, header)
	})
}

// replicated reports whether the sweep runs several seeds per point.
func (sr *SweepResult) replicated() bool { return len(sr.Points) > 0 && sr.Points[0].replicated }

// valueCells are a point's swept values as CSV cells.
func valueCells(p Point) []string {
	cells := make([]string, len(p.Values))
	for i, v := range p.Values {
		cells[i] = fmt.Sprint(v)
	}
	return cells
}

// group is the runs of one set of swept values.
type group struct {
	first  Point
	n      int       // runs that ran
	done   int       // runs that completed
	mean   []float64 // by headline number, over the complete runs (NaN: none)
	se     []float64 // standard error of the mean (NaN: fewer than 2 runs)
	values [][]float64
}

// groups collects the complete runs of each set of swept values, in point
// order, and the mean and standard error of each headline number over them.
func groups(sr *SweepResult, header []string) []group {
	var gs []group
	for i, p := range sr.Points {
		if p.Replicate == 0 {
			gs = append(gs, group{first: p, values: make([][]float64, len(header))})
		}
		g := &gs[len(gs)-1]
		r := sr.Results[i]
		if r == nil {
			continue
		}
		g.n++
		if !r.Complete() {
			continue
		}
		g.done++
		names, vals := numbers(r)
		for k, h := range header {
			if j := slices.Index(names, h); j >= 0 && !math.IsNaN(vals[j]) {
				g.values[k] = append(g.values[k], vals[j])
			}
		}
	}
	for i := range gs {
		g := &gs[i]
		for _, v := range g.values {
			st := ann.NewStat(v)
			g.mean, g.se = append(g.mean, st.Mean), append(g.se, st.SE)
		}
	}
	return gs
}

// writeSummary writes sweep.csv of a replicated sweep: per set of values,
// the runs that completed and each number's mean and standard error.
func writeSummary(path string, sr *SweepResult, header []string) error {
	cols := slices.Concat(sr.Points[0].Keys, []string{"seeds", "complete"})
	for _, h := range header {
		cols = append(cols, h, h+"_se")
	}
	cell := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	var rows [][]string
	for _, g := range groups(sr, header) {
		if g.n == 0 {
			continue
		}
		row := append(valueCells(g.first), strconv.Itoa(g.done), strconv.FormatBool(g.done == sr.Base.Seeds))
		for k := range header {
			row = append(row, cell(g.mean[k]), cell(g.se[k]))
		}
		rows = append(rows, row)
	}
	return writeCSV(path, cols, rows)
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

// sweepFigure plots every headline number of the complete runs against
// the swept value when a single numeric key was swept: the mean of each
// value's runs, with its standard error when several seeds ran.
func sweepFigure(stem string, sr *SweepResult, names []string) error {
	if len(sr.Points[0].Keys) != 1 || len(names) == 0 {
		return nil
	}
	gs := groups(sr, names)
	var series []viz.Series
	done := 0
	for k, name := range names {
		s := viz.Series{Name: strings.ReplaceAll(name, "_", " ")}
		for _, g := range gs {
			x, ok := toFloat(g.first.Values[0])
			if !ok {
				return nil
			}
			if math.IsNaN(g.mean[k]) {
				continue
			}
			s.X, s.Y = append(s.X, x), append(s.Y, g.mean[k])
			if sr.replicated() {
				s.Err = append(s.Err, g.se[k])
			}
		}
		done = max(done, len(s.X))
		if m, ok := strings.CutPrefix(name, "ann_"); ok {
			if mode, err := ann.ParseMode(m); err == nil {
				s.Mode = mode
			}
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
	seeds := fmt.Sprintf("seed %d at every value", sr.Base.Seed)
	if sr.replicated() {
		seeds = fmt.Sprintf("mean ± SE of seeds %d–%d", sr.Base.Seed, sr.Base.Seed+uint64(sr.Base.Seeds)-1)
	} else if key == "seed" {
		seeds = "one run per seed"
	}
	title := fmt.Sprintf("%s: %s over %d values (%s)", sr.Base.Name, key, len(gs), seeds)
	if done < len(gs) {
		title = fmt.Sprintf("%s: %s, %d of %d values (interrupted; %s)", sr.Base.Name, key, done, len(gs), seeds)
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
