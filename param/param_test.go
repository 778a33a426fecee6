package param

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

type inner struct {
	TauMs float64 `toml:"tau_ms" unit:"ms" range:"0.1..1000" doc:"time constant"`
	N     int     `toml:"n" range:"1.." doc:"count"`
	Mode  string  `toml:"mode" oneof:"fast|slow" doc:"mode"`
}

type outer struct {
	Gain   float64        `toml:"gain" range:"..10" doc:"gain"`
	Inner  inner          `toml:"inner"`
	Hidden float64        // no toml tag: not a parameter
	Skip   int            `toml:"-"`
	Table  map[string]int `toml:"table"`
}

func TestFieldsAndCheck(t *testing.T) {
	v := outer{Gain: 2, Inner: inner{TauMs: 5, N: 1, Mode: "fast"}}
	var paths []string
	for _, f := range Fields(&v, "x.") {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, " "); got != "x.gain x.inner.tau_ms x.inner.n x.inner.mode" {
		t.Fatalf("paths %q", got)
	}
	if err := Check(&v, "x."); err != nil {
		t.Fatalf("valid value: %v", err)
	}
	cases := []struct {
		set  func(*outer)
		want string
	}{
		{func(o *outer) { o.Inner.TauMs = 0 }, "x.inner.tau_ms = 0 ms: want 0.1 ≤ tau_ms ≤ 1000 ms"},
		{func(o *outer) { o.Inner.TauMs = math.NaN() }, "x.inner.tau_ms = NaN ms: want a finite number"},
		{func(o *outer) { o.Inner.N = 0 }, "x.inner.n = 0: want n ≥ 1"},
		{func(o *outer) { o.Gain = 11 }, "x.gain = 11: want gain ≤ 10"},
		{func(o *outer) { o.Inner.Mode = "medium" }, `x.inner.mode = "medium": want one of "fast", "slow"`},
	}
	for _, c := range cases {
		w := v
		c.set(&w)
		err := Check(&w, "x.")
		var pe *Error
		if !errors.As(err, &pe) || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	f := Fields(&v, "")
	if a := f[0].Allowed(); a != "≤ 10" {
		t.Errorf("Allowed %q", a)
	}
	if a := f[1].Allowed(); a != "0.1 … 1000" {
		t.Errorf("Allowed %q", a)
	}
}

// cell checks a relation between its fields, as a region's table does.
type cell struct {
	VthMV    float64 `toml:"vth_mv" unit:"mV" range:"-100..0" doc:"threshold"`
	VresetMV float64 `toml:"vreset_mv" unit:"mV" range:"-100..0" doc:"reset"`
}

func (c cell) Validate() error {
	if err := Check(&c, ""); err != nil {
		return err
	}
	if c.VthMV <= c.VresetMV {
		return Invalid(&c, &c.VthMV, "> vreset_mv")
	}
	return nil
}

type base struct {
	Rate  float64 `toml:"rate" unit:"Hz" range:"0<..<100" doc:"rate"`
	Shade float64 `toml:"shade" unit:"" range:"0..1" doc:"shadowed by the embedding struct"`
}

type region struct {
	base
	Shade []float64 `toml:"shade" unit:"" range:"0..1" doc:"one per night"`
	Modes []string  `toml:"modes" oneof:"a|b" doc:"modes"`
	Cell  cell      `toml:"cell"`
	Ptr   *cell     `toml:"ptr"`
}

func TestEmbeddedListsAndTables(t *testing.T) {
	r := region{base: base{Rate: 10, Shade: 0.5}, Shade: []float64{0.2, 0.3}, Modes: []string{"a"},
		Cell: cell{VthMV: -50, VresetMV: -60}, Ptr: &cell{}}
	var paths []string
	for _, f := range Fields(&r, "") {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, " "); got != "rate shade modes cell.vth_mv cell.vreset_mv" {
		t.Fatalf("paths %q (embedded fields lent, the shadowed one and the pointer left out)", got)
	}
	if err := Check(&r, "x."); err != nil {
		t.Fatalf("valid value: %v", err)
	}
	cases := []struct {
		set  func(*region)
		want string
	}{
		{func(r *region) { r.Rate = 0 }, "x.rate = 0 Hz: want 0 < rate < 100 Hz"},
		{func(r *region) { r.Rate = 100 }, "x.rate = 100 Hz: want 0 < rate < 100 Hz"},
		{func(r *region) { r.Shade = []float64{0.1, 2} }, "x.shade = […, 2, …]: want 0 ≤ shade ≤ 1"},
		{func(r *region) { r.Shade = []float64{math.NaN()} }, "x.shade = [NaN]: want a finite number"},
		{func(r *region) { r.Modes = []string{"a", "c"} }, `x.modes = […, "c", …]: want one of "a", "b"`},
		{func(r *region) { r.Cell.VthMV = -70 }, "x.cell.vth_mv = -70 mV: want > vreset_mv"},
	}
	for _, c := range cases {
		w := r
		w.Shade = slices.Clone(r.Shade)
		c.set(&w)
		err := Check(&w, "x.")
		var pe *Error
		if !errors.As(err, &pe) || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	f, ok := Lookup(&r, "rate")
	if !ok || f.Allowed() != "> 0, < 100" {
		t.Errorf("Lookup(rate): %v, allowed %q", ok, f.Allowed())
	}
	if _, ok := Lookup(&r, "ptr.vth_mv"); ok {
		t.Error("a pointer field is a parameter")
	}
	wrapped := fmt.Errorf("region: %w", &Error{Key: "cell.vth_mv", Value: "1 mV", Want: "≤ 0"})
	if err := Within("brain.", wrapped); err.Error() != "brain.cell.vth_mv = 1 mV: want ≤ 0" {
		t.Errorf("Within: %v", err)
	}
	if plain := errors.New("no key"); Within("brain.", plain) != plain || Within("brain.", nil) != nil {
		t.Error("Within changed an error that is not an *Error")
	}
}
