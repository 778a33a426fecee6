package main

import (
	"fmt"
	"math"

	"engram/scenarios"
	"engram/session"
	"engram/viz/live"
)

// setting names one of the viewer's settings with its value as the user
// wrote it: "-speed 20" for the desktop viewer's flags, "speed=20" for the
// page's URL parameters.
type setting func(name, value string) string

// options applies the settings the desktop viewer and the page share to
// scenario sc: the seed (nil: the scenario's), the speed and the script,
// whose actions check validates. It returns the viewer's options or the
// message of the first bad value.
func options(sc scenarios.Scenario, seed *int64, speed, script string, check func(string) error, name setting) (live.Options, error) {
	if err := session.CheckLive(sc); err != nil {
		return live.Options{}, err
	}
	if seed != nil {
		if *seed < 0 {
			return live.Options{}, fmt.Errorf("%s: want 0 … %d", name("seed", fmt.Sprint(*seed)), int64(math.MaxInt64))
		}
		sc.Seed = uint64(*seed)
	}
	opt := live.Options{Scenario: sc}
	sp, err := session.ParseCommand("speed=" + speed)
	if err != nil {
		return live.Options{}, fmt.Errorf("%s: want %g … %g or max", name("speed", speed), session.MinSpeed, session.MaxSpeed)
	}
	opt.Speed = sp.Value
	if opt.Script, err = session.ParseScript(script); err != nil {
		return live.Options{}, fmt.Errorf("%s: %v", name("script", ""), err)
	}
	for _, c := range opt.Script {
		if err := check(c.Action); err != nil {
			return live.Options{}, fmt.Errorf("%s: %v", name("script", ""), err)
		}
	}
	return opt, nil
}
