// Command simulate runs Engram scenarios and its validation suite.
//
//	simulate [flags] [scenario.toml | shipped-name ...]
//	simulate validate [-json] [-only V1,V3]
//
// With no scenario it runs the embedded default and writes
// results/<name>/. Exit status: 0 ok, 1 run or validation failure, 2 bad
// input, 130 interrupted.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"engram/scenarios"
	"engram/validation"

	"github.com/schollz/progressbar/v3"
)

const (
	exitOK        = 0
	exitFail      = 1
	exitBadInput  = 2
	exitInterrupt = 130
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
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write results to `DIR` (default results/<scenario name>)")
	seed := fs.Int64("seed", -1, "override the scenario's seed (≥ 0)")
	workers := fs.Int("workers", 0, "goroutines stepping each network (default: the scenario's); results do not depend on it")
	jobs := fs.Int("j", runtime.NumCPU(), "sweep points run at once; results do not depend on it")
	var sets []string
	fs.Func("set", "override or sweep a key: `key=value` or key=v1,v2,… (repeatable; see -describe)", func(v string) error {
		sets = append(sets, v)
		return nil
	})
	list := fs.Bool("list", false, "list the shipped scenarios and exit")
	describe := fs.Bool("describe", false, "print every scenario key with its default, unit and allowed values, and exit")
	quiet := fs.Bool("q", false, "print nothing but errors")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `simulate runs Engram scenarios and writes their results and figures.

Usage:
  simulate [flags] [scenario.toml | shipped-name ...]
  simulate validate [-json] [-only V1,V3]   run the validation suite (MODEL.md §6)
  simulate gallery [-out docs]              run every shipped scenario, collect its figures

With no scenario, the embedded default (%q) runs.

Examples:
  simulate                      run the default, write results/%s/
  simulate -seed 7 coba         the shipped COBA scenario with seed 7
  simulate my.toml -out /tmp/r  a scenario file, results in /tmp/r
  simulate validate -only V1,V3
  simulate -describe            every scenario key, default, unit and range
  simulate -set brain.mg_mm=0,0.5,1,2,3 -j 2   sweep a key over values, 2 points at a time

Exit status: 0 ok, 1 run or validation failure, 2 bad input, 130 interrupted.

Flags:
`, scenarios.DefaultName, scenarios.DefaultName)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if *describe {
		scenarios.Describe(stdout)
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
	files := fs.Args()
	for _, f := range files {
		if strings.HasPrefix(f, "-") {
			fmt.Fprintf(stderr, "simulate: flag %s comes after a scenario name; put flags first, e.g. simulate -out DIR lesion\n", f)
			return exitBadInput
		}
	}
	if len(files) == 0 {
		files = []string{scenarios.DefaultName}
	}
	if *out != "" && len(files) > 1 {
		fmt.Fprintln(stderr, "simulate: -out takes one scenario; give one file or drop -out")
		return exitBadInput
	}
	if *workers < 0 || *workers > 64 {
		fmt.Fprintf(stderr, "simulate: -workers %d: want 1 … 64 (0: the scenario's)\n", *workers)
		return exitBadInput
	}
	if *jobs < 1 || *jobs > 256 {
		fmt.Fprintf(stderr, "simulate: -j %d: want 1 … 256\n", *jobs)
		return exitBadInput
	}
	// Load everything first: bad input stops the run before anything is written.
	var list_ []scenarios.Scenario
	for _, f := range files {
		s, err := scenarios.Load(f)
		if err != nil {
			fmt.Fprintln(stderr, "simulate:", err)
			return exitBadInput
		}
		if *seed >= 0 {
			s.Seed = uint64(*seed)
		}
		if *workers > 0 {
			s.Workers = *workers
		}
		for _, set := range sets {
			key, vals, err := scenarios.ParseSet(set)
			if err == nil && len(vals) == 1 {
				err = scenarios.Set(&s, key, vals[0])
				delete(s.Sweep, key)
			} else if err == nil {
				if s.Sweep == nil {
					s.Sweep = map[string][]any{}
				}
				s.Sweep[key] = vals
			}
			if err != nil {
				fmt.Fprintln(stderr, "simulate:", err)
				return exitBadInput
			}
		}
		if err := s.Validate(); err != nil {
			fmt.Fprintf(stderr, "simulate: %s: %v\n", s.File, err)
			return exitBadInput
		}
		if _, err := scenarios.Points(s); err != nil {
			fmt.Fprintf(stderr, "simulate: %s: %v\n", s.File, err)
			return exitBadInput
		}
		if err := scenarios.CheckMemory(s, 0); err != nil {
			fmt.Fprintf(stderr, "simulate: %s: %v\n", s.File, err)
			return exitBadInput
		}
		list_ = append(list_, s)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	for _, s := range list_ {
		dir := *out
		if dir == "" {
			dir = filepath.Join("results", s.Name)
		}
		if pts, _ := scenarios.Points(s); len(pts) > 0 {
			if code := runSweep(ctx, s, pts, dir, *jobs, *quiet, stdout, stderr); code != exitOK {
				return code
			}
			continue
		}
		if !*quiet {
			fmt.Fprintf(stderr, "running %s (%s, seed %d) …\n", s.Name, s.File, s.Seed)
		}
		var progress scenarios.Progress
		if !*quiet && isTerminal(stderr) {
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
		if err := scenarios.Write(dir, res); err != nil {
			fmt.Fprintf(stderr, "simulate: writing %s: %v\n", dir, err)
			return exitFail
		}
		if !res.Complete {
			fmt.Fprintf(stderr, "interrupted: wrote what finished to %s, marked incomplete\n", dir)
			return exitInterrupt
		}
		if !*quiet {
			if dn := res.DayNight; dn != nil {
				n := len(dn.Brain.Days)
				if n > 0 {
					d := dn.Brain.Days[n-1]
					fmt.Fprintf(stdout, "%s: %d days in %.1f s wall; last test: cortex %.2f, hippocampus %.2f, both %.2f (chance %.2f)",
						s.Name, n, res.WallSeconds, d.Cortex, d.Hippocampus, d.Both, dn.Brain.Chance)
					for _, m := range dn.Modes {
						if r := dn.ANN[m]; r != nil {
							fmt.Fprintf(stdout, "; ann %s %.2f", m, r.MeanRecall(len(r.Recall)-1))
						}
					}
					fmt.Fprintln(stdout)
				}
			} else if k := res.Kim; k != nil {
				fmt.Fprintln(stdout, k.Headline(s.Name, res.WallSeconds))
			} else if hm := res.HippoMetrics; hm != nil {
				fmt.Fprintf(stdout, "%s: %.0f s of sleep in %.1f s wall; %d sharp-wave ripples (%.2f/s), %d forward and %d reverse replays, compression %.1f×\n",
					s.Name, hm.SleepMs/1000, res.WallSeconds, hm.Events, hm.RatePerS, hm.Forward, hm.Reverse, hm.Compression)
			} else {
				m := res.Metrics
				fmt.Fprintf(stdout, "%s: %.0f ms simulated in %.2f s wall; rate %.2f Hz, CV(ISI) %.2f, %d synapses, %.3g J\n",
					s.Name, m.DurationMs, res.WallSeconds, m.RateHz["all"], m.CVISI, m.Synapses, m.Energy.Joules)
			}
			fmt.Fprintf(stdout, "results in %s/\n", dir)
		}
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
func runSweep(ctx context.Context, s scenarios.Scenario, pts []scenarios.Point, dir string, jobs int, quiet bool, stdout, stderr io.Writer) int {
	if !quiet {
		fmt.Fprintf(stderr, "sweeping %s over %d points, %d at a time …\n", s.Name, len(pts), jobs)
	}
	var bar *progressbar.ProgressBar
	if !quiet && isTerminal(stderr) {
		bar = progressbar.NewOptions(len(pts), progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(s.Name),
			progressbar.OptionShowCount(), progressbar.OptionSetElapsedTime(true))
	}
	var mu sync.Mutex
	sr, err := scenarios.RunSweep(ctx, s, pts, jobs, func(i int) {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			bar.Add(1)
		} else if !quiet {
			fmt.Fprintf(stderr, "  done: %s\n", pts[i].Label())
		}
	})
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(stderr, "simulate: %s: %v\n", s.Name, err)
		return exitFail
	}
	if err := scenarios.WriteSweep(dir, sr); err != nil {
		fmt.Fprintf(stderr, "simulate: writing %s: %v\n", dir, err)
		return exitFail
	}
	if !sr.Complete() {
		fmt.Fprintf(stderr, "interrupted: wrote the points that finished to %s, marked incomplete\n", dir)
		return exitInterrupt
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
		fmt.Fprintf(stderr, `simulate validate runs Engram's validation suite (MODEL.md §6) and prints
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
