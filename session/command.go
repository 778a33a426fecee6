package session

import (
	"fmt"
	"strconv"
	"strings"
)

// Op is what a Command does to a live Session.
type Op int

const (
	// OpPause stops simulated time.
	OpPause Op = iota
	// OpResume lets simulated time run again.
	OpResume
	// OpTogglePause pauses a running session and resumes a paused one.
	OpTogglePause
	// OpStep advances a paused session by StepMs of simulated time.
	OpStep
	// OpSpeed sets the pace: Value simulated seconds per wall-clock
	// second (MinSpeed … MaxSpeed), or 0 for as fast as possible.
	OpSpeed
	// OpSleep ends the awake part of the day now: the night begins.
	OpSleep
	// OpWake ends the night now: the day's test follows, then the next day.
	OpWake
	// OpLesion lesions the hippocampus from now on.
	OpLesion
	// OpMg sets the network's extracellular [Mg²⁺] to Value, mM (0 … MaxLiveMgMM).
	OpMg
	// OpAlpha sets α of the ANN's NMDA activation to Value from the ANN's
	// next day on (MinLiveAlpha … MaxLiveAlpha).
	OpAlpha
)

// Ranges of the live controls.
const (
	// MinSpeed and MaxSpeed bound the paced speed, simulated s per wall s.
	MinSpeed, MaxSpeed = 0.01, 10.0
	// MaxLiveMgMM is the largest [Mg²⁺] a live command sets, mM.
	MaxLiveMgMM = 3.0
	// MinLiveAlpha and MaxLiveAlpha bound α of a live command.
	MinLiveAlpha, MaxLiveAlpha = 0.0, 30.0
	// StepMs is the simulated time one OpStep advances, ms.
	StepMs = 10.0
)

var opNames = [...]string{"pause", "resume", "toggle", "step", "speed", "sleep", "wake", "lesion", "mg", "alpha"}

// Command is one action on a live Session.
type Command struct {
	Op Op
	// Value is the argument of OpSpeed, OpMg and OpAlpha.
	Value float64
}

// String returns the command as ParseCommand reads it.
func (c Command) String() string {
	switch c.Op {
	case OpSpeed:
		if c.Value == 0 {
			return "speed=max"
		}
		fallthrough
	case OpMg, OpAlpha:
		return opNames[c.Op] + "=" + strconv.FormatFloat(c.Value, 'g', -1, 64)
	}
	return opNames[c.Op]
}

// CommandHelp lists the commands ParseCommand accepts, one per line.
var CommandHelp = fmt.Sprintf(`pause | resume | toggle   stop or restart simulated time
step                      advance a paused run by %g ms of simulated time
speed=X | speed=max       X simulated seconds per second (%g … %g), or as fast as possible
sleep | wake              end the awake part of the day now / end the night now
lesion                    lesion the hippocampus from now on
mg=X                      extracellular [Mg²⁺], mM (0 … %g)
alpha=X                   α of the ANN's NMDA activation from its next day (%g … %g)`,
	StepMs, MinSpeed, MaxSpeed, MaxLiveMgMM, MinLiveAlpha, MaxLiveAlpha)

// ParseCommand reads a command such as "pause", "speed=0.5", "speed=max",
// "sleep", "mg=0.5" or "alpha=3" (see CommandHelp). Values out of range
// are refused with the allowed range.
func ParseCommand(s string) (Command, error) {
	name, arg, hasArg := strings.Cut(strings.TrimSpace(s), "=")
	name = strings.ToLower(strings.TrimSpace(name))
	op := -1
	for k, n := range opNames {
		if n == name {
			op = k
		}
	}
	if op < 0 {
		return Command{}, fmt.Errorf("command %q: unknown; want one of %s", s, strings.Join(opNames[:], ", "))
	}
	c := Command{Op: Op(op)}
	takesArg := c.Op == OpSpeed || c.Op == OpMg || c.Op == OpAlpha
	switch {
	case takesArg && !hasArg:
		return c, fmt.Errorf("command %q: %s needs a value, e.g. %s=1", s, name, name)
	case !takesArg && hasArg:
		return c, fmt.Errorf("command %q: %s takes no value", s, name)
	case !takesArg:
		return c, nil
	}
	arg = strings.TrimSpace(arg)
	if c.Op == OpSpeed && arg == "max" {
		return c, nil
	}
	v, err := strconv.ParseFloat(arg, 64)
	if err != nil {
		return c, fmt.Errorf("command %q: %q is not a number", s, arg)
	}
	lo, hi, unit := MinSpeed, MaxSpeed, "× real time (or max)"
	switch c.Op {
	case OpMg:
		lo, hi, unit = 0, MaxLiveMgMM, "mM"
	case OpAlpha:
		lo, hi, unit = MinLiveAlpha, MaxLiveAlpha, ""
	}
	if !(v >= lo && v <= hi) {
		return c, fmt.Errorf("command %q: %s = %v, want %v … %v %s", s, name, v, lo, hi, unit)
	}
	c.Value = v
	return c, nil
}

// Cue is one timed entry of a script: Action (a command, or an action of
// the program that reads the script) at simulated time AtMs, or at the
// program's frame AtFrame when Frames is set.
type Cue struct {
	Action  string
	AtMs    float64
	AtFrame int
	Frames  bool
}

// ParseScript reads comma-separated timed actions, "action@time", where
// time is simulated time ("2s", "500ms") or a frame number ("120f"), for
// example "sleep@2s,mg=0.5@3s,pause@600f". Actions are not interpreted
// here; the cues are returned in the order given.
func ParseScript(s string) ([]Cue, error) {
	var cues []Cue
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		act, at, ok := strings.Cut(part, "@")
		if !ok || strings.TrimSpace(act) == "" {
			return nil, fmt.Errorf("script entry %q: want action@time, e.g. sleep@2s, mg=0.5@1500ms or pause@120f", part)
		}
		c := Cue{Action: strings.TrimSpace(act)}
		at = strings.TrimSpace(at)
		var num string
		scale := 1.0
		switch {
		case strings.HasSuffix(at, "ms"):
			num = strings.TrimSuffix(at, "ms")
		case strings.HasSuffix(at, "s"):
			num, scale = strings.TrimSuffix(at, "s"), 1000
		case strings.HasSuffix(at, "f"):
			num, c.Frames = strings.TrimSuffix(at, "f"), true
		default:
			return nil, fmt.Errorf("script entry %q: time %q needs a unit: s, ms (simulated time) or f (frames)", part, at)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || !(v >= 0) || v > 1e9 {
			return nil, fmt.Errorf("script entry %q: time %q is not a number ≥ 0", part, at)
		}
		if c.Frames {
			if v != float64(int(v)) {
				return nil, fmt.Errorf("script entry %q: frame %q is not a whole number", part, at)
			}
			c.AtFrame = int(v)
		} else {
			c.AtMs = v * scale
		}
		cues = append(cues, c)
	}
	return cues, nil
}
