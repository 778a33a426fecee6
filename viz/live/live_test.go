package live

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"engram/scenarios"
	"engram/session"
	"engram/viz"
)

// The tests run inside one ebiten game (ebiten runs one per process):
// TestMain starts it, and its first Update runs the tests on another
// goroutine. Tests reach the App only through host.do, which runs a
// function on the game's goroutine between frames, and take screenshots
// with host.capture.
var host = &testHost{calls: make(chan func(), 16), shots: make(chan *image.RGBA, 1)}

type testHost struct {
	m       *testing.M
	started bool
	code    int
	done    atomic.Bool
	frames  atomic.Int64

	mu    sync.Mutex
	app   *App
	calls chan func()
	want  atomic.Bool
	shots chan *image.RGBA
}

func (h *testHost) Update() error {
	if !h.started {
		h.started = true
		go func() {
			h.code = h.m.Run()
			h.done.Store(true)
		}()
	}
	if h.done.Load() {
		return ebiten.Termination
	}
	for pending := true; pending; {
		select {
		case f := <-h.calls:
			f()
		default:
			pending = false
		}
	}
	if h.app != nil {
		if err := h.app.Update(); err != nil && !errors.Is(err, ebiten.Termination) {
			panic(err)
		}
	}
	h.frames.Add(1)
	return nil
}

func (h *testHost) Draw(screen *ebiten.Image) {
	if h.app == nil {
		return
	}
	h.app.Draw(screen)
	if h.want.Load() {
		h.want.Store(false)
		img := image.NewRGBA(screen.Bounds())
		screen.ReadPixels(img.Pix)
		h.shots <- img
	}
}

func (h *testHost) Layout(w, hh int) (int, int) {
	if h.app != nil {
		return h.app.Layout(1280, 800)
	}
	return 1280, 800
}

// do runs f on the game's goroutine and waits for it.
func (h *testHost) do(f func()) {
	done := make(chan struct{})
	h.calls <- func() { f(); close(done) }
	<-done
}

// capture returns the next frame drawn.
func (h *testHost) capture() *image.RGBA {
	h.want.Store(true)
	return <-h.shots
}

// waitFrames lets n frames pass.
func (h *testHost) waitFrames(n int64) {
	end := h.frames.Load() + n
	for h.frames.Load() < end {
		time.Sleep(2 * time.Millisecond)
	}
}

// snapshot returns what the app shows.
func (h *testHost) snapshot() *session.Snapshot {
	var sn *session.Snapshot
	h.do(func() { sn = h.app.Snapshot() })
	return sn
}

// waitFor polls the shown snapshot until ok, failing after limit.
func (h *testHost) waitFor(t *testing.T, what string, limit time.Duration, ok func(*session.Snapshot) bool) *session.Snapshot {
	t.Helper()
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		if sn := h.snapshot(); ok(sn) {
			return sn
		}
		h.waitFrames(2)
	}
	sn := h.snapshot()
	t.Fatalf("%s: not within %v (phase %s at %.0f ms, notice %q)", what, limit, sn.Phase, sn.SimMs, sn.Notice)
	return nil
}

func TestMain(m *testing.M) {
	host.m = m
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetVsyncEnabled(false)
	if err := ebiten.RunGame(host); err != nil {
		panic(err)
	}
	os.Exit(host.code)
}

// count returns the pixels of img in r equal to c, and those that differ
// from the panel's fill.
func count(img *image.RGBA, r image.Rectangle, c color.RGBA) (same, content int) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := img.RGBAAt(x, y)
			if p == c {
				same++
			}
			if p != panelFill {
				content++
			}
		}
	}
	return same, content
}

