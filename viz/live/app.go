package live

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"engram/ann"
	"engram/scenarios"
	"engram/session"
)

// historyLen is how many snapshots the rewind ring keeps (≈ 10 s at 60
// snapshots per second).
const historyLen = 600

// Options configure an App.
type Options struct {
	// Scenario is the scenario to run first (model "day-night").
	Scenario scenarios.Scenario
	// Speed is the starting pace, simulated s per wall s (0: as fast as
	// possible).
	Speed float64
	// Script lists timed actions (session.ParseScript); actions are
	// those of App.Do.
	Script []session.Cue
	// Frames, when > 0, ends the viewer after that many frames, once the
	// Screenshot (if any) is written.
	Frames int
	// Screenshot is the PNG written after Frames frames ("" : none).
	Screenshot string
	// ShotDir is where the Shot button and the P key save PNGs.
	ShotDir string
	// Start starts the run of a scenario (nil: StartLocal).
	Start StartFunc
	// SaveShot saves a screenshot named path (nil: a PNG file at path).
	SaveShot func(img *image.RGBA, path string) error
	// InPage reports that the viewer is part of a web page: Esc and quit
	// do not end it.
	InPage bool
}

// Source is the run a viewer shows: a session.Session stepped on a
// goroutine of this process (StartLocal) or one stepped elsewhere, such as
// a browser page's Web Worker.
type Source interface {
	// Do queues a command; it reports false when the command was dropped.
	Do(session.Command) bool
	// Snapshot returns the latest snapshot, or nil before the first.
	Snapshot() *session.Snapshot
	// Stop ends the run and releases what it holds.
	Stop()
}

// Timed is a session command due at a simulated time.
type Timed struct {
	// AtMs is the simulated time, ms.
	AtMs    float64
	Command session.Command
}

// A StartFunc starts a run of scenario sc (model "day-night") at speed
// simulated s per wall s (0: as fast as possible), with the commands
// timed scheduled at their simulated times.
type StartFunc func(sc scenarios.Scenario, speed float64, timed []Timed) (Source, error)

