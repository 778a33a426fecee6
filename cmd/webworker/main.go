//go:build js

// Command webworker steps one live run of Engram in a browser's Web
// Worker for the viewer's web page (make web builds it as
// web/worker.wasm; cmd/viewer built for GOOS=js is the page's viewer).
// Each run gets a worker of its own: the session.Session steps there, at
// full speed on a thread of its own, while the page's thread only draws.
// It builds only for GOOS=js GOARCH=wasm.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"syscall/js"
	"time"

	"engram/scenarios"
	"engram/session"
)

// Pacing of a run in a Web Worker.
const (
	// sliceTime is the longest the run computes before it hands the
	// worker's thread back to its event loop, which then delivers the
	// page's commands and lets the snapshot poster run.
	sliceTime = 25 * time.Millisecond
	// postEvery is the least time between two snapshots sent to the page;
	// the next is sent only once the viewer has taken the last.
	postEvery = time.Second / 30
)

// main steps one run for the page in this Web Worker. The page sends
// {type: "start", scenario: JSON, speed, timed: [{atMs, command}]} once,
// then {type: "do", command} for each command and {type: "ack"} after
// the viewer has taken a snapshot; the worker answers {type: "snapshot", data,
// encodeMs, stallMs} (a session.SnapshotEncoder message, the time to make
// it and the run's longest stall so far) or {type: "error", text}.
func main() {
	self := js.Global()
	w := &worker{self: self}
	w.acked.Store(true)
	w.yielded = make(chan struct{}, 1)
	ch := js.Global().Get("MessageChannel").New()
	w.port = ch.Get("port2")
	ch.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case w.yielded <- struct{}{}:
		default:
		}
		return nil
	}))
	self.Call("engramWorkerReady", js.FuncOf(func(_ js.Value, args []js.Value) any {
		w.handle(args[0])
		return nil
	}))
	select {}
}

// worker is the state of a run in a Web Worker.
type worker struct {
	self    js.Value
	port    js.Value // posting to it hands the thread back for one turn
	yielded chan struct{}
	s       *session.Session
	pending []session.Command // commands that came before s
	acked   atomic.Bool
	// stall is the longest the run went without a simulated millisecond
	// (the end of a night, the Transformer's day, both on this thread):
	// what a run on the page's thread would freeze the drawing for.
	stall time.Duration
}

// handle runs one message of the page.
func (w *worker) handle(m js.Value) {
	switch m.Get("type").String() {
	case "start":
		go w.start(m.Get("scenario").String(), m.Get("speed").Float(), m.Get("timed"))
	case "do":
		c, err := session.ParseCommand(m.Get("command").String())
		switch {
		case err != nil:
		case w.s == nil: // the brain is still being built
			w.pending = append(w.pending, c)
		default:
			w.s.Do(c)
		}
	case "ack":
		w.acked.Store(true)
	}
}

// fail tells the page that the run could not start.
func (w *worker) fail(err error) {
	w.self.Call("postMessage", js.ValueOf(map[string]any{"type": "error", "text": err.Error()}))
}

// start builds the scenario's session and runs it, posting snapshots.
func (w *worker) start(scenarioJSON string, speed float64, timed js.Value) {
	sc := scenarios.Default()
	sc.Sweep = nil
	if err := json.Unmarshal([]byte(scenarioJSON), &sc); err != nil {
		w.fail(fmt.Errorf("scenario: %w", err))
		return
	}
	s, err := session.New(sc)
	if err != nil {
		w.fail(err)
		return
	}
	s.Do(session.Command{Op: session.OpSpeed, Value: speed})
	for i := range timed.Length() {
		t := timed.Index(i)
		if c, err := session.ParseCommand(t.Get("command").String()); err == nil {
			s.At(t.Get("atMs").Float(), c)
		}
	}
	for _, c := range w.pending {
		s.Do(c)
	}
	w.pending = nil
	last, prev := time.Now(), time.Now()
	s.OnTick(func() {
		now := time.Now()
		w.stall = max(w.stall, now.Sub(prev))
		prev = now
		if now.Sub(last) < sliceTime {
			return
		}
		w.port.Call("postMessage", nil)
		<-w.yielded // meanwhile the Transformer's goroutine may run its day
		last = time.Now()
	})
	w.s = s
	go w.post()
	// The page ends a run by terminating its worker, never by cancelling.
	if err := s.Run(context.Background()); err != nil {
		w.fail(err)
	}
}

// post sends the session's snapshots to the page, at most postEvery and
// only once the viewer has taken the previous one.
func (w *worker) post() {
	enc := session.NewSnapshotEncoder()
	var last *session.Snapshot
	for range time.Tick(postEvery) {
		sn := w.s.Snapshot()
		if sn == last || !w.acked.Load() {
			continue
		}
		t0 := time.Now()
		msg, err := enc.Encode(sn)
		if err != nil {
			w.fail(err)
			return
		}
		data := js.Global().Get("Uint8Array").New(len(msg))
		js.CopyBytesToJS(data, msg)
		ms := float64(time.Since(t0)) / float64(time.Millisecond)
		w.acked.Store(false)
		w.self.Call("postMessage", js.ValueOf(map[string]any{"type": "snapshot", "data": data, "encodeMs": ms,
			"stallMs": float64(w.stall) / float64(time.Millisecond)}),
			[]any{data.Get("buffer")})
		last = sn
	}
}
