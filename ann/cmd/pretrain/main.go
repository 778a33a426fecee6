// Command pretrain makes the pre-trained checkpoint that package ann ships
// (ann/pretrained.bin): a Transformer of ann.DefaultParams() trained to
// copy episodes from its context (an induction head). It is deterministic:
// the same recipe gives the same file, byte for byte.
//
// Usage, from the repository root:
//
//	go run ./ann/cmd/pretrain -o ann/pretrained.bin
//
// or `go generate ./ann`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"engram/ann"
)

func main() {
	out := flag.String("o", "pretrained.bin", "output file")
	quiet := flag.Bool("q", false, "no progress output")
	flag.Parse()
	if err := run(*out, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, "pretrain:", err)
		os.Exit(1)
	}
}

func run(out string, quiet bool) error {
	p := ann.DefaultParams()
	start := time.Now()
	avg, n := 0.0, 0
	ck, err := ann.Pretrain(p, func(step int, loss float64) {
		avg += loss
		n++
		if !quiet && (step%250 == 0 || step == p.Pretrain.Steps) {
			fmt.Fprintf(os.Stderr, "step %5d/%d  loss %.3f nats/item  %.0fs\n",
				step, p.Pretrain.Steps, avg/float64(n), time.Since(start).Seconds())
			avg, n = 0, 0
		}
	})
	if err != nil {
		return err
	}
	b, err := ck.MarshalBinary()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".pretrain-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if !quiet {
		fmt.Fprintf(os.Stderr, "wrote %s: %d parameters, %d bytes, %.3g FLOP\n",
			out, ck.NumParams(), len(b), float64(ck.FLOPs.Total()))
	}
	return nil
}
