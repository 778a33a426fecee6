package ann

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"
)

func TestPretrainSequence(t *testing.T) {
	a := DefaultParams().arch()
	rng := rand.New(rand.NewPCG(1, 1))
	for range 500 {
		s := pretrainSequence(a, rng)
		if len(s.tokens) > a.Context || len(s.tokens) != len(s.targets) {
			t.Fatalf("sequence of %d tokens, %d targets", len(s.tokens), len(s.targets))
		}
		n := 0
		for i, tg := range s.targets {
			if tg < 0 {
				continue
			}
			n++
			if i+1 >= len(s.tokens) || s.tokens[i+1] != tg {
				t.Fatalf("target %d at %d is not the next token", tg, i)
			}
			// a target is predictable: the current token occurred before,
			// followed by the target
			ok := false
			for j := 0; j < i; j++ {
				if s.tokens[j] == s.tokens[i] && s.tokens[j+1] == tg {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("target at %d cannot be copied from the context: %v", i, s.tokens)
			}
		}
		if n == 0 {
			t.Fatalf("no targets in %v", s.tokens)
		}
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	p := DefaultParams()
	p.Pretrain.Steps = 3
	ck, err := Pretrain(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ck.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalCheckpoint(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := back.MarshalBinary()
	if !bytes.Equal(b, b2) {
		t.Fatal("checkpoint does not survive a round trip")
	}
	if back.Recipe != p.Recipe() || len(back.Loss) != 3 || back.FLOPs != ck.FLOPs {
		t.Fatalf("header lost: %+v", back.Recipe)
	}
	if _, err := UnmarshalCheckpoint(b[:len(b)-8]); err == nil {
		t.Fatal("truncated checkpoint accepted")
	}
	if _, err := UnmarshalCheckpoint([]byte("hello\n")); err == nil {
		t.Fatal("garbage accepted")
	}
	// deterministic
	ck2, _ := Pretrain(p, nil)
	b3, _ := ck2.MarshalBinary()
	if !bytes.Equal(b, b3) {
		t.Fatal("pre-training is not deterministic")
	}
}

func TestEmbeddedCheckpoint(t *testing.T) {
	ck, err := EmbeddedCheckpoint()
	if err != nil {
		t.Fatal(err)
	}
	if ck.Recipe != DefaultParams().Recipe() {
		t.Fatalf("embedded recipe %+v is not DefaultParams' %+v; run go generate ./ann", ck.Recipe, DefaultParams().Recipe())
	}
	n := len(ck.Loss)
	tail := 0.0
	for _, l := range ck.Loss[n-100:] {
		tail += l / 100
	}
	if tail > 0.2 {
		t.Errorf("final pre-training loss %.3f nats/item, want < 0.2 (an induction head)", tail)
	}
}

// TestPretrainedReproducible checks that the command of the go:generate
// line reproduces the shipped checkpoint byte for byte. Float64 results are
// bit-identical only on the architecture that made the file (amd64: no
// fused multiply-add, gonum's SSE2 kernels).
func TestPretrainedReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("pre-training takes about 45 s")
	}
	if runtime.GOARCH != "amd64" {
		t.Skip("the checkpoint was made on amd64; bit-identical floats need the same instruction set")
	}
	ck, err := Pretrain(DefaultParams(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ck.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, pretrainedFile) {
		t.Fatalf("Pretrain(DefaultParams()) gives %d bytes that differ from pretrained.bin (%d bytes); run go generate ./ann", len(b), len(pretrainedFile))
	}
}

func TestPrepare(t *testing.T) {
	src, err := Prepare(DefaultParams(), nil)
	if err != nil || src != SourceEmbedded {
		t.Fatalf("default recipe: %q, %v", src, err)
	}
	p := DefaultParams()
	p.Pretrain.Steps = 0
	if src, _ := Prepare(p, nil); src != SourceNone {
		t.Fatalf("no pre-training: %q", src)
	}
	p = DefaultParams()
	p.Pretrain.Steps, p.DModel, p.DFF, p.Context = 4, 8, 8, 16
	steps := 0
	src, err = Prepare(p, func(step int, loss float64) { steps = step })
	if err != nil || src != SourceComputed || steps != 4 {
		t.Fatalf("other recipe: %q, %v, %d steps reported", src, err, steps)
	}
	p.Layers = 0
	if _, err := Prepare(p, nil); err == nil {
		t.Fatal("invalid parameters accepted")
	}
}