// StartLocal starts sc in a session.Session stepped on a new goroutine.
func StartLocal(sc scenarios.Scenario, speed float64, timed []Timed) (Source, error) {
	s, err := session.New(sc)
	if err != nil {
		return nil, err
	}
	s.Do(session.Command{Op: session.OpSpeed, Value: speed})
	for _, t := range timed {
		s.At(t.AtMs, t.Command)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &localSource{Session: s, cancel: cancel, done: make(chan error, 1)}
	go func() { l.done <- s.Run(ctx) }()
	return l, nil
}

// localSource is a Session stepped on a goroutine of its own.
type localSource struct {
	*session.Session
	cancel context.CancelFunc
	done   chan error
}

// Stop cancels the run, waits for it to return and releases the brain.
func (l *localSource) Stop() {
	l.cancel()
	<-l.done
	l.Session.Close()
}

// App is the viewer: an ebiten.Game that shows a live Session.
type App struct {
	opt          Options
	src          Source
	scenarioName string
	queue        []session.Cue // script cues not yet run

	history []*session.Snapshot // oldest first
	scrub   int                 // snapshots back from the latest (0: live)
	view    *session.Snapshot   // what Draw shows (nil before the first snapshot)

	lay      layout
	ws       []widget
	dragging int // index of the slider being dragged, −1: none
	cursor   image.Point
	moved    bool
	help     bool
	annMode  int
	frame    int
	message  string // the viewer's own notice (screenshots, errors)

	quit       bool     // end at the next Update
	shots      []string // screenshots Draw must write
	shotErr    error
	wroteFinal bool

	updateDur, drawDur []time.Duration
	startSim           float64
	startWall          time.Time
	startDraws         int // len(drawDur) at startWall
	draw               drawCache
}

// NewApp starts a session for opt.Scenario.
func NewApp(opt Options) (*App, error) {
	if opt.Start == nil {
		opt.Start = StartLocal
	}
	a := &App{opt: opt, dragging: -1, lay: newLayout(1280, 800)}
	if err := a.load(opt.Scenario); err != nil {
		return nil, err
	}
	a.queue = slices.Clone(opt.Script)
	return a, nil
}

// load replaces the running session with one of sc. Until the new run's
// first snapshot arrives, the view stays as it was.
func (a *App) load(sc scenarios.Scenario) error {
	var timed []Timed
	for _, c := range a.opt.Script {
		if !c.Frames {
			if cmd, err := session.ParseCommand(c.Action); err == nil {
				timed = append(timed, Timed{c.AtMs, cmd})
			}
		}
	}
	s, err := a.opt.Start(sc, a.opt.Speed, timed)
	if err != nil {
		return err
	}
	a.stop()
	a.src, a.scenarioName = s, sc.Name
	a.history, a.scrub = nil, 0
	if sn := s.Snapshot(); sn != nil {
		a.view = sn
	}
	return nil
}

// Load replaces the running session with one of sc (model "day-night");
// call it from Update's goroutine (the game's).
func (a *App) Load(sc scenarios.Scenario) error {
	if err := a.load(sc); err != nil {
		return err
	}
	a.message = "scenario " + sc.Name
	return nil
}

// stop ends the running session, if any.
func (a *App) stop() {
	if a.src == nil {
		return
	}
	a.src.Stop()
	a.src = nil
}

// Close stops the simulation.
func (a *App) Close() { a.stop() }

// Snapshot returns the snapshot the viewer shows.
func (a *App) Snapshot() *session.Snapshot { return a.view }

// Frame returns the number of frames updated so far.
func (a *App) Frame() int { return a.frame }

// Message returns the viewer's own notice (a screenshot saved, an action
// refused), "" when there is none.
func (a *App) Message() string { return a.message }

// viewActions are the actions of the viewer itself (the rest are session
// commands, session.ParseCommand).
var viewActions = []string{"screenshot", "help", "scrub", "live", "scenario", "mode", "quit"}

// CheckAction reports whether Do can run action, before any window opens:
// a viewer action with a valid argument (a scenario that loads and runs
// live, a Transformer mode, seconds to rewind, a screenshot file in an
// existing folder) or a valid session command.
func CheckAction(action string) error {
	name, arg, hasArg := strings.Cut(strings.TrimSpace(action), "=")
	switch name {
	case "help", "live", "quit":
		if hasArg {
			return fmt.Errorf("%s takes no value", name)
		}
		return nil
	case "screenshot":
		if arg == "" {
			return nil
		}
		return checkShotPath(arg)
	case "scrub":
		if _, err := scrubSeconds(arg); err != nil {
			return err
		}
		return nil
	case "scenario":
		if arg == "next" {
			return nil
		}
		sc, err := scenarios.Load(arg)
		if err == nil {
			err = session.CheckLive(sc)
		}
		if err != nil {
			return fmt.Errorf("scenario=%s: %v", arg, err)
		}
		return nil
	case "mode":
		if arg == "" || arg == "next" {
			return nil
		}
		if _, err := ann.ParseMode(arg); err != nil {
			return fmt.Errorf("mode=%s: not a Transformer mode; want none, finetune, replay, rag or next", arg)
		}
		return nil
	}
	_, err := session.ParseCommand(action)
	return err
}

// checkShotPath reports whether a screenshot can be written to p: a .png
// file in a folder that exists (none is created).
func checkShotPath(p string) error {
	if !strings.HasSuffix(strings.ToLower(p), ".png") {
		return fmt.Errorf("screenshot %s: want a .png file", p)
	}
	if st, err := os.Stat(filepath.Dir(p)); err != nil || !st.IsDir() {
		return fmt.Errorf("screenshot %s: the folder %s does not exist", p, filepath.Dir(p))
	}
	return nil
}

// scrubSeconds reads the argument of scrub, "-2s" or "-2": seconds back, ≤ 0.
func scrubSeconds(arg string) (float64, error) {
	sec, err := strconv.ParseFloat(strings.TrimSuffix(arg, "s"), 64)
	if err != nil || !(sec <= 0) || math.IsInf(sec, 0) {
		return 0, fmt.Errorf("scrub=%s: want seconds back, ≤ 0 (e.g. scrub=-2s)", arg)
	}
	return sec, nil
}

// Do runs one action: a session command (session.ParseCommand: pause,
// resume, toggle, step, speed=X, sleep, wake, lesion, mg=X, alpha=X) or
// one of the viewer's: screenshot[=FILE], help, scrub=-Xs, live,
// scenario=NAME|next, mode=NAME|next (the Transformer mode shown), quit.
func (a *App) Do(action string) error {
	name, arg, _ := strings.Cut(strings.TrimSpace(action), "=")
	switch name {
	case "screenshot":
		if arg == "" {
			arg = filepath.Join(a.opt.ShotDir, fmt.Sprintf("engram-%s-%06d.png", a.scenarioName, a.frame))
		}
		a.shots = append(a.shots, arg)
		return nil
	case "help":
		a.help = !a.help
		return nil
	case "live":
		a.scrub = 0
		return nil
	case "scrub":
		sec, err := scrubSeconds(arg)
		if err != nil {
			return err
		}
		a.src.Do(session.Command{Op: session.OpPause})
		a.scrub = a.scrubTo(-sec)
		return nil
	case "scenario":
		names := session.LiveScenarios()
		if arg == "next" {
			k := slices.Index(names, a.scenarioName)
			arg = names[(k+1)%len(names)]
		}
		sc, err := scenarios.Load(arg)
		if err != nil {
			return err
		}
		return a.Load(sc)
	case "mode":
		n := 4
		if v := a.view.ANN; v != nil {
			n = len(v.Modes)
		}
		if arg == "next" || arg == "" {
			a.annMode = (a.annMode + 1) % max(1, n)
			return nil
		}
		if v := a.view.ANN; v != nil {
			for k, m := range v.Modes {
				if string(m) == arg {
					a.annMode = k
					return nil
				}
			}
		}
		return fmt.Errorf("mode=%s: not a mode of this run", arg)
	case "quit":
		if a.opt.InPage {
			a.message = "quit: close the page to leave"
			return nil
		}
		a.quit = true // after the frame in progress is drawn (and any screenshot written)
		return nil
	}
	c, err := session.ParseCommand(action)
	if err != nil {
		return err
	}
	if !a.src.Do(c) {
		return fmt.Errorf("%s: the simulation is busy; try again", action)
	}
	return nil
}

// historySeconds returns the simulated time the rewind ring spans.
func (a *App) historySeconds() float64 {
	if len(a.history) < 2 {
		return 0
	}
	return (a.history[len(a.history)-1].SimMs - a.history[0].SimMs) / 1000
}

// scrubSeconds returns how far back the view is, simulated s.
func (a *App) scrubSeconds() float64 {
	if a.scrub == 0 || len(a.history) == 0 {
		return 0
	}
	return (a.history[len(a.history)-1].SimMs - a.view.SimMs) / 1000
}

// scrubTo returns the ring offset of the snapshot sec simulated seconds
// before the latest.
func (a *App) scrubTo(sec float64) int {
	if len(a.history) == 0 {
		return 0
	}
	last := a.history[len(a.history)-1].SimMs
	for k := len(a.history) - 1; k >= 0; k-- {
		if last-a.history[k].SimMs >= sec*1000 {
			return len(a.history) - 1 - k
		}
	}
	return len(a.history) - 1
}

// Update reads input, runs due script cues and takes the latest snapshot.
func (a *App) Update() error {
	t0 := time.Now()
	defer func() { a.updateDur = append(a.updateDur, time.Since(t0)) }()
	if a.shotErr != nil {
		return fmt.Errorf("screenshot: %w", a.shotErr)
	}
	if a.quit && len(a.shots) == 0 {
		return ebiten.Termination
	}
	if a.view == nil { // nothing to show or act on before the first snapshot
		if a.view = a.src.Snapshot(); a.view == nil {
			return nil
		}
	}
	a.frame++
	if err := a.runCues(); err != nil {
		return err
	}
	if err := a.input(); err != nil {
		return err
	}
	if sn := a.src.Snapshot(); sn != nil && (len(a.history) == 0 || sn != a.history[len(a.history)-1]) {
		a.history = append(a.history, sn)
		if len(a.history) > historyLen {
			a.history = slices.Delete(a.history, 0, len(a.history)-historyLen)
		}
	}
	if len(a.history) > 0 { // else a new run has not sent its first snapshot: keep the view
		a.scrub = min(a.scrub, len(a.history)-1)
		a.view = a.history[len(a.history)-1-a.scrub]
	}
	if a.frame == 1 { // the speed is measured while the window draws
		a.startSim, a.startWall, a.startDraws = a.view.SimMs, time.Now(), len(a.drawDur)
	}
	a.ws = a.widgets(a.lay.panel[pControls])
	if a.opt.Frames > 0 && a.frame > a.opt.Frames && len(a.shots) == 0 && a.wroteFinal {
		return ebiten.Termination
	}
	if a.opt.Frames > 0 && a.frame == a.opt.Frames && a.opt.Screenshot != "" {
		a.shots = append(a.shots, a.opt.Screenshot)
	}
	if a.opt.Frames > 0 && a.frame == a.opt.Frames {
		a.wroteFinal = true
	}
	return nil
}

// runCues runs the script's cues that are due: frame cues of any kind,
// and viewer actions timed in simulated time (session commands timed in
// simulated time were handed to the session by load, which applies them
// at the exact simulated millisecond).
func (a *App) runCues() error {
	rest := a.queue[:0]
	for _, c := range a.queue {
		_, notCmd := session.ParseCommand(c.Action)
		var due bool
		switch {
		case c.Frames:
			due = a.frame >= c.AtFrame
		case notCmd == nil:
			continue
		default:
			due = a.view != nil && a.view.SimMs >= c.AtMs
		}
		if !due {
			rest = append(rest, c)
			continue
		}
		if err := a.Do(c.Action); err != nil {
			if errors.Is(err, ebiten.Termination) {
				return ebiten.Termination
			}
			return fmt.Errorf("script %s: %w", c.Action, err)
		}
	}
	a.queue = rest
	return nil
}

// input turns keys, clicks and drags into actions.
func (a *App) input() error {
	x, y := ebiten.CursorPosition()
	if a.frame > 1 && image.Pt(x, y) != a.cursor {
		a.moved = true // tooltips only once the mouse has moved
	}
	a.cursor = image.Pt(x, y)
	keys := []struct {
		k      ebiten.Key
		action string
	}{
		{ebiten.KeySpace, "toggle"}, {ebiten.KeyN, "step"}, {ebiten.KeyL, "lesion"}, {ebiten.KeyM, "speed=max"},
		{ebiten.KeyH, "help"}, {ebiten.KeyF1, "help"}, {ebiten.KeyP, "screenshot"}, {ebiten.KeyTab, "scenario=next"},
		{ebiten.KeyA, "mode=next"}, {ebiten.KeyHome, "live"}, {ebiten.KeyEscape, "quit"},
	}
	sn := a.view
	act := func(s string) {
		if err := a.Do(s); err != nil {
			a.message = err.Error()
		}
	}
	for _, k := range keys {
		if inpututil.IsKeyJustPressed(k.k) {
			if k.k == ebiten.KeyEscape && a.help {
				a.help = false
				continue
			}
			if k.action == "quit" && !a.opt.InPage {
				return ebiten.Termination
			}
			act(k.action)
		}
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyS) {
		act(map[bool]string{true: "wake", false: "sleep"}[sn.Phase == "sleep"])
	}
	step := func(k ebiten.Key, f func() string) {
		if inpututil.IsKeyJustPressed(k) {
			act(f())
		}
	}
	speed := sn.Speed
	if speed == 0 {
		speed = session.MaxSpeed
	}
	step(ebiten.KeyEqual, func() string { return fmt.Sprintf("speed=%g", nextSpeed(speed, 1)) })
	step(ebiten.KeyKPAdd, func() string { return fmt.Sprintf("speed=%g", nextSpeed(speed, 1)) })
	step(ebiten.KeyMinus, func() string { return fmt.Sprintf("speed=%g", nextSpeed(speed, -1)) })
	step(ebiten.KeyKPSubtract, func() string { return fmt.Sprintf("speed=%g", nextSpeed(speed, -1)) })
	step(ebiten.KeyBracketRight, func() string { return fmt.Sprintf("mg=%g", math.Min(session.MaxLiveMgMM, sn.MgMM+0.25)) })
	step(ebiten.KeyBracketLeft, func() string { return fmt.Sprintf("mg=%g", math.Max(0, sn.MgMM-0.25)) })
	step(ebiten.KeyPeriod, func() string { return fmt.Sprintf("alpha=%g", math.Min(session.MaxLiveAlpha, sn.Alpha+1)) })
	step(ebiten.KeyComma, func() string { return fmt.Sprintf("alpha=%g", math.Max(session.MinLiveAlpha, sn.Alpha-1)) })
	if inpututil.IsKeyJustPressed(ebiten.KeyArrowLeft) {
		act(fmt.Sprintf("scrub=%gs", -(a.scrubSeconds() + 0.25)))
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyArrowRight) {
		if b := a.scrubSeconds() - 0.25; b > 0 {
			act(fmt.Sprintf("scrub=%gs", -b))
		} else {
			act("live")
		}
	}

	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		for k, w := range a.ws {
			if a.cursor.In(w.rect) {
				if w.slider {
					a.dragging = k
				} else {
					act(w.act)
				}
			}
		}
	}
	if a.dragging >= 0 && a.dragging < len(a.ws) {
		w := a.ws[a.dragging]
		if v := w.sliderValue(x); ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
			if math.Abs(v-w.value) > 1e-9 {
				act(w.set(v))
			}
		} else {
			a.dragging = -1
		}
	}
	return nil
}

