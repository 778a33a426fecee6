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

	"engram/scenarios"
	"engram/validation"
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
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write results to `DIR` (default results/<scenario name>)")
	seed := fs.Int64("seed", -1, "override the scenario's seed (≥ 0)")
	workers := fs.Int("j", 0, "goroutines stepping the network (default: the scenario's); results do not depend on it")
	list := fs.Bool("list", false, "list the shipped scenarios and exit")
	describe := fs.Bool("describe", false, "print every scenario key with its default, unit and allowed values, and exit")
	quiet := fs.Bool("q", false, "print nothing but errors")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `simulate runs Engram scenarios and writes their results and figures.

Usage:
  simulate [flags] [scenario.toml | shipped-name ...]
  simulate validate [-json] [-only V1,V3]   run the validation suite (MODEL.md §6)

With no scenario, the embedded default (%q) runs.

Examples:
  simulate                      run the default, write results/%s/
  simulate -seed 7 coba         the shipped COBA scenario with seed 7
  simulate my.toml -out /tmp/r  a scenario file, results in /tmp/r
  simulate validate -only V1,V3
  simulate -describe            every scenario key, default, unit and range

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
			fmt.Fprintf(stdout, "%-16s %s.\n", n, strings.Join(strings.Fields(story), " "))
		}
		return exitOK
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{scenarios.DefaultName}
	}
	if *out != "" && len(files) > 1 {
		fmt.Fprintln(stderr, "simulate: -out takes one scenario; give one file or drop -out")
		return exitBadInput
	}
	if *workers < 0 || *workers > 64 {
		fmt.Fprintf(stderr, "simulate: -j %d: want 1 … 64 (0: the scenario's)\n", *workers)
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
		list_ = append(list_, s)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	for _, s := range list_ {
		dir := *out
		if dir == "" {
			dir = filepath.Join("results", s.Name)
		}
		if !*quiet {
			fmt.Fprintf(stderr, "running %s (%s, seed %d) …\n", s.Name, s.File, s.Seed)
		}
		res, err := scenarios.Run(ctx, s)
		if err != nil {
			fmt.Fprintf(stderr, "simulate: %s: %v\n", s.Name, err)
			return exitFail
		}
		if err := scenarios.Write(dir, res); err != nil {
			fmt.Fprintf(stderr, "simulate: writing %s: %v\n", dir, err)
			return exitFail
		}
		if !res.Complete {
			fmt.Fprintf(stderr, "interrupted: wrote what finished (%.0f ms simulated) to %s, marked incomplete\n", res.Metrics.DurationMs, dir)
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
	_ = runtime.NumCPU
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
