//go:build !js

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"engram/viz/live"
)

// TestBadInput checks that bad flags and scenarios exit 2 with a message
// that says what to fix, before any window opens.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	badKey := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(badKey, []byte("name = \"x\"\nmodel = \"day-night\"\n[brain]\nsleep_mss = 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-scenario", filepath.Join(dir, "missing.toml")}, "no such file"},
		{[]string{"-scenario", badKey}, "bad.toml:4"},
		{[]string{"-scenario", badKey}, "sleep_ms"},
		{[]string{"-scenario", "coba"}, `model "day-night"`},
		{[]string{"-speed", "20"}, "0.01 … 10"},
		{[]string{"-script", "sleep@2"}, "needs a unit"},
		{[]string{"-script", "dance@2s"}, "unknown"},
		{[]string{"-screenshot", "x.png"}, "needs -frames"},
		{[]string{"-frames", "-3"}, "≥ 0"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"-seed", "-5"}, "-seed -5: want 0 …"},
		{[]string{"-script", "scenario=nope@1s"}, "scenario=nope: nope: no such file"},
		{[]string{"-script", "scenario=coba@1s"}, `model "day-night"`},
		{[]string{"-script", "mode=nope@1s"}, "mode=nope: not a Transformer mode"},
		{[]string{"-script", "scrub=abc@1s"}, "scrub=abc: want seconds back"},
		{[]string{"-script", "help=3@1s"}, "help takes no value"},
		{[]string{"-script", "screenshot=" + filepath.Join(dir, "missing", "a.png") + "@1s"}, "missing does not exist"},
		{[]string{"-frames", "5", "-screenshot", filepath.Join(dir, "missing", "a.png")}, "missing does not exist"},
		{[]string{"-shots", filepath.Join(dir, "missing")}, "not an existing folder"},
	} {
		var stderr bytes.Buffer
		opened := false
		code := run(c.args, &stderr, func(*live.App, string) error { opened = true; return nil })
		if code != exitBadInput || opened || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("viewer %v: exit %d, window %v, stderr %q; want exit 2, no window, a message with %q",
				c.args, code, opened, stderr.String(), c.want)
		}
	}
	var stderr bytes.Buffer
	if code := run([]string{"-help"}, &stderr, nil); code != exitOK || !strings.Contains(stderr.String(), "-script") {
		t.Errorf("-help: exit %d, %q", code, stderr.String())
	}
}
