package session

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"engram/ann"
	"engram/brain"
	"engram/hippocampus"
	"engram/hippocampus/swr"
	"engram/scenarios"
	"engram/sim"
	"engram/task"
)

// Live pacing and windows.
const (
	// RasterWindowMs is the simulated time a Snapshot's raster spans.
	RasterWindowMs = 1000.0
	// LFPWindowMs is the simulated time a Snapshot's LFP spans.
	LFPWindowMs = 2000.0
	// analyzeEveryMs is how often, in simulated time, the night so far is
	// analysed for sharp-wave ripples.
	analyzeEveryMs = 250.0
	// publishEvery is the least wall time between two snapshots.
	publishEvery = time.Second / 60
	// catchUpMs is the most simulated time a paced session makes up after
	// falling behind the wall clock, by running as fast as it can until it
	// is back on time: a stall of work that takes no simulated time (the
	// end of a night: pruning and the night's analysis, ≈ 0.2 s). Further
	// behind, it cannot keep up and starts counting again from where it is.
	catchUpMs = 1000.0
)

// Session lives a day-night scenario step by step for a live viewer: it
// drives the same stepper as the batch run (scenarios.DayNight: the brain
// phase by phase, each ANN mode's day once the brain has finished it), so
// a Session and `simulate` give the same numbers while no command changes
// the model. After every simulated millisecond the Session applies waiting
// Commands, paces itself against the wall clock, and publishes a Snapshot
// at most 60 times a wall-second.
//
// Run steps the model on the caller's goroutine; Do, Snapshot and At may
// be called from any goroutine.
type Session struct {
	sc     scenarios.Scenario
	dn     *scenarios.DayNight
	t      *task.Task
	b      *brain.Brain
	layout *Layout

	cmds    chan Command
	latest  atomic.Pointer[Snapshot]
	annView atomic.Pointer[ANNView]
	timedMu sync.Mutex
	timed   []timedCommand

	// Below: owned by the goroutine in Run.
	ctx        context.Context
	speed      float64
	paused     bool
	stepUntil  float64
	anchorWall time.Time
	anchorMs   float64
	lastPub    time.Time
	pace       []pacePoint
	notice     string
	err        string
	done       bool
	every      int64
	steps      int64

	regions    []*liveRegion
	rows       []RasterRow
	raster     []RasterSpike
	lfpRec     *sim.LFPRecorder
	lfp        []float64
	lfpEndMs   float64
	analyzedAt float64
	events     []swr.Event
	replay     *LiveReplay
	onTick     func()
}

type timedCommand struct {
	atMs float64
	c    Command
}

type pacePoint struct {
	wall time.Time
	ms   float64
}

// spikeSource is a population whose spikes the map shows.
type spikeSource interface {
	Spikes() []int32
	Size() int
}

type liveRegion struct {
	name string
	src  spikeSource
	last []float32
	pos  []int8
	row  int // raster row, −1: none
}

// LiveScenarios returns the shipped scenarios a live Session can run
// (model "day-night").
func LiveScenarios() []string {
	var out []string
	for _, n := range scenarios.Shipped() {
		if s, err := scenarios.Load(n); err == nil && s.Model == "day-night" {
			out = append(out, n)
		}
	}
	return out
}

// CheckLive reports whether a live Session can run sc (model "day-night").
func CheckLive(sc scenarios.Scenario) error {
	if sc.Model != "day-night" {
		return fmt.Errorf("%s: model = %q; a live session runs model \"day-night\" (shipped: %s)",
			sc.File, sc.Model, strings.Join(LiveScenarios(), ", "))
	}
	return nil
}

// New builds the brain of a day-night scenario (scenarios.NewDayNight),
// at the start of day 1, paced at real time (speed 1).
func New(sc scenarios.Scenario) (*Session, error) {
	if err := CheckLive(sc); err != nil {
		return nil, err
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", sc.File, err)
	}
	dn, err := scenarios.NewDayNight(sc)
	if err != nil {
		return nil, err
	}
	s := &Session{sc: sc, dn: dn, t: dn.Task, b: dn.Brain, cmds: make(chan Command, 64), speed: 1}
	s.wire()
	s.publish(true)
	return s, nil
}