// nextSpeed steps the speed along 1, 2, 5 × 10ⁿ (0.01, 0.02, 0.05, 0.1,
// …) within session.MinSpeed … MaxSpeed.
func nextSpeed(s float64, dir int) float64 {
	if dir > 0 {
		for _, v := range speedSteps() {
			if v > s*1.001 {
				return v
			}
		}
		return session.MaxSpeed
	}
	steps := speedSteps()
	for k := len(steps) - 1; k >= 0; k-- {
		if steps[k] < s*0.999 {
			return steps[k]
		}
	}
	return session.MinSpeed
}

// speedSteps lists the speeds of the speed keys: MinSpeed, then 1, 2, 5 ×
// 10ⁿ above it, then MaxSpeed.
func speedSteps() []float64 {
	steps := []float64{session.MinSpeed}
	for e := math.Floor(math.Log10(session.MinSpeed)); ; e++ {
		for _, m := range []float64{1, 2, 5} {
			v, _ := strconv.ParseFloat(fmt.Sprintf("%ge%g", m, e), 64)
			if v >= session.MaxSpeed {
				return append(steps, session.MaxSpeed)
			}
			if v > session.MinSpeed {
				steps = append(steps, v)
			}
		}
	}
}

// Layout makes the screen the window's size; the panels follow it.
func (a *App) Layout(w, h int) (int, int) {
	w, h = max(w, 960), max(h, 640)
	if a.lay.w != w || a.lay.h != h {
		a.lay = newLayout(w, h)
	}
	return w, h
}

