package param

import (
	"errors"
	"math"
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