// TestLive drives the viewer through the default scenario with the
// actions a student would use: a scripted switch to sleep shows a
// sharp-wave ripple shaded on the field potential and the decoded replay
// of the day's route; pause stops simulated time; the [Mg²⁺] action
// changes the network's value; after the first day every panel shows
// data.
func TestLive(t *testing.T) {
	if testing.Short() {
		t.Skip("lives one simulated day (~20 s)")
	}
	sc, err := scenarios.Load(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	cues, err := session.ParseScript("sleep@1.2s")
	if err != nil {
		t.Fatal(err)
	}
	var app *App
	host.do(func() {
		app, err = NewApp(Options{Scenario: sc, Speed: 0, Script: cues})
		host.app = app
	})
	if err != nil {
		t.Fatal(err)
	}
	defer host.do(func() { app.Close(); host.app = nil })

	sn := host.waitFor(t, "a decoded replay", 120*time.Second, func(s *session.Snapshot) bool {
		return s.Replay != nil && s.Replay.IsReplay
	})
	if sn.Phase != "sleep" || sn.SimMs < 1200 {
		t.Errorf("replay shown in phase %s at %.0f ms, want sleep after the switch at 1200 ms", sn.Phase, sn.SimMs)
	}
	host.do(func() { err = app.Do("pause") })
	if err != nil {
		t.Fatal(err)
	}
	paused := host.waitFor(t, "pause", 10*time.Second, func(s *session.Snapshot) bool { return s.Paused })
	img := host.capture()
	lay := newLayout(1280, 800)
	shade := shadeSWROnPanel
	if n, _ := count(img, inner(lay.panel[pLFP]), shade); n < 50 {
		t.Errorf("LFP panel: %d pixels of ripple shading, want a shaded event (events %v)", n, paused.LFP.Events)
	}
	positions := 0
	for k := range paused.Layout.EpisodeLen {
		if n, _ := count(img, inner(lay.panel[pReplay]), rgba(viz.PositionColor(k, paused.Layout.EpisodeLen))); n > 10 {
			positions++
		}
	}
	if positions < 3 || len(paused.Replay.Sequence) == 0 {
		t.Errorf("decoder strip shows %d route positions (sequence %v, decoded %v), want ≥ 3 of a replay",
			positions, paused.Replay.Sequence, paused.Replay.Decoded)
	}

	host.waitFrames(30)
	if again := host.snapshot(); again.SimMs != paused.SimMs {
		t.Errorf("paused, simulated time went on: %.2f → %.2f ms", paused.SimMs, again.SimMs)
	}
	host.do(func() { err = app.Do("mg=0.5") })
	if err != nil {
		t.Fatal(err)
	}
	host.waitFor(t, "[Mg²⁺] 0.5 mM", 10*time.Second, func(s *session.Snapshot) bool { return s.MgMM == 0.5 })
	for _, bad := range []string{"mg=7", "scrub=2s", "mode=dream", "fly"} {
		host.do(func() { err = app.Do(bad) })
		if err == nil {
			t.Errorf("Do(%q): no error", bad)
		}
	}

	host.do(func() { err = app.Do("resume") })
	if err != nil {
		t.Fatal(err)
	}
	host.waitFor(t, "the first day's recall on both sides", 180*time.Second, func(s *session.Snapshot) bool {
		return len(s.Brain) > 0 && s.ANN != nil && s.ANN.Days > 0
	})
	host.waitFrames(3)
	img = host.capture()
	for id := range nPanels {
		r := inner(lay.panel[id])
		_, content := count(img, r, panelFill)
		if frac := float64(content) / float64(r.Dx()*r.Dy()); frac < 0.02 {
			t.Errorf("panel %q: %.1f%% of its pixels drawn, want ≥ 2%%", panelInfo[id].title, 100*frac)
		}
	}
	if t.Failed() {
		if f, err := os.Create("live_test_failure.png"); err == nil {
			png.Encode(f, img)
			f.Close()
			t.Log("screen saved to live_test_failure.png")
		}
	}
	var st Stats
	host.do(func() { st = app.Stats() })
	t.Logf("%v", st)
	if !strings.Contains(st.String(), "Draw median") || !(st.DrawsPerSecond > 0) {
		t.Errorf("stats %q: want Draw's timing and a positive draw rate", st)
	}
}

// gatedSource is a local run whose snapshots stay hidden until open: a
// run stepped elsewhere that has not yet sent its first.
type gatedSource struct {
	Source
	open *atomic.Bool
}

func (g gatedSource) Snapshot() *session.Snapshot {
	if !g.open.Load() {
		return nil
	}
	return g.Source.Snapshot()
}

// TestSource drives a viewer whose runs start elsewhere: it draws a
// starting screen and counts no frame until the first snapshot arrives,
// keeps showing the old run after Load until the new one's first
// snapshot, and, in a page, neither quits nor writes files: screenshots go
// to SaveShot.
func TestSource(t *testing.T) {
	var open atomic.Bool
	var started []string
	start := func(sc scenarios.Scenario, speed float64, timed []Timed) (Source, error) {
		src, err := StartLocal(sc, speed, timed)
		started = append(started, sc.Name)
		return gatedSource{src, &open}, err
	}
	var shots []string
	var shotSize image.Point
	save := func(img *image.RGBA, path string) error {
		shots, shotSize = append(shots, path), img.Bounds().Size()
		return nil
	}
	first, err := scenarios.Load(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	second, err := scenarios.Load("lesion")
	if err != nil {
		t.Fatal(err)
	}
	var app *App
	host.do(func() {
		app, err = NewApp(Options{Scenario: first, Speed: 0.1, Start: start, SaveShot: save, InPage: true})
		host.app = app
	})
	if err != nil {
		t.Fatal(err)
	}
	defer host.do(func() { app.Close(); host.app = nil })
	host.waitFrames(5)
	img := host.capture()
	var sn *session.Snapshot
	var frame int
	host.do(func() { sn, frame = app.Snapshot(), app.Frame() })
	if sn != nil || frame != 0 {
		t.Errorf("before the first snapshot: view %v, frame %d; want none and 0", sn, frame)
	}
	if _, content := count(img, image.Rect(0, 0, 1280, 40), background); content == 0 {
		t.Error("the starting screen is empty")
	}
	open.Store(true)
	host.waitFor(t, "the first snapshot", 30*time.Second, func(s *session.Snapshot) bool { return s != nil && s.Scenario == first.Name })

	open.Store(false)
	host.do(func() { err = app.Load(second) })
	if err != nil {
		t.Fatal(err)
	}
	host.waitFrames(5)
	if sn = host.snapshot(); sn == nil || sn.Scenario != first.Name {
		t.Errorf("after Load, before the new run's first snapshot, the view shows %v; want the old run", sn)
	}
	open.Store(true)
	host.waitFor(t, "the new run", 30*time.Second, func(s *session.Snapshot) bool { return s.Scenario == second.Name })
	if len(started) != 2 || started[1] != second.Name {
		t.Errorf("runs started: %v", started)
	}

	host.do(func() { err = app.Do("quit") })
	host.waitFrames(3)
	var msg string
	host.do(func() { msg = app.Message() })
	if err != nil || host.app != app || !strings.Contains(msg, "close the page") {
		t.Errorf("quit in a page: %v, message %q", err, msg)
	}
	host.do(func() { err = app.Do("screenshot=page.png") })
	host.waitFrames(3)
	var saved []string
	var size image.Point
	host.do(func() { saved, size = slices.Clone(shots), shotSize }) // written by Draw, on the game's goroutine
	if err != nil || len(saved) != 1 || saved[0] != "page.png" || size != image.Pt(1280, 800) {
		t.Errorf("screenshot in a page: %v, shots %v of %v", err, saved, size)
	}
}

// TestNextSpeed: the speed keys step along 1, 2, 5 × 10ⁿ from the
// session's lowest speed to its highest and back, and every step is a
// speed the session accepts.
func TestNextSpeed(t *testing.T) {
	want := []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10}
	if want[0] != session.MinSpeed || want[len(want)-1] != session.MaxSpeed {
		t.Fatalf("the ladder assumes speeds %v … %v; the session allows %v … %v", want[0], want[len(want)-1], session.MinSpeed, session.MaxSpeed)
	}
	var up []float64
	for s := session.MinSpeed; ; s = nextSpeed(s, 1) {
		up = append(up, s)
		if _, err := session.ParseCommand("speed=" + strconv.FormatFloat(s, 'g', -1, 64)); err != nil {
			t.Error(err)
		}
		if s >= session.MaxSpeed || len(up) > 20 {
			break
		}
	}
	if !slices.Equal(up, want) {
		t.Errorf("up: %v, want %v", up, want)
	}
	var down []float64
	for s := session.MaxSpeed; ; s = nextSpeed(s, -1) {
		down = append(down, s)
		if s <= session.MinSpeed || len(down) > 20 {
			break
		}
	}
	slices.Reverse(down)
	if !slices.Equal(down, want) {
		t.Errorf("down: %v, want %v (reversed)", down, want)
	}
}