// wire lays out the map, the raster and the LFP window.
func (s *Session) wire() {
	h, c := s.b.H, s.b.C
	l := &Layout{Task: s.t, Items: slices.Clone(h.Items), EpisodeOf: map[task.Item]int{}, PositionOf: map[task.Item]int{},
		EpisodeLen: s.t.Params.EpisodeLen, Chance: task.ChanceScore(s.t.Params.VocabSize, s.t.Params.EpisodeLen)}
	for _, d := range s.t.Days {
		for _, e := range d.Episodes {
			for k, it := range e.Items {
				l.EpisodeOf[it], l.PositionOf[it] = e.ID, k
			}
		}
	}
	s.layout = l
	pos := func(it task.Item, ok bool) int8 {
		if p, in := l.PositionOf[it]; ok && in {
			return int8(p)
		}
		return -1
	}
	ca3 := func(i int) int8 { return pos(h.ItemOfCA3(i)) }
	add := func(name string, src spikeSource, item func(int) int8, row bool) {
		r := &liveRegion{name: name, src: src, last: make([]float32, src.Size()), pos: make([]int8, src.Size()), row: -1}
		for i := range r.last {
			r.last[i] = -1e9
			r.pos[i] = item(i)
		}
		if row {
			r.row = len(s.rows)
			s.rows = append(s.rows, RasterRow{Name: name, Cells: src.Size()})
		}
		s.regions = append(s.regions, r)
	}
	add("EC", h.EC, ca3, false)
	add("DG", h.DG, ca3, false)
	add("CA3", h.CA3, ca3, true)
	add("CA1", h.CA1, func(i int) int8 { return pos(h.ItemOfCA1(i)) }, false)
	add("cortex", c.E(), func(i int) int8 { return pos(c.ItemOf(i)) }, true)
	s.lfpRec = s.b.Net.RecordLFP(h.CA3, hippocampus.LFPDtMs)
	s.every = max(1, int64(math.Round(1/s.b.Net.Dt())))
	s.b.Net.SetObserver(s.observe)
}

// Do queues a command for the simulation goroutine; it reports false
// when the queue is full (the command is dropped).
func (s *Session) Do(c Command) bool {
	select {
	case s.cmds <- c:
		return true
	default:
		return false
	}
}

// At schedules c for simulated time atMs (applied at the first
// simulated millisecond at or after it).
func (s *Session) At(atMs float64, c Command) {
	s.timedMu.Lock()
	defer s.timedMu.Unlock()
	s.timed = append(s.timed, timedCommand{atMs, c})
	slices.SortStableFunc(s.timed, func(a, b timedCommand) int { return cmp.Compare(a.atMs, b.atMs) })
}

// Snapshot returns the latest snapshot (never nil after NewSession).
func (s *Session) Snapshot() *Snapshot {
	sn := s.latest.Load()
	if av := s.annView.Load(); av != sn.ANN {
		c := *sn
		c.ANN = av
		if s.latest.CompareAndSwap(sn, &c) {
			return &c
		}
		return s.latest.Load()
	}
	return sn
}

// OnTick sets f to be called on Run's goroutine once every simulated
// millisecond, after the session has applied commands, kept pace and
// published. A host with a single thread (a browser's Web Worker, where a
// goroutine that computes never lets the event loop deliver commands)
// hands the thread back there now and then. Set it before Run.
func (s *Session) OnTick(f func()) { s.onTick = f }

// Close releases the brain's network. Call it after Run has returned.
func (s *Session) Close() { s.dn.Close() }

