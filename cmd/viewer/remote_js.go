//go:build js

package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"engram/scenarios"
	"engram/session"
	"engram/viz/live"
)

// firstSnapshotWait is how long the page waits for its first run's first
// snapshot (the worker starts and builds the brain) before it shows the
// viewer anyway.
const firstSnapshotWait = 5 * time.Minute

// remoteSource is a run stepped in a Web Worker (cmd/webworker): commands
// go to it as messages, snapshots come back as session.SnapshotDecoder
// messages, one more each time the viewer has taken the last. Stop
// terminates the worker.
type remoteSource struct {
	worker js.Value
	onMsg  js.Func
	dec    *session.SnapshotDecoder
	latest atomic.Pointer[session.Snapshot]
	first  chan struct{}
	once   sync.Once

	mu       sync.Mutex
	unseen   bool      // the latest snapshot has not been asked for yet
	err      string    // the worker's error, if any
	encodeMs []float64 // the worker's time to encode each snapshot, ms
	decodeMs []float64 // the page's time to decode each, ms
	bytes    []int     // each message's size
	stallMs  float64   // the run's longest time without a simulated millisecond
}

// startRemote starts sc in a new Web Worker (engramStartWorker, defined by
// the page's viewer.js, creates it and hands it the compiled
// web/worker.wasm).
func startRemote(sc scenarios.Scenario, speed float64, timed []live.Timed) (*remoteSource, error) {
	data, err := json.Marshal(sc)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	r := &remoteSource{dec: session.NewSnapshotDecoder(), first: make(chan struct{})}
	r.worker = js.Global().Call("engramStartWorker")
	r.onMsg = js.FuncOf(func(_ js.Value, args []js.Value) any {
		r.receive(args[0].Get("data"))
		return nil
	})
	r.worker.Set("onmessage", r.onMsg)
	var cues []any
	for _, t := range timed {
		cues = append(cues, map[string]any{"atMs": t.AtMs, "command": t.Command.String()})
	}
	r.worker.Call("postMessage", js.ValueOf(map[string]any{"type": "start", "scenario": string(data),
		"speed": speed, "timed": cues}))
	return r, nil
}

// receive handles one message of the worker.
func (r *remoteSource) receive(m js.Value) {
	switch m.Get("type").String() {
	case "snapshot":
		data := m.Get("data")
		msg := make([]byte, data.Get("length").Int())
		js.CopyBytesToGo(msg, data)
		t0 := time.Now()
		sn, err := r.dec.Decode(msg)
		ms := float64(time.Since(t0)) / float64(time.Millisecond)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil {
			r.err = err.Error()
			r.ack()
			return
		}
		r.unseen = true
		r.encodeMs = keepLast(r.encodeMs, m.Get("encodeMs").Float())
		r.decodeMs = keepLast(r.decodeMs, ms)
		r.bytes = keepLast(r.bytes, len(msg))
		r.stallMs = m.Get("stallMs").Float()
		r.latest.Store(sn)
		r.once.Do(func() { close(r.first) })
	case "error":
		r.mu.Lock()
		r.err = m.Get("text").String()
		r.mu.Unlock()
		r.once.Do(func() { close(r.first) })
	}
}

// keepLast appends v to the recent values xs, keeping the last 120.
func keepLast[T any](xs []T, v T) []T {
	if len(xs) >= 120 {
		xs = xs[1:]
	}
	return append(xs, v)
}

// Do sends a command to the worker.
func (r *remoteSource) Do(c session.Command) bool {
	r.worker.Call("postMessage", js.ValueOf(map[string]any{"type": "do", "command": c.String()}))
	return true
}

// Snapshot returns the latest snapshot received, nil before the first.
// The first call after a snapshot arrived asks the worker for the next:
// the worker sends no faster than the viewer takes them.
func (r *remoteSource) Snapshot() *session.Snapshot {
	r.mu.Lock()
	if r.unseen {
		r.unseen = false
		r.ack()
	}
	r.mu.Unlock()
	return r.latest.Load()
}

// ack asks the worker for the next snapshot.
func (r *remoteSource) ack() {
	r.worker.Call("postMessage", js.ValueOf(map[string]any{"type": "ack"}))
}

// Stop terminates the worker.
func (r *remoteSource) Stop() {
	r.worker.Call("terminate")
	r.onMsg.Release()
}

// transfer describes the snapshots' way from the worker: median encode and
// decode times, ms, and median message size, bytes; and the run's longest
// stall in the worker, ms.
type transfer struct {
	EncodeMs, DecodeMs float64
	Bytes              int
	StallMs            float64 // the worker's longest stall
	Err                string
}

func (r *remoteSource) transfer() transfer {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := transfer{Err: r.err, StallMs: r.stallMs}
	t.EncodeMs, _ = quantiles(r.encodeMs)
	t.DecodeMs, _ = quantiles(r.decodeMs)
	if n := len(r.bytes); n > 0 {
		b := make([]float64, n)
		for i, v := range r.bytes {
			b[i] = float64(v)
		}
		m, _ := quantiles(b)
		t.Bytes = int(m)
	}
	return t
}
