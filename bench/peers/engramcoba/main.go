// Command engramcoba runs the COBA benchmark network (sim.DefaultCOBA,
// Brette et al. 2007 benchmark 1) for the peer harness (bench/peers): it
// builds the network, records the spikes of every cell, runs it and writes
// the spikes as raw little-endian arrays, as Brian2's standalone binary
// does: PREFIX_t (float64, seconds) and PREFIX_i (int32, cell index, E
// cells first). It prints one JSON line with its own timing of the run.
//
//	engramcoba -duration 11 -seed 1 -workers 1 -method euler -spikes build/peers/engram
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"engram/sim"
)

func main() {
	dur := flag.Float64("duration", 1, "biological time, s")
	seed := flag.Uint64("seed", 1, "seed")
	workers := flag.Int("workers", 1, "goroutines stepping the network")
	method := flag.String("method", string(sim.ExponentialEuler), "integration method: exponential_euler or euler")
	spikes := flag.String("spikes", "", "write the spikes to PREFIX_t and PREFIX_i")
	flag.Parse()
	if err := run(*dur, *seed, *workers, sim.Method(*method), *spikes); err != nil {
		fmt.Fprintln(os.Stderr, "engramcoba:", err)
		os.Exit(1)
	}
}

func run(dur float64, seed uint64, workers int, method sim.Method, prefix string) error {
	if !(dur > 0 && dur <= 1e4) {
		return fmt.Errorf("-duration %v s: want 0 < duration ≤ 10000", dur)
	}
	cfg := sim.DefaultConfig()
	cfg.Seed, cfg.Workers, cfg.Method = seed, workers, method
	n, err := sim.New(cfg)
	if err != nil {
		return err
	}
	defer n.Close()
	c, err := sim.BuildCOBA(n, sim.DefaultCOBA())
	if err != nil {
		return err
	}
	re, ri := n.RecordSpikes(c.E, 0), n.RecordSpikes(c.I, 0)
	start := time.Now()
	if err := n.Run(dur * 1000); err != nil {
		return err
	}
	wall := time.Since(start).Seconds()
	synapses := 0
	for _, p := range n.Projections() {
		synapses += p.Len()
	}
	if prefix != "" {
		if err := write(prefix, re, ri, c.E.Size()); err != nil {
			return err
		}
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"seed": seed, "duration_s": dur, "workers": workers, "method": method, "synapses": synapses, "run_s": wall})
}

// write merges the two records in time order (E before I within a step).
func write(prefix string, re, ri *sim.SpikeRecorder, nE int) error {
	te, ce := re.Spikes()
	ti, ci := ri.Spikes()
	t := make([]float64, 0, len(te)+len(ti))
	cell := make([]int32, 0, len(te)+len(ti))
	a, b := 0, 0
	for a < len(te) || b < len(ti) {
		if b == len(ti) || (a < len(te) && te[a] <= ti[b]) {
			t, cell = append(t, te[a]/1000), append(cell, ce[a])
			a++
		} else {
			t, cell = append(t, ti[b]/1000), append(cell, ci[b]+int32(nE))
			b++
		}
	}
	for _, f := range []struct {
		suffix string
		data   any
	}{{"_t", t}, {"_i", cell}} {
		fh, err := os.Create(prefix + f.suffix)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(fh)
		if err := binary.Write(w, binary.LittleEndian, f.data); err != nil {
			fh.Close()
			return err
		}
		if err := w.Flush(); err != nil {
			fh.Close()
			return err
		}
		if err := fh.Close(); err != nil {
			return err
		}
	}
	return nil
}