// Run lives the scenario's days until they are done or ctx is cancelled;
// it returns nil when the run is done (the last snapshot's phase is
// "done") and ctx.Err() when cancelled. It starts paused only if a Pause
// command is queued.
func (s *Session) Run(ctx context.Context) error {
	s.ctx = ctx
	s.anchor()
	err := s.dn.Run(ctx, scenarios.DayNightHooks{
		PhaseDone: func() { s.events, s.replay, s.analyzedAt = nil, nil, 0 },
		ANNDay:    s.annDay,
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return s.fail(err)
	}
	s.done = true
	s.publish(true)
	return nil
}

func (s *Session) fail(err error) error {
	s.err = err.Error()
	s.publish(true)
	return err
}

// observe runs after every simulated step: it notes spikes, and every
// simulated millisecond it ticks.
func (s *Session) observe() error {
	now := float32(s.b.Net.TimeMs())
	for _, r := range s.regions {
		for _, c := range r.src.Spikes() {
			r.last[c] = now
			if r.row >= 0 {
				s.raster = append(s.raster, RasterSpike{TMs: now, Row: int16(r.row), Cell: int16(c), Position: r.pos[c]})
			}
		}
	}
	s.steps++
	if s.steps%s.every != 0 {
		return nil
	}
	return s.tick()
}

// tick applies commands, pauses, paces and publishes.
func (s *Session) tick() error {
	simMs := s.b.Net.TimeMs()
	s.drainLFP(simMs)
	if s.b.Phase() == brain.Asleep && simMs-s.analyzedAt >= analyzeEveryMs {
		s.analyze(simMs)
	}
	for drained := false; !drained; {
		select {
		case c := <-s.cmds:
			s.apply(c)
		default:
			drained = true
		}
	}
	s.applyTimed(simMs)
	if s.stepUntil > 0 && simMs >= s.stepUntil {
		s.paused, s.stepUntil = true, 0
	}
	if s.paused && s.b.Phase() == brain.Asleep && s.analyzedAt < simMs {
		s.analyze(simMs) // show the night up to the pause
	}
	for s.paused {
		s.publish(true)
		select {
		case c := <-s.cmds:
			s.apply(c)
		case <-s.ctx.Done():
			return s.ctx.Err()
		}
		if !s.paused {
			s.anchor()
		}
	}
	if s.speed > 0 {
		switch wait, behind := keepPace(simMs-s.anchorMs, time.Since(s.anchorWall), s.speed); {
		case wait > 0:
			s.wait(wait)
		case behind:
			s.anchor()
		}
	}
	s.publish(false)
	if s.onTick != nil {
		s.onTick()
	}
	return nil
}

// keepPace compares simMs of simulated time against wall of wall time at
// speed simulated s per wall s, both counted from the same moment: it
// returns how long to wait to be back on time, or behind = true when the
// simulation is more than catchUpMs late and should start counting anew.
// Less late, it neither waits nor starts anew: it catches up.
func keepPace(simMs float64, wall time.Duration, speed float64) (wait time.Duration, behind bool) {
	ahead := simMs - speed*1000*wall.Seconds()
	if ahead > 0 {
		return time.Duration(ahead / (speed * 1000) * float64(time.Second)), false
	}
	return 0, ahead < -catchUpMs
}

// wait sleeps for d, applying commands that arrive meanwhile; a command
// that changes the pace ends the wait.
func (s *Session) wait(d time.Duration) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case c := <-s.cmds:
			speed, paused := s.speed, s.paused
			s.apply(c)
			if s.speed != speed || s.paused != paused {
				return
			}
		case <-timer.C:
			return
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *Session) anchor() {
	s.anchorWall, s.anchorMs = time.Now(), s.b.Net.TimeMs()
}

func (s *Session) applyTimed(simMs float64) {
	s.timedMu.Lock()
	var due []Command
	for len(s.timed) > 0 && s.timed[0].atMs <= simMs {
		due = append(due, s.timed[0].c)
		s.timed = s.timed[1:]
	}
	s.timedMu.Unlock()
	for _, c := range due {
		s.apply(c)
	}
}

