//go:build js

package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"engram/scenarios"
	"engram/session"
	"engram/viz/live"
)

// statusEvery is how often the page's status object is renewed.
const statusEvery = 200 * time.Millisecond

// main runs the viewer in the page (the desktop viewer's main is in
// main.go); its runs step in Web Workers (cmd/webworker). The settings
// come from the URL as the desktop viewer's flags do:
// ?scenario=NAME&seed=N&speed=X&script=… (a bad one is shown on the page
// and the defaults are used). The page's
// script reaches the viewer through the global object engram:
//
//	engram.scenarios        the shipped scenarios a live run can show
//	engram.do(action)       run an action of -script now ("sleep", "speed=max",
//	                        "scenario=lesion", "screenshot", …); returns "" or the error
//	engram.load(text, file) run an uploaded TOML scenario; returns "" or the
//	                        loader's error (file, line, key, allowed range)
//	engram.status           what the viewer shows and how fast, renewed 5 times a second
func main() {
	api := js.Global().Get("Object").New()
	js.Global().Set("engram", api)
	var names []any
	for _, n := range session.LiveScenarios() {
		names = append(names, n)
	}
	api.Set("scenarios", js.ValueOf(names))
	api.Set("status", js.ValueOf(map[string]any{"ready": false}))

	opt, setupErr := pageOptions(js.Global().Get("location").Get("search").String())
	if setupErr != nil {
		opt, _ = pageOptions("")
	}
	g := &pageGame{api: api, posts: make(chan func(), 64), first: true}
	if setupErr != nil {
		g.note = setupErr.Error()
	}
	opt.Start, opt.InPage, opt.SaveShot = g.start, true, download
	app, err := live.NewApp(opt)
	if err != nil {
		api.Set("status", js.ValueOf(map[string]any{"ready": false, "error": err.Error()}))
		return
	}
	g.app = app
	api.Set("do", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return "engram.do takes one action, e.g. \"sleep\""
		}
		return g.do(args[0].String())
	}))
	api.Set("load", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 {
			return "engram.load takes the file's text and its name"
		}
		return g.load(args[0].String(), args[1].String())
	}))
	ebiten.SetTPS(60)
	if err := ebiten.RunGame(g); err != nil {
		api.Set("status", js.ValueOf(map[string]any{"ready": false, "error": err.Error()}))
	}
}

// pageOptions reads the viewer's settings from a URL query.
func pageOptions(query string) (live.Options, error) {
	q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		return live.Options{}, fmt.Errorf("the page's address: %v", err)
	}
	get := func(k, def string) string {
		if v := q.Get(k); v != "" {
			return v
		}
		return def
	}
	name := get("scenario", scenarios.DefaultName)
	if !slices.Contains(session.LiveScenarios(), name) {
		return live.Options{}, fmt.Errorf("scenario=%s: not a shipped scenario a live run can show (%s); upload a file instead",
			name, strings.Join(session.LiveScenarios(), ", "))
	}
	sc, err := scenarios.Load(name)
	if err != nil {
		return live.Options{}, err
	}
	var seed *int64
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return live.Options{}, fmt.Errorf("seed=%s: want a whole number 0 … 9223372036854775807", v)
		}
		seed = &n
	}
	urlText := func(name, value string) string { return strings.TrimSuffix(name+"="+value, "=") }
	return options(sc, seed, get("speed", "1"), q.Get("script"), checkPageAction, urlText)
}

// checkPageAction reports whether the page's viewer can run action: that
// of the desktop viewer (live.CheckAction), except that a scenario is a
// shipped one (an own file is uploaded) and a screenshot is a download
// named FILE.png.
func checkPageAction(action string) error {
	name, arg, _ := strings.Cut(strings.TrimSpace(action), "=")
	switch name {
	case "scenario":
		if arg != "next" && !slices.Contains(session.LiveScenarios(), arg) {
			return fmt.Errorf("scenario=%s: not a shipped scenario a live run can show (%s); upload a file instead",
				arg, strings.Join(session.LiveScenarios(), ", "))
		}
		return nil
	case "screenshot":
		if arg != "" && !strings.HasSuffix(strings.ToLower(arg), ".png") {
			return fmt.Errorf("screenshot %s: want a .png file", arg)
		}
		return nil
	}
	return live.CheckAction(action)
}

// download offers img to the user as the PNG file named after p.
func download(img *image.RGBA, p string) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	data := js.Global().Get("Uint8Array").New(buf.Len())
	js.CopyBytesToJS(data, buf.Bytes())
	blob := js.Global().Get("Blob").New([]any{data}, map[string]any{"type": "image/png"})
	u := js.Global().Get("URL").Call("createObjectURL", blob)
	a := js.Global().Get("document").Call("createElement", "a")
	a.Set("href", u)
	a.Set("download", path.Base(p))
	a.Call("click")
	js.Global().Get("URL").Call("revokeObjectURL", u)
	return nil
}

// pageGame is the ebiten game of the page: the viewer, actions from the
// page run between its frames, and the timing the page shows.
type pageGame struct {
	app   *live.App
	api   js.Value
	posts chan func()
	src   *remoteSource // the run shown, for its transfer figures
	first bool          // no run started yet
	note  string        // the last refusal of a page's action

	lastDraw   time.Time
	frameMs    []float64 // wall time between the last frames drawn, ms
	drawMs     []float64 // time of the last Draws, ms
	lastStatus time.Time
	pace       []pacePoint // recent simulated time against wall time
	scenario   string
}

