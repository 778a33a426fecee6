package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"engram/scenarios"
	"engram/sim"
	"engram/viz"
)

// gallery runs every shipped scenario and collects its figures (PNG) into
// DIR/figures, with DIR/gallery.md listing each figure and the command
// that made it. It is what `make figures` runs; its output is
// deterministic.
func gallery(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate gallery", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "docs", "write figures to `DIR`/figures and the page to DIR/gallery.md")
	jobs := fs.Int("j", runtime.NumCPU(), "sweep points run at once")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "simulate gallery runs every shipped scenario and collects its figures.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	figDir := filepath.Join(*out, "figures")
	if err := os.MkdirAll(figDir, 0o755); err != nil {
		fmt.Fprintln(stderr, "simulate gallery:", err)
		return exitFail
	}
	tmp, err := os.MkdirTemp("", "engram-gallery")
	if err != nil {
		fmt.Fprintln(stderr, "simulate gallery:", err)
		return exitFail
	}
	defer os.RemoveAll(tmp)
	ctx, signalled := interruptible()
	var page strings.Builder
	page.WriteString("# Gallery\n\nEvery figure Engram draws, from the shipped scenarios (seed 1). `make figures` remakes them all (`go run ./cmd/simulate gallery -out docs`); each section gives the command that makes its figures on their own.\n\n")

	page.WriteString("## Concepts\n\n")
	for _, c := range []struct {
		stem, caption string
		draw          func(string) error
	}{
		{"mg_block", "The Mg²⁺ block of NMDA receptors, B(V), at five [Mg²⁺], and the NMDA current–voltage relation with its negative-slope region (Jahr & Stevens 1990).", viz.MgBlock},
		{"nmda_activation", "The Transformer's NMDA-like activation x/(1 + α·e^(−x)) at the α that matches each [Mg²⁺] (Kim et al. 2023).", viz.NMDAActivation},
	} {
		if err := c.draw(filepath.Join(figDir, c.stem)); err != nil {
			fmt.Fprintln(stderr, "simulate gallery:", err)
			return exitFail
		}
		os.Remove(filepath.Join(figDir, c.stem+".svg"))
		fmt.Fprintf(&page, "![%s](figures/%s.png)\n\n%s\n\n", c.stem, c.stem, c.caption)
	}

	// Plasticity over [Mg²⁺] × holding potential, from the engine's pairing protocol.
	mgs, clamps := []float64{0, 0.5, 1, 2, 3}, []float64{-70, -55, -40, -25, -10}
	dw := make([][]float64, len(mgs))
	for i, mg := range mgs {
		dw[i] = make([]float64, len(clamps))
		for j, v := range clamps {
			if dw[i][j], err = (sim.Pairing{MgMM: mg, ClampMV: v}).WeightChange(); err != nil {
				fmt.Fprintln(stderr, "simulate gallery:", err)
				return exitFail
			}
		}
	}
	if err := viz.PlasticityMap(filepath.Join(figDir, "plasticity_map"), mgs, clamps, dw); err != nil {
		fmt.Fprintln(stderr, "simulate gallery:", err)
		return exitFail
	}
	os.Remove(filepath.Join(figDir, "plasticity_map.svg"))
	page.WriteString("![plasticity_map](figures/plasticity_map.png)\n\nThe change of one NMDA synapse after 100 presynaptic spikes at 1 Hz while the postsynaptic cell is held at each potential, at each [Mg²⁺] (calcium-control rule of Shouval et al. 2002; `sim.Pairing`, the protocol of validation row V4).\n\n")

	for _, name := range scenarios.Shipped() {
		s, err := scenarios.Load(name)
		if err != nil {
			fmt.Fprintln(stderr, "simulate gallery:", err)
			return exitFail
		}
		dir := filepath.Join(tmp, name)
		fmt.Fprintf(stderr, "gallery: %s …\n", name)
		if pts, _ := scenarios.Points(s); len(pts) > 0 {
			sr, err := scenarios.RunSweep(ctx, s, pts, *jobs, nil)
			if err == nil && sr.Complete() {
				_, err = scenarios.WriteSweepTo(dir, sr)
			}
			if err != nil {
				fmt.Fprintf(stderr, "simulate gallery: %s: %v\n", name, err)
				return exitFail
			}
		} else {
			r, err := scenarios.Run(ctx, s)
			if err == nil && r.Complete() {
				_, err = scenarios.WriteTo(dir, r)
			}
			if err != nil {
				fmt.Fprintf(stderr, "simulate gallery: %s: %v\n", name, err)
				return exitFail
			}
		}
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "simulate gallery: interrupted at %s; figures of the scenarios before it are in %s, %s is unchanged\n",
				name, figDir, filepath.Join(*out, "gallery.md"))
			return signalled()
		}
		pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
		slices.Sort(pngs)
		story, _, _ := strings.Cut(strings.TrimSpace(s.Description), ".")
		fmt.Fprintf(&page, "## %s\n\n%s. `go run ./cmd/simulate %s`\n\n", name, strings.Join(strings.Fields(story), " "), name)
		for _, p := range pngs {
			stem := name + "_" + strings.TrimSuffix(filepath.Base(p), ".png")
			b, err := os.ReadFile(p)
			if err == nil {
				err = os.WriteFile(filepath.Join(figDir, stem+".png"), b, 0o644)
			}
			if err != nil {
				fmt.Fprintln(stderr, "simulate gallery:", err)
				return exitFail
			}
			fmt.Fprintf(&page, "![%s](figures/%s.png)\n\n", stem, stem)
		}
	}
	if err := os.WriteFile(filepath.Join(*out, "gallery.md"), []byte(page.String()), 0o644); err != nil {
		fmt.Fprintln(stderr, "simulate gallery:", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "gallery: figures in %s, page %s\n", figDir, filepath.Join(*out, "gallery.md"))
	return exitOK
}
