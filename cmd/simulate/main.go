// Command simulate runs Engram scenarios and its validation suite.
//
//	simulate [flags] [scenario.toml | shipped-name ...]
//	simulate validate [-json] [-only V1,V3]
//
// With no scenario it runs the embedded default and writes
// results/<name>/. Exit status: 0 ok, 1 run or validation failure, 2 bad
// input, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"engram/resultdir"
	"engram/scenarios"
	"engram/validation"

	"github.com/schollz/progressbar/v3"
)

const (
	exitOK         = 0
	exitFail       = 1
	exitBadInput   = 2
	exitInterrupt  = 130 // 128 + SIGINT
	exitTerminated = 143 // 128 + SIGTERM
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "validate" {
		return validate(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "gallery" {
		return gallery(args[1:], stdout, stderr)
	}
	if len(args) > 0 && (args[0] == "export" || args[0] == "compare") {
		return exportCommands(args, stdout, stderr)
	}
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write results to `DIR` (default results/<scenario name>); DIR must be new or a results folder simulate wrote")
	seed := fs.Int64("seed", 0, "override the scenario's seed with `N`, 0 … 2⁶³−1")
	seeds := fs.Int("seeds", 0, "run the scenario (each sweep point) with `N` seeds, seed … seed+N−1; sweep.csv gives mean and standard error (default: the scenario's seeds)")
	workers := fs.Int("workers", 0, "goroutines stepping each network (default: the scenario's); results do not depend on it")
	jobs := fs.Int("j", runtime.NumCPU(), "sweep points run at once; results do not depend on it")
	var sets []string
	fs.Func("set", "override or sweep a key: `key=value` or key=v1,v2,… (repeatable; see -describe)", func(v string) error {
		sets = append(sets, v)
		return nil
	})
	list := fs.Bool("list", false, "list the shipped scenarios and exit")
	describe := fs.Bool("describe", false, "print every scenario key with its default, unit and allowed values (only those of the tables named after the flags, e.g. brain.cortex.stdp), and exit")
	quiet := fs.Bool("q", false, "print nothing but errors")
	spikesFormat := fs.String("spikes-format", "csv", "where a run writes spikes: `csv` (spikes.csv) or sonata (spikes.csv and spikes.h5, SONATA HDF5, written through Python's h5py)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `simulate runs Engram scenarios and writes their results and figures.

Usage:
  simulate [flags] [scenario.toml | shipped-name ...]
  simulate validate [-json] [-only V1,V3]   run the validation suite
  simulate gallery [-out docs]              run every shipped scenario, collect its figures
  simulate export -format pynn -out DIR …   a scenario's network for PyNN on NEURON (export -h)
  simulate compare EXPORT_DIR RUN_DIR …     runs of an export measured next to Engram's

With no scenario, the embedded default (%q) runs.

Examples:
  simulate                      run the default, write results/%s/
  simulate -seed 7 coba         the shipped COBA scenario with seed 7
  simulate my.toml -out /tmp/r  a scenario file, results in /tmp/r
  simulate validate -only V1,V3
  simulate -describe            every scenario key, default, unit and range
  simulate -describe brain.cortex.stdp   the keys of one table
  simulate -set brain.mg_mm=0,0.5,1,2,3 -j 2   sweep a key over values, 2 points at a time
  simulate -seeds 5 -set brain.mg_mm=0,1,3    the same with seeds 1–5 at each value: mean ± SE

Results are never written over anything simulate did not write: -out must be a new path
or a results folder of an earlier run (marked by its engram.json), which a complete run
replaces in one step. An interrupted run (Ctrl-C, SIGTERM) stops within a second and
writes what finished to DIR.incomplete/, leaving DIR as it was. Everything that can be
checked (the scenario, -set values, sweep folder names, -out, memory) is checked before
the run starts; a run estimated to take over %d s says so first.

Exit status: 0 ok, 1 run or validation failure, 2 bad input, 130 interrupted (SIGINT),
143 terminated (SIGTERM).

Flags:
`, scenarios.DefaultName, scenarios.DefaultName, scenarios.LongRunSeconds)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	seedSet := false
	fs.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })
	if *describe {
		if err := scenarios.Describe(stdout, fs.Args()...); err != nil {
			fmt.Fprintf(stderr, "simulate -describe: %v\n", err)
			return exitBadInput
		}
		return exitOK
	}
	if *list {
		for _, n := range scenarios.Shipped() {
			s, err := scenarios.Load(n)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return exitFail
			}
			story, _, _ := strings.Cut(strings.TrimSpace(s.Description), ".")
			fmt.Fprintf(stdout, "%-18s %s.\n", n, strings.Join(strings.Fields(story), " "))
		}
		return exitOK
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "simulate: "+format+"\n", a...)
		return exitBadInput
	}
	files := fs.Args()
	for _, f := range files {
		if strings.HasPrefix(f, "-") {
			return bad("flag %s comes after a scenario name; put flags first, e.g. simulate -out DIR lesion", f)
		}
	}
	if len(files) == 0 {
		files = []string{scenarios.DefaultName}
	}
	switch {
	case *out != "" && len(files) > 1:
		return bad("-out takes one scenario; give one file or drop -out")
	case seedSet && *seed < 0:
		return bad("-seed %d: want 0 … %d", *seed, int64(math.MaxInt64))
	case *workers < 0:
		return bad("-workers %d: want ≥ 1 (0: the scenario's)", *workers)
	case *jobs < 1 || *jobs > 256:
		return bad("-j %d: want 1 … 256", *jobs)
	case *spikesFormat != "csv" && *spikesFormat != "sonata":
		return bad("-spikes-format %q: want csv or sonata", *spikesFormat)
	}
	if *spikesFormat == "sonata" {
		if _, err := pythonH5(); err != nil {
			return bad("-spikes-format sonata: %v", err)
		}
	}
	// Check everything first: bad input stops the run before any work.
	var plans []plan
	for _, f := range files {
		s, err := scenarios.Load(f)
		if err != nil {
			return bad("%v", err)
		}
		if seedSet {
			s.Seed = uint64(*seed)
		}
		if *workers > 0 {
			s.Workers = *workers
			if err := scenarios.CheckKey(&s, "workers"); err != nil {
				return bad("-workers: %v", err)
			}
		}
		if *seeds != 0 {
			if err := scenarios.Set(&s, "seeds", int64(*seeds)); err != nil {
				return bad("-seeds: %v", err)
			}
		}
		for _, set := range sets {
			key, vals, err := scenarios.ParseSet(set)
			if err == nil && len(vals) == 1 {
				err = scenarios.Set(&s, key, vals[0])
				delete(s.Sweep, key)
			} else if err == nil {
				if _, ok := scenarios.Get(&s, key); !ok {
					err = fmt.Errorf("-set %s: %w", set, scenarios.Set(&s, key, vals[0]))
				}
				if s.Sweep == nil {
					s.Sweep = map[string][]any{}
				}
				s.Sweep[key] = vals
			}
			if err != nil {
				return bad("%v", err)
			}
		}
		if err := s.Validate(); err != nil {
			return bad("%s: %v", s.File, err)
		}
		dir := *out
		if dir == "" {
			dir = filepath.Join("results", s.Name)
		}
		if s.Model == "kim" && s.Kim.RunsDir == "" {
			s.Kim.RunsDir = dir + ".runs" // beside the results folder, wherever -out puts it
		}
		pts, err := scenarios.Points(s)
		if err != nil {
			return bad("%s: %v", s.File, err)
		}
		if err := scenarios.CheckMemory(s, 0); err != nil {
			return bad("%s: %v", s.File, err)
		}
		for _, p := range plans {
			if filepath.Clean(p.dir) == filepath.Clean(dir) {
				return bad("%s and %s would both write %s; give each scenario its own name", p.s.File, s.File, dir)
			}
		}
		plans = append(plans, plan{s: s, pts: pts, dir: dir})
	}
	for i := range plans {
		d, err := resultdir.Open(plans[i].dir)
		if err != nil {
			for _, p := range plans[:i] {
				p.claim.Close()
			}
			return bad("%v", err)
		}
		plans[i].claim = d
		defer d.Close()
	}
	ctx, signalled := interruptible()
	for _, p := range plans {
		if !*quiet {
			if est := p.estimate(*jobs); est > scenarios.LongRunSeconds {
				fmt.Fprintf(stderr, "%s: estimated to take about %s on this machine class; Ctrl-C keeps what finished\n", p.s.Name, duration(est))
			}
		}
		code := p.run(ctx, *jobs, *quiet, stdout, stderr)
		if code == exitInterrupt {
			return signalled()
		}
		if code != exitOK {
			return code
		}
		if *spikesFormat == "sonata" {
			if code := writeSonata(p.claim.Path, stderr); code != exitOK {
				return code
			}
		}
	}
	return exitOK
}

// plan is one scenario to run: checked, its sweep expanded, its results
// folder claimed.
type plan struct {
	s     scenarios.Scenario
	pts   []scenarios.Point
	dir   string
	claim *resultdir.Dir
}

// estimate returns the estimated wall time of the plan, seconds.
func (p plan) estimate(jobs int) float64 {
	if len(p.pts) == 0 {
		sec, _ := scenarios.Estimate(p.s)
		return sec
	}
	sum := 0.0
	for _, pt := range p.pts {
		sec, _ := scenarios.Estimate(pt.Scenario)
		sum += sec
	}
	return sum / float64(min(jobs, len(p.pts), runtime.NumCPU()))
}

// duration formats seconds for people.
func duration(sec float64) string {
	switch {
	case sec < 120:
		return fmt.Sprintf("%.0f s", sec)
	case sec < 7200:
		return fmt.Sprintf("%.0f min", sec/60)
	}
	return fmt.Sprintf("%.1f h", sec/3600)
}

// interruptible returns a context that SIGINT or SIGTERM cancel, and the
// exit status for the signal that came (exitInterrupt for SIGINT, 143 for
// SIGTERM). Later signals are ignored: what finished is being written.
func interruptible() (context.Context, func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		sig := <-c
		got.Store(sig)
		cancel()
		for range c {
		}
	}()
	return ctx, func() int {
		if got.Load() == syscall.SIGTERM {
			return exitTerminated
		}
		return exitInterrupt
	}
}

// run runs the plan and writes its results; it returns the exit status.
func (p plan) run(ctx context.Context, jobs int, quiet bool, stdout, stderr io.Writer) int {
	if len(p.pts) > 0 {
		return runSweep(ctx, p, jobs, quiet, stdout, stderr)
	}
	s := p.s
	if !quiet {
		fmt.Fprintf(stderr, "running %s (%s, seed %d) …\n", s.Name, s.File, s.Seed)
	}
	var progress scenarios.Progress
	if !quiet && isTerminal(stderr) {
		bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(s.Name),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true), progressbar.OptionClearOnFinish())
		progress = func(done, total int) {
			bar.ChangeMax(total)
			bar.Set(done)
		}
		defer bar.Finish()
	}
	res, err := scenarios.RunProgress(ctx, s, progress)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %s: %v\n", s.Name, err)
		return exitFail
	}
	dir, err := scenarios.Write(p.claim, res)
	if code := p.written(dir, err, res.Complete(), "what finished", stderr); code != exitOK {
		return code
	}
	if !quiet {
		fmt.Fprintln(stdout, scenarios.Headline(res))
		fmt.Fprintf(stdout, "results in %s/\n", dir)
	}
	return exitOK
}

// written reports how writing the plan's result to dir went and returns
// the exit status: a failure to write, an interrupted run's partial
// result (what it holds), or exitOK.
func (p plan) written(dir string, err error, complete bool, what string, stderr io.Writer) int {
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "simulate: writing %s: %v\n", p.dir, err)
		return exitFail
	case !complete:
		fmt.Fprintf(stderr, "interrupted: wrote %s to %s/ (marked incomplete); %s/ is as it was\n", what, dir, p.claim.Path)
		return exitInterrupt
	}
	return exitOK
}

// isTerminal reports whether w is a terminal (progress bars only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runSweep runs the points of a sweep, jobs at a time, and writes them.
func runSweep(ctx context.Context, p plan, jobs int, quiet bool, stdout, stderr io.Writer) int {
	s, pts := p.s, p.pts
	if !quiet {
		fmt.Fprintf(stderr, "sweeping %s over %d points, %d at a time …\n", s.Name, len(pts), jobs)
	}
	var bar *progressbar.ProgressBar
	if !quiet && isTerminal(stderr) {
		bar = progressbar.NewOptions(len(pts), progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(s.Name),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true))
	}
	var mu sync.Mutex
	sr, err := scenarios.RunSweep(ctx, s, pts, jobs, func(i int, complete bool) {
		mu.Lock()
		defer mu.Unlock()
		status := "done"
		if !complete {
			status = "stopped"
		}
		if bar != nil {
			bar.Add(1)
		} else if !quiet {
			fmt.Fprintf(stderr, "  %s: %s (seed %d)\n", status, pts[i].Label(), pts[i].Scenario.Seed)
		}
	})
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %s: %v\n", s.Name, err)
		return exitFail
	}
	dir, err := scenarios.WriteSweep(p.claim, sr)
	if code := p.written(dir, err, sr.Complete(), "the points that finished (sweep.csv says which are complete)", stderr); code != exitOK {
		return code
	}
	if !quiet {
		fmt.Fprintf(stdout, "%s: %d sweep points; results in %s/ (sweep.csv, sweep.png, one folder per point)\n", s.Name, len(pts), dir)
	}
	return exitOK
}

func validate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print results as JSON")
	only := fs.String("only", "", "run only these rows, e.g. `V1,V3` (default: all)")
	seed := fs.Uint64("seed", 1, "seed for every row")
	quick := fs.Bool("quick", false, "shorter versions of the slow rows (as the tests run them)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `simulate validate runs Engram's validation suite (docs/model.md §6) and prints
one line per row: id, PASS/FAIL, the measured values and their acceptance ranges.
Exit status 1 if any row fails.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate validate: unexpected argument %q (use -only V1,V3)\n", fs.Arg(0))
		return exitBadInput
	}
	if *seed > math.MaxInt64 {
		fmt.Fprintf(stderr, "simulate validate: -seed %d: want 0 … %d\n", *seed, int64(math.MaxInt64))
		return exitBadInput
	}
	rows, err := validation.Select(*only)
	if err != nil {
		fmt.Fprintln(stderr, "simulate validate:", err)
		return exitBadInput
	}
	opt := validation.Options{Seed: *seed, Quick: *quick}
	var results []validation.Result
	failed := false
	for _, r := range rows {
		res := r.Exec(opt)
		results = append(results, res)
		failed = failed || !res.Pass
		if !*asJSON {
			printResult(stdout, res)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintln(stderr, err)
			return exitFail
		}
	}
	if failed {
		return exitFail
	}
	return exitOK
}

func printResult(w io.Writer, r validation.Result) {
	status := "PASS"
	if !r.Pass {
		status = "FAIL"
	}
	fmt.Fprintf(w, "%-4s %s  %s  (%.1f s)\n", r.ID, status, r.Title, r.Seconds)
	for _, c := range r.Checks {
		mark := " "
		if !c.Pass {
			mark = "✗"
		}
		fmt.Fprintf(w, "       %s %s\n", mark, c)
	}
	if r.Error != "" {
		fmt.Fprintf(w, "       error: %s\n", r.Error)
	}
}
