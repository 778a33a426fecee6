package session

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"engram/scenarios"
)

// wireScenario is a short day-night run: two days with a 2.5 s night, a
// Transformer with few steps a day.
const wireScenario = `name = "wire"
model = "day-night"
workers = 1
[task]
days = 2
episodes_per_day = 1
episode_len = 5
vocab = 25
[brain]
sleep_ms = 2500
[ann]
steps_per_day = 5
`

// TestSnapshotWire sends every snapshot of a short run, paused once and
// with a command applied while paused, through one SnapshotEncoder and
// SnapshotDecoder and compares each decoded snapshot with the sent one:
// equal in every field (empty and nil slices alike), the ripple band equal
// but for the rounding of Raw to float32, the parts left out of a message
// taken from the previous snapshot.
func TestSnapshotWire(t *testing.T) {
	if testing.Short() {
		t.Skip("lives two short simulated days (~10 s)")
	}
	sc, err := scenarios.Parse([]byte(wireScenario), "wire.toml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Do(Command{Op: OpSpeed})
	s.At(1200, Command{Op: OpSleep})
	s.At(2800, Command{Op: OpPause})
	ticks := 0
	s.OnTick(func() { ticks++ })
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background()) }()

	var sent []*Snapshot
	collect := func(sn *Snapshot) {
		if len(sent) == 0 || sn != sent[len(sent)-1] {
			sent = append(sent, sn)
		}
	}
	resumed := false
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		case <-time.After(2 * time.Millisecond):
		}
		sn := s.Snapshot()
		collect(sn)
		if sn.Paused && !resumed {
			pausedAt := len(sent)
			s.Do(Command{Op: OpMg, Value: 0.5})
			waitFor(t, s, "[Mg²⁺] while paused", 10*time.Second, func(x *Snapshot) bool { return x.MgMM == 0.5 })
			collect(s.Snapshot())
			if len(sent) == pausedAt {
				t.Fatal("no new snapshot after a command while paused")
			}
			s.Do(Command{Op: OpResume})
			resumed = true
		}
	}
	collect(s.Snapshot())
	last := sent[len(sent)-1]
	if last.Phase != "done" || last.ANN == nil || len(last.Brain) != 2 {
		t.Fatalf("the run ended in phase %s with %d days and ANN %v", last.Phase, len(last.Brain), last.ANN)
	}
	if ms := int(last.SimMs); ticks < ms-1 || ticks > ms+1 {
		t.Errorf("OnTick ran %d times in %d simulated ms, want once a millisecond", ticks, ms)
	}

	enc, dec := NewSnapshotEncoder(), NewSnapshotDecoder()
	var bytes, events, replays, pausedAgain int
	for k, sn := range sent {
		msg, err := enc.Encode(sn)
		if err != nil {
			t.Fatalf("snapshot %d: %v", k, err)
		}
		bytes += len(msg)
		got, err := dec.Decode(append([]byte(nil), msg...))
		if err != nil {
			t.Fatalf("snapshot %d: %v", k, err)
		}
		want := *sn
		want.LFP.band, got.LFP.band = nil, nil
		if d := diff(reflect.ValueOf(want), reflect.ValueOf(*got), "Snapshot"); d != "" {
			t.Fatalf("snapshot %d (%.0f ms, %s): %s", k, sn.SimMs, sn.Phase, d)
		}
		got.LFP.band = &rippleBand{raw: toFloat64(got.LFP.Raw), dtMs: got.LFP.DtMs}
		if rb, gb := sn.LFP.Ripple(), got.LFP.Ripple(); len(rb) != len(gb) || maxAbsDiff(rb, gb) > 1e-4*maxAbs(rb)+1e-6 {
			t.Fatalf("snapshot %d: ripple band differs by %g (of %g)", k, maxAbsDiff(rb, gb), maxAbs(rb))
		}
		if len(sn.LFP.Events) > 0 {
			events++
		}
		if sn.Replay != nil {
			replays++
		}
		if k > 0 && sn.Paused && sent[k-1].Paused {
			pausedAgain++
		}
	}
	if events == 0 || replays == 0 || pausedAgain == 0 {
		t.Errorf("the run should show ripples, a decoded replay and a command while paused: %d, %d, %d snapshots",
			events, replays, pausedAgain)
	}
	t.Logf("%d snapshots, %.0f kB a message on average", len(sent), float64(bytes)/float64(len(sent))/1000)

	if _, err := NewSnapshotDecoder().Decode([]byte("not gob")); err == nil {
		t.Error("a bad message decoded")
	}
}

func toFloat64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

func maxAbs(x []float32) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(float64(v)))
	}
	return m
}

func maxAbsDiff(a, b []float32) float64 {
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(float64(a[i])-float64(b[i])))
	}
	return m
}

// diff describes the first difference between a and b, comparing
// exported fields, with nil and empty slices and maps alike and NaN equal
// to NaN; "" when equal.
func diff(a, b reflect.Value, path string) string {
	if a.Kind() != b.Kind() {
		return fmt.Sprintf("%s: kind %v vs %v", path, a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil vs not nil"
			}
			return ""
		}
		return diff(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := range a.NumField() {
			if f := a.Type().Field(i); f.IsExported() {
				if d := diff(a.Field(i), b.Field(i), path+"."+f.Name); d != "" {
					return d
				}
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d vs %d entries", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, k)
			}
			if d := diff(a.MapIndex(k), bv, fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			return fmt.Sprintf("%s: %v vs %v", path, x, y)
		}
		return ""
	}
	if a.CanInterface() && b.CanInterface() && a.Interface() != b.Interface() {
		return fmt.Sprintf("%s: %v vs %v", path, a.Interface(), b.Interface())
	}
	return ""
}
