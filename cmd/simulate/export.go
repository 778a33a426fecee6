package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"engram/export"
	"engram/resultdir"
	"engram/scenarios"
)

// exportCommands runs `simulate export` and `simulate compare`.
func exportCommands(args []string, stdout, stderr io.Writer) int {
	if args[0] == "compare" {
		return compare(args[1:], stdout, stderr)
	}
	return exportNet(args[1:], stdout, stderr)
}

// exportNet writes a scenario's network at a point of its run for PyNN.
func exportNet(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "pynn", "export format (only `pynn`: PyNN on NEURON)")
	out := fs.String("out", "", "write the export to `DIR` (new, or an export simulate wrote)")
	seed := fs.Int64("seed", 0, "override the scenario's seed with `N`, 0 … 2⁶³−1")
	at := fs.String("at", "", "the point of the run to export (coba: start; hippocampus: night; day-night: night:N)")
	dur := fs.Float64("duration", 0, "the window after the point, `MS` (default: the scenario's run or night)")
	var sets []string
	fs.Func("set", "override a key: `key=value` (repeatable; see simulate -describe)", func(v string) error {
		sets = append(sets, v)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintf(stderr, `simulate export writes a scenario's network, at a point of its run, for PyNN on NEURON:
populations and their state, one FromFileConnector file per projection (weights µS or nA,
delays ms), the input spikes Engram draws in the window (SpikeSourceArray), Engram's own
spikes of the window, and run.py (serial or mpirun) which writes SONATA spikes.h5 and
spikes.csv. Plasticity is frozen at the point.

Usage:
  simulate export -format pynn -out DIR [-seed N] [-set k=v] [-at POINT] [-duration MS] scenario
  simulate compare EXPORT_DIR RUN_DIR [RUN_DIR …]   compare runs of an export with Engram's

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
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "simulate export: "+format+"\n", a...)
		return exitBadInput
	}
	seedSet := false
	fs.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })
	switch {
	case seedSet && *seed < 0:
		return bad("-seed %d: want 0 … %d", *seed, int64(math.MaxInt64))
	case *format != "pynn":
		return bad("-format %q: want pynn", *format)
	case *out == "":
		return bad("-out DIR is required")
	case fs.NArg() != 1:
		return bad("want one scenario (a file or a shipped name), have %d", fs.NArg())
	case *dur < 0 || math.IsNaN(*dur) || math.IsInf(*dur, 0):
		return bad("-duration %v: want a window > 0 ms", *dur)
	}
	s, err := scenarios.Load(fs.Arg(0))
	if err != nil {
		return bad("%v", err)
	}
	if seedSet {
		s.Seed = uint64(*seed)
	}
	for _, set := range sets {
		key, vals, err := scenarios.ParseSet(set)
		if err == nil && len(vals) != 1 {
			err = fmt.Errorf("-set %s: an export takes one value per key", set)
		}
		if err == nil {
			err = scenarios.Set(&s, key, vals[0])
		}
		if err != nil {
			return bad("%v", err)
		}
	}
	if err := s.Validate(); err != nil {
		return bad("%s: %v", s.File, err)
	}
	d, err := resultdir.Open(*out)
	if err != nil {
		return bad("%v", err)
	}
	defer d.Close()
	ctx, signalled := interruptible()
	fmt.Fprintf(stderr, "advancing %s (seed %d) to the export point …\n", s.Name, s.Seed)
	pt, window, release, err := scenarios.ExportPoint(ctx, s, *at)
	if err != nil {
		if ctx.Err() != nil {
			return signalled()
		}
		return bad("%s: %v", s.Name, err)
	}
	defer release()
	if *dur > 0 {
		window = *dur
	}
	fmt.Fprintf(stderr, "exporting at %s; recording Engram's %.0f ms window …\n", pt.At, window)
	net, err := export.Capture(ctx, pt, window)
	if err != nil {
		if ctx.Err() != nil {
			return signalled()
		}
		fmt.Fprintf(stderr, "simulate export: %v\n", err)
		return exitFail
	}
	dir, err := d.Commit(resultdir.Manifest{Scenario: s.Name, Seed: s.Seed, Complete: true},
		func(tmp string) error { return export.Write(tmp, net) })
	if err != nil {
		fmt.Fprintf(stderr, "simulate export: writing %s: %v\n", *out, err)
		return exitFail
	}
	syn := 0
	for _, p := range net.Projections {
		syn += p.Synapses
	}
	fmt.Fprintf(stdout, "exported %s at %s: %d populations, %d sources, %d projections (%d synapses), %.0f ms window; run: python3 %s/run.py -o OUT\n",
		s.Name, pt.At, len(net.Populations), len(net.Sources)+len(net.Backgrounds), len(net.Projections), syn, net.WindowMs, dir)
	return exitOK
}

// compare measures runs of an export (RUN_DIR/spikes.csv, lfp.csv) next to
// Engram's reference run of the same window, and checks that the runs give
// identical spike trains (the same network on 1 and 2 MPI ranks).
func compare(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spikesName := fs.String("spikes", "spikes.csv", "the spike file of each RUN_DIR (Engram's spikes.csv format)")
	tol := fs.Float64("rate-tol", math.Inf(1), "fail when a run's mean rate differs from Engram's by more than this fraction (e.g. 0.1)")
	same := fs.Bool("identical", false, "fail unless every RUN_DIR has the same spike trains")
	relTol := fs.Float64("release-tol", math.Inf(1), "fail when the release factor at t of a projection whose modulator is a spike source differs from Engram's at t − dt by more than this (e.g. 1e-9: the modulator's spikes are Engram's, so the factor must be too)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: simulate compare [flags] EXPORT_DIR RUN_DIR [RUN_DIR …]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() < 2 {
		fs.Usage()
		return exitBadInput
	}
	net, err := export.ReadNetwork(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "simulate compare: %v\n", err)
		return exitBadInput
	}
	runs := []export.Run{}
	ref, err := export.ReadRun("engram", filepath.Join(fs.Arg(0), "engram", "spikes.csv"))
	if err != nil {
		fmt.Fprintf(stderr, "simulate compare: %v\n", err)
		return exitBadInput
	}
	runs = append(runs, ref)
	for _, d := range fs.Args()[1:] {
		r, err := export.ReadRun(d, filepath.Join(d, *spikesName))
		if err != nil {
			fmt.Fprintf(stderr, "simulate compare: %v\n", err)
			return exitBadInput
		}
		runs = append(runs, r)
	}
	fmt.Fprintf(stdout, "%s at %s, %.0f ms window (seed %d)\n", net.Scenario, net.At, net.WindowMs, net.Seed)
	failed := false
	refStats := export.Stats(net, ref)
	total := func(st []export.PopulationStats) (spikes, cells int) {
		for _, p := range st {
			spikes, cells = spikes+p.Spikes, cells+p.Cells
		}
		return
	}
	rs, rc := total(refStats)
	refRate := float64(rs) / float64(rc) / (net.WindowMs / 1000)
	for _, r := range runs {
		st := export.Stats(net, r)
		sp, c := total(st)
		rate := float64(sp) / float64(c) / (net.WindowMs / 1000)
		var parts []string
		for _, p := range st {
			parts = append(parts, fmt.Sprintf("%s %.2f Hz CV %.2f", p.Population, p.RateHz, p.CVISI))
		}
		diff := export.RelDiff(rate, refRate)
		fmt.Fprintf(stdout, "  %-28s mean %.3f Hz (%+.1f %% vs Engram); %s\n", r.Name, rate, 100*(rate-refRate)/refRate, strings.Join(parts, "; "))
		if diff > *tol {
			fmt.Fprintf(stdout, "    ✗ mean rate differs from Engram's by %.1f %% > %.1f %%\n", 100*diff, 100**tol)
			failed = true
		}
	}
	if net.Hippocampus != nil {
		for _, r := range runs {
			st, err := export.SleepStats(net, r)
			if err != nil {
				fmt.Fprintf(stdout, "  %-28s sharp-wave ripples: %v\n", r.Name, err)
				continue
			}
			replays := st.Forward + st.Reverse
			fmt.Fprintf(stdout, "  %-28s %d sharp-wave ripples (%.2f/s, median %.0f ms, peak %.0f Hz), %d replays (%d forward, %d reverse), by sequence %v\n",
				r.Name, len(st.Events), st.RatePerS, st.MedianDurMs, st.MedianFreqHz, replays, st.Forward, st.Reverse, st.BySequence)
		}
	}
	// A release factor driven by a spike source sees Engram's very spikes.
	exact := map[string]bool{}
	for _, p := range net.Projections {
		if p.Release != nil {
			exact[p.Name] = slices.ContainsFunc(net.Sources, func(s export.Source) bool { return s.Name == p.Release.Modulator })
		}
	}
	for _, r := range runs[1:] {
		for _, c := range export.CompareRelease(ref.Release, r.Release) {
			if c.Steps == 0 {
				fmt.Fprintf(stdout, "  %-28s no release factor of %s (release.csv)\n", r.Name, c.Projection)
				if !math.IsInf(*relTol, 1) {
					failed = true
				}
				continue
			}
			by := "modulator simulated, its spikes its own"
			if exact[c.Projection] {
				by = "modulator a spike source, Engram's spikes"
			}
			fmt.Fprintf(stdout, "  %-28s release factor of %s: mean %.4f, least %.4f (Engram %.4f, %.4f); max |f(t) − Engram's f(t − dt)| = %.3g (%s)\n",
				r.Name, c.Projection, c.MeanRun, c.MinRun, c.MeanEngram, c.MinEngram, c.MaxLagDiff, by)
			if exact[c.Projection] && c.MaxLagDiff > *relTol {
				fmt.Fprintf(stdout, "    ✗ release factor differs from Engram's (one step earlier) by %.3g > %.3g\n", c.MaxLagDiff, *relTol)
				failed = true
			}
		}
	}
	if *same && len(runs) > 2 {
		for _, r := range runs[2:] {
			if d := export.Identical(net, runs[1], r); d != "" {
				fmt.Fprintf(stdout, "  ✗ %s and %s differ: %s\n", runs[1].Name, r.Name, d)
				failed = true
			} else {
				fmt.Fprintf(stdout, "  %s and %s: identical spike trains\n", runs[1].Name, r.Name)
			}
		}
	}
	if failed {
		return exitFail
	}
	return exitOK
}

// pythonH5 returns a Python 3 interpreter that has h5py (Debian's
// /usr/bin/python3 first), or an error saying how to install it.
func pythonH5() (string, error) {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import h5py").Run() == nil {
			return py, nil
		}
	}
	return "", errors.New("SONATA spikes are written through Python's h5py (no HDF5 writer for Go is at hand): install it with apt-get install python3-h5py (make pynn-deps does)")
}

// writeSonata writes spikes.h5 (SONATA) beside every spikes.csv under dir,
// through export's sonata.py and Python's h5py.
func writeSonata(dir string, stderr io.Writer) int {
	py, err := pythonH5()
	if err != nil {
		fmt.Fprintf(stderr, "simulate: -spikes-format sonata: %v\n", err)
		return exitFail
	}
	script, err := os.CreateTemp("", "engram-sonata-*.py")
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return exitFail
	}
	defer os.Remove(script.Name())
	script.Write(export.SonataScript())
	script.Close()
	n := 0
	err = filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() != "spikes.csv" {
			return err
		}
		h5 := filepath.Join(filepath.Dir(p), "spikes.h5")
		tmp := h5 + ".tmp"
		cmd := exec.Command(py, script.Name(), "csv2h5", p, tmp)
		cmd.Stderr = stderr
		if err := cmd.Run(); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("writing %s: %w", h5, err)
		}
		n++
		return os.Rename(tmp, h5)
	})
	if err != nil {
		fmt.Fprintf(stderr, "simulate: -spikes-format sonata: %v\n", err)
		return exitFail
	}
	if n == 0 {
		fmt.Fprintf(stderr, "simulate: -spikes-format sonata: %s holds no spikes.csv (only coba runs write spikes)\n", dir)
	}
	if err := listInManifest(dir, "spikes.h5"); err != nil {
		fmt.Fprintf(stderr, "simulate: -spikes-format sonata: %v\n", err)
		return exitFail
	}
	return exitOK
}

// listInManifest adds name, when dir holds it, to the entries dir's
// manifest lists, so that the folder stays one simulate may replace.
func listInManifest(dir, name string) error {
	if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		return nil
	}
	path := filepath.Join(dir, resultdir.ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m resultdir.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if slices.Contains(m.Files, name) {
		return nil
	}
	m.Files = append(m.Files, name)
	slices.Sort(m.Files)
	b, err = json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
