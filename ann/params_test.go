package ann

import (
	"errors"
	"math"
	"strings"
	"testing"

	"engram/param"
)

func TestDefaultParamsValid(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesKey(t *testing.T) {
	cases := []struct {
		key  string
		edit func(*Params)
	}{
		{"layers", func(p *Params) { p.Layers = 0 }},
		{"layers", func(p *Params) { p.Layers = 9 }},
		{"heads", func(p *Params) { p.Heads = 3 }},
		{"d_model", func(p *Params) { p.DModel = 1 }},
		{"d_ff", func(p *Params) { p.DFF = 0 }},
		{"context", func(p *Params) { p.Context = 2 }},
		{"context", func(p *Params) { p.Context = 5 }},
		{"vocab", func(p *Params) { p.Vocab = 1 }},
		{"vocab", func(p *Params) { p.Vocab = 3 }},
		{"alpha", func(p *Params) { p.Alpha = math.NaN() }},
		{"alpha", func(p *Params) { p.Alpha = math.Inf(1) }},
		{"beta", func(p *Params) { p.Beta = 0 }},
		{"lr", func(p *Params) { p.LR = -1 }},
		{"steps_per_day", func(p *Params) { p.StepsPerDay = -1 }},
		{"batch", func(p *Params) { p.Batch = 0 }},
		{"clip", func(p *Params) { p.Clip = -0.5 }},
		{"replay_buffer", func(p *Params) { p.ReplayBuffer = -1 }},
		{"retrieve", func(p *Params) { p.Retrieve = 0 }},
		{"pretrain.steps", func(p *Params) { p.Pretrain.Steps = -3 }},
		{"pretrain.lr", func(p *Params) { p.Pretrain.LR = 2 }},
		{"pretrain.batch", func(p *Params) { p.Pretrain.Batch = 0 }},
	}
	for _, c := range cases {
		p := DefaultParams()
		c.edit(&p)
		err := p.Validate()
		var pe *param.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want a *param.Error", c.key, err)
			continue
		}
		if pe.Key != c.key {
			t.Errorf("%s: error names %q", c.key, pe.Key)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, c.key+" = ") || !strings.Contains(msg, "want") {
			t.Errorf("%s: message %q does not name key, value and range", c.key, msg)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range Modes() {
		got, err := ParseMode(" " + strings.ToUpper(string(m)) + " ")
		if err != nil || got != m {
			t.Fatalf("ParseMode(%q) = %q, %v", m, got, err)
		}
	}
	if _, err := ParseMode("dream"); err == nil || !strings.Contains(err.Error(), "replay") {
		t.Fatalf("want an error listing the modes, got %v", err)
	}
}

func TestNMDASpecialCases(t *testing.T) {
	for _, x := range []float64{-30, -2, -0.5, 0, 0.7, 3, 40} {
		for _, a := range []float64{0, -2} {
			if f := (NMDA{Alpha: a, Beta: 1}).F(x); f != x {
				t.Errorf("α=%g: f(%g) = %g, want identity", a, x, f)
			}
		}
		silu := x / (1 + math.Exp(-x))
		if f := (NMDA{Alpha: 1, Beta: 1}).F(x); math.Abs(f-silu) > 1e-12*math.Max(1, math.Abs(x)) {
			t.Errorf("α=β=1: f(%g) = %g, want SiLU %g", x, f, silu)
		}
		a := NMDA{Alpha: 1 / 3.57, Beta: 0.062}
		want := x / (1 + 1/3.57*math.Exp(-0.062*x))
		if f := a.F(x); math.Abs(f-want) > 1e-12*math.Max(1, math.Abs(x)) {
			t.Errorf("Jahr–Stevens: f(%g) = %g, want %g", x, f, want)
		}
	}
	if f := (NMDA{Alpha: 10, Beta: 1}).F(-1000); f != 0 || math.IsNaN(f) {
		t.Errorf("f(−1000) = %g, want 0 without overflow", f)
	}
	// derivative against a central difference
	for _, a := range []NMDA{{0.3, 1}, {1, 1}, {10, 2}} {
		for _, x := range []float64{-4, -1, 0, 0.5, 2, 6} {
			h := 1e-6
			num := (a.F(x+h) - a.F(x-h)) / (2 * h)
			if math.Abs(a.Deriv(x)-num) > 1e-7 {
				t.Errorf("%+v: f′(%g) = %g, finite difference %g", a, x, a.Deriv(x), num)
			}
		}
	}
}
