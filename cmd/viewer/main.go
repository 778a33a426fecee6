//go:build !js

// Command viewer shows an Engram day-night scenario live: the network map,
// spikes, the CA3 field potential with its sharp-wave ripples, the replay
// decoder, the Transformer on the same task, recall over days and energy,
// with controls to pause, step, change speed, switch to sleep, lesion the
// hippocampus, move [Mg²⁺] and the ANN's α, rewind and take screenshots.
//
//	viewer [-scenario FILE|NAME] [-seed N] [-speed X]
//	viewer -frames 600 -screenshot shot.png -script "sleep@1.2s" -stats
//
// It steps the same model code as `simulate`. Exit status: 0 ok, 1 the
// viewer failed, 2 bad input (then no window opens).
//
// Built for GOOS=js GOARCH=wasm (make web) it is the viewer of a web page
// instead (page_js.go): the same App, its runs stepped in Web Workers
// (cmd/webworker).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"engram/scenarios"
	"engram/session"
	"engram/viz/live"
)

const (
	exitOK       = 0
	exitFail     = 1
	exitBadInput = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr, runWindow))
}

// runWindow opens the window and runs the viewer until it ends.
func runWindow(a *live.App, title string) error {
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetWindowTitle(title)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetTPS(60)
	return ebiten.RunGame(a)
}

func run(args []string, stderr io.Writer, window func(*live.App, string) error) int {
	fs := flag.NewFlagSet("viewer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scen := fs.String("scenario", scenarios.DefaultName, "scenario `FILE` (.toml) or shipped name; the viewer runs model \"day-night\" ("+
		strings.Join(session.LiveScenarios(), ", ")+")")
	seed := fs.Int64("seed", 0, "override the scenario's seed with `N`, 0 … 2⁶³−1")
	speed := fs.String("speed", "1", fmt.Sprintf("`X` simulated seconds per wall-clock second, %g … %g, or max", session.MinSpeed, session.MaxSpeed))
	frames := fs.Int("frames", 0, "run `N` frames (60 a second), write -screenshot, and exit (for automation)")
	shot := fs.String("screenshot", "", "after -frames frames, save the window to `FILE`.png")
	script := fs.String("script", "", "timed `ACTIONS`, e.g. \"sleep@1.2s,mg=0.5@3s,pause@600f,screenshot=a.png@700f\" (s/ms: simulated time; f: frame)")
	stats := fs.Bool("stats", false, "on exit print median and p95 of Update and Draw, how many frames a second were drawn, and the simulated speed achieved")
	shotDir := fs.String("shots", ".", "`DIR` for screenshots taken with P or the Shot button")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the viewer to `FILE` (for performance work)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `viewer — watch an Engram scenario live: replay in sleep, learning, the Transformer beside it.

usage: viewer [flags]

Keys: Space pause · N step · S sleep/wake · L lesion · + − speed · M max · [ ] [Mg²⁺] · , . α
      ← → rewind · Home live · Tab next scenario · A Transformer mode · P screenshot · H help · Esc quit
Hover over a panel for what it shows.

Script (-script): comma-separated action@time, time in s or ms of simulated time or f for frames.
Actions:
      %s
      screenshot[=FILE] · help · scrub=-Xs · live · scenario=NAME · mode=NAME · quit   (the viewer's own)

examples:
  viewer                                         the default day-night scenario, real time
  viewer -scenario lesion -speed 2
  viewer -frames 600 -screenshot replay.png -script "speed=max@0ms,sleep@1.2s" -stats

flags:
`, strings.ReplaceAll(session.CommandHelp, "\n", "\n      "))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "viewer: unexpected argument %q (use -scenario FILE)\n", fs.Arg(0))
		return exitBadInput
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "viewer: "+format+"\n", a...)
		return exitBadInput
	}
	sc, err := scenarios.Load(*scen)
	if err != nil {
		return bad("%v", err)
	}
	var seedSet *int64
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			seedSet = seed
		}
	})
	flagText := func(name, value string) string { return strings.TrimSpace("-" + name + " " + value) }
	opt, err := options(sc, seedSet, *speed, *script, live.CheckAction, flagText)
	if err != nil {
		return bad("%v", err)
	}
	opt.Frames, opt.Screenshot, opt.ShotDir = *frames, *shot, *shotDir
	if *frames < 0 {
		return bad("-frames %d: want ≥ 0", *frames)
	}
	if *shot != "" && *frames == 0 {
		return bad("-screenshot needs -frames N (the frame after which to save)")
	}
	if *shot != "" {
		if err := live.CheckAction("screenshot=" + *shot); err != nil {
			return bad("-screenshot: %v", err)
		}
	}
	if st, err := os.Stat(*shotDir); err != nil || !st.IsDir() {
		return bad("-shots %s: not an existing folder", *shotDir)
	}
	a, err := live.NewApp(opt)
	if err != nil {
		return bad("%v", err)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return bad("-cpuprofile: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return bad("-cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	defer a.Close()
	err = window(a, "Engram — "+sc.Name)
	if *stats {
		fmt.Fprintln(stderr, a.Stats())
	}
	if err != nil {
		fmt.Fprintf(stderr, "viewer: %v\n", err)
		return exitFail
	}
	return exitOK
}
