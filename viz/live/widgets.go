package live

import (
	"fmt"
	"image"
	"math"

	"engram/session"

	"github.com/hajimehoshi/ebiten/v2"
)

// widget is an on-screen control: a button (action on click) or a
// horizontal slider (value in [lo, hi], action on drag).
type widget struct {
	label  string
	rect   image.Rectangle
	on     bool    // a button shown pressed (e.g. Pause while paused)
	slider bool    // a slider, not a button
	lo, hi float64 // slider range
	value  float64 // slider value
	text   string  // slider value as shown
	// act is the action a click runs; for a slider, set(v) runs it.
	act string
	set func(v float64) string
}

// widgets lays out the control bar for snapshot state.
func (a *App) widgets(r image.Rectangle) []widget {
	sn := a.view
	var ws []widget
	x, y := r.Min.X+8, r.Min.Y+24
	h := 36
	button := func(label, act string, w int, on bool) {
		ws = append(ws, widget{label: label, act: act, on: on, rect: image.Rect(x, y, x+w, y+h)})
		x += w + 6
	}
	slider := func(label string, w int, lo, hi, v float64, text string, set func(float64) string) {
		ws = append(ws, widget{label: label, slider: true, lo: lo, hi: hi, value: v, text: text, set: set,
			rect: image.Rect(x, y, x+w, y+h)})
		x += w + 10
	}
	pause := "Pause"
	if sn.Paused {
		pause = "Run"
	}
	button(pause, "toggle", 64, sn.Paused)
	button("Step", "step", 52, false)
	sleep := "Sleep"
	if sn.Phase == "sleep" {
		sleep = "Wake"
	}
	button(sleep, map[bool]string{true: "wake", false: "sleep"}[sn.Phase == "sleep"], 60, false)
	button("Lesion", "lesion", 64, sn.Lesioned)
	// Speed on a log scale, session.MinSpeed … MaxSpeed; the Max button
	// lifts the pace.
	loSpeed, hiSpeed := math.Log10(session.MinSpeed), math.Log10(session.MaxSpeed)
	lv := hiSpeed // max: the slider's right end
	if sn.Speed > 0 {
		lv = math.Log10(math.Max(sn.Speed, session.MinSpeed))
	}
	st := "max"
	if sn.Speed > 0 {
		st = fmt.Sprintf("%g×", sn.Speed)
	}
	slider("Speed", 130, loSpeed, hiSpeed, lv, st, func(v float64) string {
		s := math.Pow(10, v)
		s = math.Round(s*100) / 100
		return fmt.Sprintf("speed=%g", math.Max(session.MinSpeed, math.Min(session.MaxSpeed, s)))
	})
	button("Max", "speed=max", 46, sn.Speed == 0)
	slider("[Mg²⁺] mM", 130, 0, session.MaxLiveMgMM, sn.MgMM, fmt.Sprintf("%.2f", sn.MgMM), func(v float64) string {
		return fmt.Sprintf("mg=%.2f", math.Round(v*20)/20)
	})
	slider("ANN α", 120, session.MinLiveAlpha, session.MaxLiveAlpha, sn.Alpha, fmt.Sprintf("%.1f", sn.Alpha), func(v float64) string {
		return fmt.Sprintf("alpha=%.1f", math.Round(v*2)/2)
	})
	back := a.scrubSeconds()
	slider("Rewind s", 120, -a.historySeconds(), 0, -back, fmt.Sprintf("%.1f", math.Min(0, -back)+0), func(v float64) string {
		return fmt.Sprintf("scrub=%.2fs", v)
	})
	button("Live", "live", 44, a.scrub == 0)
	button(a.scenarioName, "scenario=next", max(110, int(textWidth(a.scenarioName, small))+20), false)
	button("Shot", "screenshot", 46, false)
	button("Help", "help", 46, a.help)
	return ws
}

// drawWidgets draws the control bar.
func drawWidgets(dst *ebiten.Image, ws []widget, hover image.Point) {
	for _, w := range ws {
		if !w.slider {
			fill := buttonFill
			if w.on {
				fill = buttonOn
			}
			if hover.In(w.rect) {
				fill = scale(fill, 1.3)
			}
			fillRect(dst, w.rect, fill)
			strokeRect(dst, w.rect, panelEdge)
			tw := textWidth(w.label, normal)
			drawText(dst, w.label, float64(w.rect.Min.X)+(float64(w.rect.Dx())-tw)/2, float64(w.rect.Min.Y)+10, normal, false, textColor)
			continue
		}
		drawText(dst, w.label, float64(w.rect.Min.X), float64(w.rect.Min.Y)-1, small, false, dimText)
		drawTextRight(dst, w.text, float64(w.rect.Max.X), float64(w.rect.Min.Y)-1, small, textColor)
		ty := float64(w.rect.Min.Y) + 26
		line(dst, float64(w.rect.Min.X), ty, float64(w.rect.Max.X), ty, 3, panelEdge)
		f := (w.value - w.lo) / (w.hi - w.lo)
		if w.hi == w.lo {
			f = 1
		}
		kx := float64(w.rect.Min.X) + math.Max(0, math.Min(1, f))*float64(w.rect.Dx())
		line(dst, float64(w.rect.Min.X), ty, kx, ty, 3, accent)
		fillRect(dst, image.Rect(int(kx)-4, int(ty)-8, int(kx)+4, int(ty)+8), textColor)
	}
}

// sliderValue maps x to a slider's value.
func (w widget) sliderValue(x int) float64 {
	f := float64(x-w.rect.Min.X) / float64(max(1, w.rect.Dx()))
	return w.lo + math.Max(0, math.Min(1, f))*(w.hi-w.lo)
}