// apply carries out one command on the simulation goroutine.
func (s *Session) apply(c Command) {
	b := s.b
	switch c.Op {
	case OpPause:
		s.paused, s.notice = true, "paused"
	case OpResume:
		s.paused, s.stepUntil, s.notice = false, 0, "running"
	case OpTogglePause:
		s.apply(Command{Op: map[bool]Op{true: OpResume, false: OpPause}[s.paused]})
	case OpStep:
		if s.paused {
			s.paused, s.stepUntil = false, b.Net.TimeMs()+StepMs
			s.notice = fmt.Sprintf("step: %g ms", StepMs)
		} else {
			s.notice = "step: pause first"
		}
	case OpSpeed:
		s.speed = c.Value
		s.anchor()
		s.notice = "speed " + speedText(c.Value)
	case OpSleep:
		if b.Phase() == brain.Awake && s.dn.EndPhase() {
			s.notice = "the day ends early: sleep"
		} else {
			s.notice = "sleep: only from the awake phase (now " + b.Phase().String() + ")"
		}
	case OpWake:
		if b.Phase() == brain.Asleep && s.dn.EndPhase() {
			s.notice = "the night ends early: test, then the next day"
		} else {
			s.notice = "wake: only from sleep (now " + b.Phase().String() + ")"
		}
	case OpLesion:
		if b.H.Lesioned() {
			s.notice = "the hippocampus is already lesioned"
		} else {
			b.H.Lesion()
			s.notice = "hippocampus lesioned"
		}
	case OpMg:
		if err := b.Net.SetMg(c.Value); err != nil {
			s.notice = err.Error()
		} else {
			s.notice = fmt.Sprintf("[Mg²⁺] = %.2f mM", c.Value)
			if !b.P.Cortex.STDP.MgGate {
				s.notice += " (no synapse of this brain learns through the Mg²⁺ gate)"
			}
		}
	case OpAlpha:
		s.dn.SetAlpha(c.Value)
		s.notice = fmt.Sprintf("ANN α = %.2f from its next day", c.Value)
	}
	if c.Op != OpTogglePause {
		s.publish(true)
	}
}

func speedText(v float64) string {
	if v == 0 {
		return "max"
	}
	return fmt.Sprintf("%g×", v)
}

// drainLFP moves the CA3 LFP samples recorded since the last tick into
// the window.
func (s *Session) drainLFP(simMs float64) {
	dt := s.lfpRec.DtMs
	s.lfp = append(s.lfp, s.lfpRec.Samples...)
	s.lfpRec.Samples = s.lfpRec.Samples[:0]
	if n := int(LFPWindowMs / dt); len(s.lfp) > 2*n {
		s.lfp = append(s.lfp[:0], s.lfp[len(s.lfp)-n:]...)
	}
	s.lfpEndMs = math.Floor(simMs/dt+1e-9) * dt
}

// analyze runs the night's sharp-wave-ripple analysis on what has been
// slept so far: the same hippocampus.AnalyzeSleep that fills the day's
// result and swr_events.csv at the end of the night.
func (s *Session) analyze(simMs float64) {
	s.analyzedAt = simMs
	rec := s.b.H.Recording()
	if float64(len(rec.LFPCA3))*hippocampus.LFPDtMs < swr.DefaultDetect().SkipMs+100 {
		return
	}
	st, err := s.b.H.AnalyzeSleep(rec, s.t.Params.ItemMs, s.b.P.Seed+uint64(s.b.DaysDone()))
	if err != nil {
		return
	}
	s.events = st.Detection.Events
	if n := len(st.Events); n > 0 {
		e := st.Events[n-1]
		lr := &LiveReplay{Event: e.Event, BinMs: hippocampus.DecodeBinMs, Decoded: e.Decoded, Rho: e.Replay.Rho,
			P: e.Replay.P, IsReplay: e.IsReplay(), Count: n}
		if q := e.Replay.Sequence; q >= 0 {
			lr.Sequence = rec.Sequences[q]
		}
		s.replay = lr
	}
}

