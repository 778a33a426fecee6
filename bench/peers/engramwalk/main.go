// Command engramwalk trains the Transformer of the reference-memory
// replication (ann.TrainWalks with ann.DefaultWalkParams on
// task.DefaultGridParams) for the peer harness (bench/peers/walks.py): it
// runs -steps Adam steps (no warm-up; the step size falls linearly, as in
// the replication's runs), with no learning-curve points and a final score of 16 walks, and prints one JSON line with the
// steps, the tokens trained on, the FLOPs counted (training and the final
// score) and its own wall time. -act, -alpha and -gain choose the
// feed-forward layer's activation (default: NMDA with α = β = 1, the
// replication's default). With -probe FILE it writes instead the
// model's initial parameters, its first batch and the loss and gradient
// computed here (ann.NewWalkProbe) as JSON, for the harness to check a
// peer's implementation of the same model against.
//
//	engramwalk -steps 40 -seed 1
//	engramwalk -probe build/peers/walk_probe.json -alpha 10 -gain 3.79
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"engram/ann"
	"engram/task"
)

func main() {
	steps := flag.Int("steps", 20, "Adam steps of training (1–100000)")
	seed := flag.Uint64("seed", 1, "seed of the maps, the initial weights and the walks")
	probe := flag.String("probe", "", "write the probe of the first batch to FILE (JSON) instead of training")
	act := flag.String("act", "nmda", "activation of the feed-forward layer: nmda, gelu or relu")
	alpha := flag.Float64("alpha", 1, "α of the NMDA activation (≤ 0: linear)")
	gain := flag.Float64("gain", 1, "output gain of the activation (> 0)")
	flag.Parse()
	a := ann.Activation{Kind: ann.ActKind(*act), NMDA: ann.NMDA{Alpha: *alpha, Beta: 1}, Gain: *gain}
	if err := run(*steps, *seed, a, *probe); err != nil {
		fmt.Fprintln(os.Stderr, "engramwalk:", err)
		os.Exit(1)
	}
}

func run(steps int, seed uint64, act ann.Activation, probe string) error {
	if steps < 1 || steps > 100000 {
		return fmt.Errorf("-steps %d: want 1 ≤ steps ≤ 100000", steps)
	}
	gp := task.DefaultGridParams()
	g, err := task.GenerateGrid(gp, seed)
	if err != nil {
		return err
	}
	p := ann.DefaultWalkParams()
	p.Seed, p.Steps, p.WarmupSteps, p.EvalEvery, p.FinalWalks = seed, steps, 0, 0, 16
	p.Act = act
	if probe != "" {
		pr, err := ann.NewWalkProbe(g, p)
		if err != nil {
			return err
		}
		return writeJSON(probe, pr)
	}
	start := time.Now()
	r, err := ann.TrainWalks(context.Background(), g, p, nil)
	if err != nil {
		return err
	}
	wall := time.Since(start).Seconds()
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"steps": steps, "seed": seed, "params": r.NumParams, "tokens": r.Tokens,
		"flops": r.FLOPs.Total(), "run_s": wall})
}

// writeJSON writes v to path through a temporary file in the same folder,
// renamed when complete.
func writeJSON(path string, v any) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = f.Chmod(0o644)
	if err == nil {
		err = json.NewEncoder(w).Encode(v)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