// Draw draws the latest snapshot. It changes nothing but the screen and,
// when asked, writes a screenshot of it.
func (a *App) Draw(screen *ebiten.Image) {
	if a.view == nil {
		screen.Fill(background)
		drawText(screen, "Engram · starting "+a.scenarioName+" …", 10, 8, large, true, textColor)
		return
	}
	t0 := time.Now()
	a.drawAll(screen)
	a.drawDur = append(a.drawDur, time.Since(t0))
	for _, path := range a.shots {
		b := screen.Bounds()
		img := image.NewRGBA(b)
		screen.ReadPixels(img.Pix)
		save := savePNG
		if a.opt.SaveShot != nil {
			save = a.opt.SaveShot
		}
		if err := save(img, path); err != nil {
			a.shotErr = err
		} else {
			a.message = "saved " + path
		}
	}
	a.shots = a.shots[:0]
}

// savePNG writes img to path through a temporary file.
func savePNG(img *image.RGBA, path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// Stats summarises the run of the viewer: median and 95th percentile of
// Update and Draw, frames, and the simulated speed achieved.
type Stats struct {
	// Frames counts Updates (60 a second); DrawsPerSecond is how many of
	// them were drawn, per wall second (ebiten runs several Updates per
	// drawn frame when drawing falls behind).
	Frames                  int
	DrawsPerSecond          float64
	UpdateMedian, UpdateP95 time.Duration
	DrawMedian, DrawP95     time.Duration
	SimSeconds, WallSeconds float64
	SimPerWall              float64
	Scenario, Phase         string
	DaysDone                int
}

// Stats returns the viewer's timing so far.
func (a *App) Stats() Stats {
	q := func(d []time.Duration, p float64) time.Duration {
		if len(d) == 0 {
			return 0
		}
		s := slices.Clone(d)
		slices.Sort(s)
		return s[min(len(s)-1, int(p*float64(len(s))))]
	}
	st := Stats{Frames: a.frame, UpdateMedian: q(a.updateDur, 0.5), UpdateP95: q(a.updateDur, 0.95),
		DrawMedian: q(a.drawDur, 0.5), DrawP95: q(a.drawDur, 0.95), Scenario: a.scenarioName}
	if a.view != nil {
		st.SimSeconds = (a.view.SimMs - a.startSim) / 1000
		st.Phase = a.view.Phase
		st.DaysDone = len(a.view.Brain)
	}
	if !a.startWall.IsZero() {
		st.WallSeconds = time.Since(a.startWall).Seconds()
	}
	if st.WallSeconds > 0 {
		st.SimPerWall = st.SimSeconds / st.WallSeconds
		st.DrawsPerSecond = float64(len(a.drawDur)-a.startDraws) / st.WallSeconds
	}
	return st
}

// String prints the stats as the -stats flag shows them.
func (s Stats) String() string {
	return fmt.Sprintf("frames %d, drawn %.0f per s; Update median %.2f ms, p95 %.2f ms; Draw median %.2f ms, p95 %.2f ms; "+
		"simulated %.2f s in %.2f s wall = %.2f× real time (scenario %s, phase %s, %d days done)",
		s.Frames, s.DrawsPerSecond, ms(s.UpdateMedian), ms(s.UpdateP95), ms(s.DrawMedian), ms(s.DrawP95),
		s.SimSeconds, s.WallSeconds, s.SimPerWall, s.Scenario, s.Phase, s.DaysDone)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