type pacePoint struct {
	wall  time.Time
	simMs float64
}

// start starts a run in a Web Worker (the App's StartFunc). The first
// waits for the run's first snapshot, so that the page shows "starting"
// until there is something to draw.
func (g *pageGame) start(sc scenarios.Scenario, speed float64, timed []live.Timed) (live.Source, error) {
	r, err := startRemote(sc, speed, timed)
	if err != nil {
		return nil, err
	}
	g.src = r
	if g.first {
		g.first = false
		select {
		case <-r.first:
		case <-time.After(firstSnapshotWait):
		}
	}
	return r, nil
}

// do checks action and runs it at the next frame.
func (g *pageGame) do(action string) string {
	if err := checkPageAction(action); err != nil {
		return err.Error()
	}
	return g.post(func() error { return g.app.Do(action) })
}

// load reads an uploaded scenario and runs it at the next frame; it
// returns the loader's error as `simulate` prints it (file, line, key,
// allowed range), or "".
func (g *pageGame) load(text, file string) string {
	sc, err := scenarios.Parse([]byte(text), file)
	if err == nil {
		err = session.CheckLive(sc)
	}
	if err != nil {
		return err.Error()
	}
	return g.post(func() error { return g.app.Load(sc) })
}

// post queues f for the game's goroutine.
func (g *pageGame) post(f func() error) string {
	select {
	case g.posts <- func() {
		if err := f(); err != nil {
			g.note = err.Error()
		}
	}:
		return ""
	default:
		return "the viewer is busy; try again"
	}
}

// Update runs the page's actions, then the viewer's frame.
func (g *pageGame) Update() error {
	for pending := true; pending; {
		select {
		case f := <-g.posts:
			f()
		default:
			pending = false
		}
	}
	err := g.app.Update()
	if errors.Is(err, ebiten.Termination) {
		return nil // a page's viewer never ends
	}
	return err
}

// Draw draws the viewer and notes how long frames take.
func (g *pageGame) Draw(screen *ebiten.Image) {
	now := time.Now()
	if !g.lastDraw.IsZero() {
		g.frameMs = keepLast(g.frameMs, float64(now.Sub(g.lastDraw))/float64(time.Millisecond))
	}
	g.lastDraw = now
	g.app.Draw(screen)
	g.drawMs = keepLast(g.drawMs, float64(time.Since(now))/float64(time.Millisecond))
	if now.Sub(g.lastStatus) >= statusEvery {
		g.lastStatus = now
		g.status(now)
	}
}

// Layout sizes the viewer to the page.
func (g *pageGame) Layout(w, h int) (int, int) { return g.app.Layout(w, h) }

// quantiles returns the median and the 95th percentile of xs.
func quantiles(xs []float64) (median, p95 float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2], s[min(len(s)-1, int(0.95*float64(len(s))))]
}

// status renews engram.status: what the viewer shows, the simulated speed
// over the last 10 s of wall time, the frame time and the Draw time over
// the last 120 frames (median and 95th percentile), and the snapshots'
// way from the worker.
func (g *pageGame) status(now time.Time) {
	sn := g.app.Snapshot()
	st := map[string]any{"ready": sn != nil, "frame": g.app.Frame(), "message": g.app.Message(), "error": g.note}
	if sn != nil {
		if sn.Scenario != g.scenario {
			g.scenario, g.pace = sn.Scenario, nil
		}
		g.pace = append(g.pace, pacePoint{now, sn.SimMs})
		for len(g.pace) > 2 && now.Sub(g.pace[0].wall) > 10*time.Second {
			g.pace = g.pace[1:]
		}
		speed := 0.0
		if p0, p1 := g.pace[0], g.pace[len(g.pace)-1]; p1.wall.After(p0.wall) {
			speed = (p1.simMs - p0.simMs) / 1000 / p1.wall.Sub(p0.wall).Seconds()
		}
		ripples, replays := len(sn.LFP.Events), 0
		for _, d := range sn.Brain {
			ripples += d.SWR
			replays += d.Replays
		}
		if sn.Replay != nil && sn.Replay.IsReplay {
			replays++
		}
		st["scenario"], st["phase"], st["day"], st["days"] = sn.Scenario, sn.Phase, sn.Day+1, sn.Days
		st["simMs"], st["paused"], st["speedAsked"], st["achieved"] = sn.SimMs, sn.Paused, sn.Speed, sn.Achieved
		st["simSpeed"], st["nightRipples"], st["ripplesSeen"] = speed, len(sn.LFP.Events), ripples
		st["replay"] = sn.Replay != nil && sn.Replay.IsReplay
		st["notice"], st["modelError"], st["lesioned"], st["mgMM"] = sn.Notice, sn.Err, sn.Lesioned, sn.MgMM
		if sn.Err != "" {
			st["error"] = sn.Err
		}
	}
	fm, fp := quantiles(g.frameMs)
	dm, dp := quantiles(g.drawMs)
	st["frameMedianMs"], st["frameP95Ms"], st["drawMedianMs"], st["drawP95Ms"] = fm, fp, dm, dp
	st["fps"] = ebiten.ActualFPS()
	if g.src != nil {
		t := g.src.transfer()
		st["encodeMs"], st["decodeMs"], st["snapshotBytes"], st["workerStallMs"] = t.EncodeMs, t.DecodeMs, t.Bytes, t.StallMs
		if t.Err != "" {
			st["error"] = t.Err
		}
	}
	g.api.Set("status", js.ValueOf(st))
}