// publish makes a snapshot when forced or when enough wall time passed.
func (s *Session) publish(force bool) {
	now := time.Now()
	if !force && now.Sub(s.lastPub) < publishEvery {
		return
	}
	s.lastPub = now
	b := s.b
	simMs := b.Net.TimeMs()
	s.pace = append(s.pace, pacePoint{now, simMs})
	for len(s.pace) > 2 && now.Sub(s.pace[1].wall) > time.Second {
		s.pace = s.pace[1:]
	}
	sn := &Snapshot{Scenario: s.sc.Name, Description: s.sc.Description, Day: min(b.DaysDone(), len(s.t.Days)-1),
		Days: len(s.t.Days), Phase: b.Phase().String(), SimMs: simMs, Paused: s.paused, Speed: s.speed,
		MgMM: b.Net.Mg(), Alpha: s.dn.Alpha(), MgGated: b.P.Cortex.STDP.MgGate,
		Lesioned: b.H.Lesioned(), Notice: s.notice, Err: s.err, Brain: s.dn.Days(), BrainJoules: b.Net.Energy().Joules,
		ANN: s.annView.Load(), Layout: s.layout, Replay: s.replay}
	if s.done {
		sn.Phase = "done"
	}
	if p0, p1 := s.pace[0], s.pace[len(s.pace)-1]; p1.wall.After(p0.wall) {
		sn.Achieved = (p1.ms - p0.ms) / 1000 / p1.wall.Sub(p0.wall).Seconds()
	}
	for _, r := range s.regions {
		sn.Regions = append(sn.Regions, Region{Name: r.name, LastSpikeMs: slices.Clone(r.last), Position: r.pos})
	}
	t0 := simMs - RasterWindowMs
	k := 0
	for k < len(s.raster) && float64(s.raster[k].TMs) < t0 {
		k++
	}
	s.raster = s.raster[k:]
	if cap(s.raster) > 4*len(s.raster)+1<<16 {
		s.raster = slices.Clone(s.raster)
	}
	sn.Raster = Raster{T0Ms: t0, T1Ms: simMs, Rows: s.rows, Spikes: slices.Clone(s.raster)}
	n := min(len(s.lfp), int(LFPWindowMs/s.lfpRec.DtMs))
	win := s.lfp[len(s.lfp)-n:]
	sn.LFP = LFP{DtMs: s.lfpRec.DtMs, T0Ms: s.lfpEndMs - float64(n-1)*s.lfpRec.DtMs, Events: slices.Clone(s.events)}
	if n > 0 {
		sn.LFP.Raw = toFloat32(win)
		sn.LFP.band = &rippleBand{raw: slices.Clone(win), dtMs: s.lfpRec.DtMs}
	}
	s.latest.Store(sn)
}

func toFloat32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// annDay publishes the Transformer's side after its day d (on the
// stepper's ANN goroutine, while the runners hold day d).
func (s *Session) annDay(d int, runners []*ann.Runner) {
	v := &ANNView{Days: d + 1, Alpha: s.dn.Alpha()}
	for _, r := range runners {
		res := r.Result()
		v.Modes = append(v.Modes, res.Mode)
		rec := make([]float64, len(res.Recall))
		for k := range rec {
			rec[k] = res.MeanRecall(k)
		}
		v.Recall = append(v.Recall, rec)
		var loss []float64
		for _, l := range res.Loss {
			loss = append(loss, l.Loss)
		}
		v.Loss = append(v.Loss, loss)
		v.Joules = append(v.Joules, res.Energy(ann.JoulesPerFLOPH100))
		v.JoulesPerRecall = append(v.JoulesPerRecall, res.JoulesPerRecall(ann.JoulesPerFLOPH100))
		att, err := res.Attention(s.t.Days[d].Episodes[0])
		if err != nil {
			att = nil
		}
		v.Attention = append(v.Attention, att)
	}
	s.annView.Store(v)
}
