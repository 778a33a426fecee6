package session

import (
	"context"
	"engram/scenarios"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseCommand(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Command
	}{
		{"pause", Command{Op: OpPause}}, {" Sleep ", Command{Op: OpSleep}}, {"speed=max", Command{Op: OpSpeed}},
		{"speed=0.5", Command{Op: OpSpeed, Value: 0.5}}, {"mg=0", Command{Op: OpMg}}, {"alpha=3", Command{Op: OpAlpha, Value: 3}},
	} {
		got, err := ParseCommand(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseCommand(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if back, err := ParseCommand(got.String()); err != nil || back != got {
			t.Errorf("%q → %q → %v, %v", c.in, got.String(), back, err)
		}
	}
	for in, msg := range map[string]string{
		"jump": "unknown", "mg": "needs a value", "pause=1": "takes no value", "mg=x": "not a number",
		"mg=4": "0 … 3 mM", "speed=20": "0.01 … 10", "speed=0": "0.01 … 10", "alpha=-2": "0 … 30",
	} {
		if _, err := ParseCommand(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseCommand(%q): %v, want an error containing %q", in, err, msg)
		}
	}
}

func TestParseScript(t *testing.T) {
	cues, err := ParseScript("sleep@2s, mg=0.5@1500ms,pause@120f,")
	if err != nil {
		t.Fatal(err)
	}
	want := []Cue{{Action: "sleep", AtMs: 2000}, {Action: "mg=0.5", AtMs: 1500}, {Action: "pause", AtFrame: 120, Frames: true}}
	if len(cues) != len(want) {
		t.Fatalf("%v, want %v", cues, want)
	}
	for k := range want {
		if cues[k] != want[k] {
			t.Errorf("cue %d: %+v, want %+v", k, cues[k], want[k])
		}
	}
	for in, msg := range map[string]string{"sleep": "action@time", "sleep@2": "needs a unit", "sleep@-1s": "not a number",
		"sleep@1.5f": "whole number", "@2s": "action@time"} {
		if _, err := ParseScript(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseScript(%q): %v, want an error containing %q", in, err, msg)
		}
	}
}

func TestNewSessionRefusesOtherModels(t *testing.T) {
	sc, err := scenarios.Load("coba")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(sc); err == nil || !strings.Contains(err.Error(), `model "day-night"`) {
		t.Errorf("coba: %v, want a refusal naming the model", err)
	}
	if got := LiveScenarios(); len(got) < 3 || got[0] == "coba" {
		t.Errorf("LiveScenarios() = %v", got)
	}
}

// waitFor polls the session's snapshot until ok or the deadline.
func waitFor(t *testing.T, s *Session, what string, limit time.Duration, ok func(*Snapshot) bool) *Snapshot {
	t.Helper()
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		if sn := s.Snapshot(); ok(sn) {
			return sn
		}
		time.Sleep(5 * time.Millisecond)
	}
	sn := s.Snapshot()
	t.Fatalf("%s: not within %v (phase %s, %.0f ms, notice %q, err %q)", what, limit, sn.Phase, sn.SimMs, sn.Notice, sn.Err)
	return nil
}

// TestSessionControls drives a live day-night session with commands: a
// timed [Mg²⁺] change reaches the network, pause stops simulated time,
// step advances it by StepMs, a scripted switch to sleep starts the night,
// whose sharp-wave ripples are detected and decoded as it goes, and
// cancelling ends Run.
func TestSessionControls(t *testing.T) {
	if testing.Short() {
		t.Skip("lives one simulated day (~10 s)")
	}
	sc, err := scenarios.Load(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Do(Command{Op: OpSpeed}) // as fast as possible
	s.At(50, Command{Op: OpMg, Value: 0.5})
	s.At(100, Command{Op: OpPause})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	sn := waitFor(t, s, "pause at 100 ms", 20*time.Second, func(sn *Snapshot) bool { return sn.Paused })
	if sn.MgMM != 0.5 || sn.SimMs < 100 || sn.SimMs > 102 {
		t.Errorf("paused at %.1f ms with [Mg²⁺] %v; want 100 ms and 0.5 mM", sn.SimMs, sn.MgMM)
	}
	time.Sleep(200 * time.Millisecond)
	if again := s.Snapshot(); again.SimMs != sn.SimMs {
		t.Errorf("paused, simulated time went on: %.1f → %.1f ms", sn.SimMs, again.SimMs)
	}
	s.Do(Command{Op: OpStep})
	st := waitFor(t, s, "step", 10*time.Second, func(x *Snapshot) bool { return x.Paused && x.SimMs > sn.SimMs })
	if d := st.SimMs - sn.SimMs; d < StepMs || d > StepMs+1 {
		t.Errorf("a step advanced %.1f ms, want %v", d, StepMs)
	}
	if sn.Phase != "awake" || sn.Regions[2].Name != "CA3" || len(sn.Regions[2].LastSpikeMs) != len(sn.Regions[2].Position) {
		t.Errorf("phase %s, regions %v", sn.Phase, sn.Regions)
	}

	// The day's route is crossed in the first 1.2 s: sleep after it.
	s.At(1200, Command{Op: OpSleep})
	s.Do(Command{Op: OpResume})
	night := waitFor(t, s, "sleep", 30*time.Second, func(x *Snapshot) bool { return x.Phase == "sleep" })
	if night.SimMs > 1400 {
		t.Errorf("asleep only at %.0f ms, want soon after the scripted switch at 1200 ms", night.SimMs)
	}
	rp := waitFor(t, s, "a significant replay", 120*time.Second, func(x *Snapshot) bool {
		return x.Replay != nil && x.Replay.IsReplay || x.Phase != "sleep"
	})
	if rp.Replay == nil || !rp.Replay.IsReplay {
		t.Fatalf("the night ended without a significant replay (phase %s at %.0f ms)", rp.Phase, rp.SimMs)
	}
	if !rp.Replay.IsReplay || len(rp.LFP.Events) == 0 || len(rp.Replay.Decoded) == 0 {
		t.Errorf("events %v, decoded %v", rp.LFP.Events, rp.Replay.Decoded)
	}
	// The ripple band is the window's 150–250 Hz part: as long as the raw
	// window, not flat, and smaller than the raw trace's swing.
	band, raw := rp.LFP.Ripple(), rp.LFP.Raw
	switch {
	case len(raw) == 0 || len(band) != len(raw):
		t.Errorf("ripple band: %d samples, raw window %d", len(band), len(raw))
	case slices.Max(band) <= 0 || slices.Max(band)-slices.Min(band) >= slices.Max(raw)-slices.Min(raw):
		t.Errorf("ripple band range %v … %v pA, raw %v … %v pA", slices.Min(band), slices.Max(band), slices.Min(raw), slices.Max(raw))
	}
	t.Logf("night from %.0f ms; ripple %.0f–%.0f ms, decoded %v, sequence %v, ρ %.2f, replay %v",
		night.SimMs, rp.Replay.Event.StartMs, rp.Replay.Event.EndMs, rp.Replay.Decoded, rp.Replay.Sequence, rp.Replay.Rho, rp.Replay.IsReplay)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestKeepPace(t *testing.T) {
	for _, c := range []struct {
		simMs  float64
		wall   time.Duration
		speed  float64
		wait   time.Duration
		behind bool
	}{
		{1050, time.Second, 1, 50 * time.Millisecond, false},     // ahead: wait
		{1050, time.Second, 0.5, 1100 * time.Millisecond, false}, // 1050 ms take 2.1 s at 0.5×
		{800, time.Second, 1, 0, false},                          // 200 ms late: catch up
		{-1, time.Second, 1, 0, true},                            // over catchUpMs late: start anew
		{20000, 2 * time.Second, 10, 0, false},                   // on time
	} {
		wait, behind := keepPace(c.simMs, c.wall, c.speed)
		if d := wait - c.wait; d < -time.Microsecond || d > time.Microsecond || behind != c.behind {
			t.Errorf("keepPace(%v ms, %v, %v×) = %v, %v; want %v, %v", c.simMs, c.wall, c.speed, wait, behind, c.wait, c.behind)
		}
	}
}

// FuzzScript feeds arbitrary -script text to the viewer's script parser and
// each action to the command parser: errors, never panics, and every cue
// accepted has a time ≥ 0.
func FuzzScript(f *testing.F) {
	for _, s := range []string{"sleep@1.2s,mg=0.5@3s,pause@600f", "speed=max@0ms", "scrub=abc@1s", "x@", "@1s",
		"mg=1e999@1s", "speed=nan@1s", "alpha=-0@2ms", ",,,", "screenshot=a.png@10f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		cues, err := ParseScript(script)
		if err != nil {
			return
		}
		for _, c := range cues {
			if c.AtMs < 0 || c.AtFrame < 0 {
				t.Fatalf("cue %+v before the start", c)
			}
			if cmd, err := ParseCommand(c.Action); err == nil {
				if _, err := ParseCommand(cmd.String()); err != nil {
					t.Fatalf("command %q prints as %q, which does not parse: %v", c.Action, cmd, err)
				}
			}
		}
	})
}
