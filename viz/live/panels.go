package live

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"engram/ann"
	"engram/session"
	"engram/viz"
)

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

// bothColor draws the brain-as-a-whole readout: the figures' black, made
// light for the dark panel.
var bothColor = color.RGBA{235, 235, 235, 255}

// drawReplay draws the latest ripple's decoded items over time, with the
// stored route as a staircase.
func (a *App) drawReplay(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	rp := sn.Replay
	if rp == nil || len(rp.Decoded) == 0 {
		msg := "No sharp-wave ripple yet tonight."
		if sn.Phase != "sleep" {
			msg = "Replay happens in sleep: press S (or wait for the night) to watch it."
		}
		drawText(dst, msg, float64(r.Min.X)+4, float64(r.Min.Y)+30, normal, false, dimText)
		return
	}
	kind := "not significant"
	if rp.IsReplay {
		kind = "forward replay"
		if rp.Rho < 0 {
			kind = "reverse replay"
		}
	}
	head := fmt.Sprintf("ripple %d of the night, t = %.2f s, %.0f ms: %s", rp.Count, rp.Event.StartMs/1000, rp.Event.DurationMs(), kind)
	switch {
	case rp.IsReplay:
		head += fmt.Sprintf(", p = %.3f (r = %.2f)", rp.P, rp.Rho)
	case !math.IsNaN(rp.Rho):
		head += fmt.Sprintf(" (r = %.2f)", rp.Rho)
	}
	drawText(dst, head, float64(r.Min.X), float64(r.Min.Y)-2, small, false, accent)
	items := sn.Layout.Items
	seq := rp.Sequence
	if seq == nil { // no route matched: show the decoded assemblies in order of appearance
		for _, d := range rp.Decoded {
			if d >= 0 && !slices.Contains(seq, d) {
				seq = append(seq, d)
			}
		}
	}
	left := 92
	plot := image.Rect(r.Min.X+left, r.Min.Y+18, r.Max.X-8, r.Max.Y-16)
	rows := len(seq) + 1 // + "other"
	rowH := float64(plot.Dy()) / float64(rows)
	colW := float64(plot.Dx()) / float64(len(rp.Decoded))
	yOf := func(row int) float64 { return float64(plot.Max.Y) - (float64(row)+0.5)*rowH }
	n := sn.Layout.EpisodeLen
	for k, asm := range seq {
		it := items[asm]
		pos := sn.Layout.PositionOf[it]
		label := fmt.Sprintf("item %d (#%d)", it, pos+1)
		drawText(dst, label, float64(r.Min.X), yOf(k)-8, small, false, rgba(viz.PositionColor(pos, n)))
		if rp.Sequence != nil { // the stored order: step k of the route
			x0 := float64(plot.Min.X) + float64(k)*float64(plot.Dx())/float64(len(seq))
			x1 := float64(plot.Min.X) + float64(k+1)*float64(plot.Dx())/float64(len(seq))
			rectF(dst, float32(x0), float32(yOf(k)-rowH/2+2), float32(x1-x0), float32(rowH-4), color.RGBA{60, 64, 74, 255})
		}
	}
	drawText(dst, "other", float64(r.Min.X), yOf(len(seq))-8, small, false, dimText)
	for b, d := range rp.Decoded {
		if d < 0 {
			continue
		}
		row := slices.Index(seq, d)
		c := viz.Grey
		if row < 0 {
			row = len(seq)
		} else {
			c = rgba(viz.PositionColor(sn.Layout.PositionOf[items[d]], n))
		}
		cx := float64(plot.Min.X) + (float64(b)+0.5)*colW
		dot(dst, cx, yOf(row), math.Min(7, math.Max(3, colW/3)), c)
	}
	for b := 0; b <= len(rp.Decoded); b += max(1, len(rp.Decoded)/8) {
		x := float64(plot.Min.X) + float64(b)*colW
		drawText(dst, fmt.Sprintf("%.0f", float64(b)*rp.BinMs), x-6, float64(plot.Max.Y)+2, small, false, dimText)
	}
	drawText(dst, "ms into ripple", float64(r.Min.X), float64(plot.Max.Y)+2, small, false, dimText)
}

// drawANN draws the Transformer: attention while recalling, loss, recall.
func (a *App) drawANN(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	v := sn.ANN
	drawTextRight(dst, fmt.Sprintf("α = %.1f (next day)", sn.Alpha), float64(r.Max.X), float64(r.Min.Y)-20, small, accent)
	if v == nil || len(v.Modes) == 0 {
		drawText(dst, "The Transformer lives each day once the brain has finished it.", float64(r.Min.X)+4, float64(r.Min.Y)+30, normal, false, dimText)
		return
	}
	m := a.annMode % len(v.Modes)
	mode := v.Modes[m]
	mc, _ := viz.ANNModeColor(mode)
	drawText(dst, fmt.Sprintf("mode %s (A: next) · day %d · recall %.2f", mode, v.Days, last(v.Recall[m])),
		float64(r.Min.X), float64(r.Min.Y)-2, small, true, rgba(mc))
	// Attention: last layer, mean over heads, rows = query positions.
	side := min(r.Dy()-40, r.Dx()/2-30)
	heat := image.Rect(r.Min.X+34, r.Min.Y+22, r.Min.X+34+side, r.Min.Y+22+side)
	if am := v.Attention[m]; am != nil && len(am.Weights) > 0 {
		drawAttention(dst, am, heat)
	} else {
		drawText(dst, "no attention map", float64(heat.Min.X), float64(heat.Min.Y)+10, small, false, dimText)
	}
	// Loss curve.
	lossR := image.Rect(heat.Max.X+44, r.Min.Y+22, r.Max.X-4, r.Max.Y-34)
	strokeRect(dst, lossR, gridColor)
	drawText(dst, "training loss (nats/item)", float64(lossR.Min.X), float64(lossR.Min.Y)-16, small, false, dimText)
	loss := v.Loss[m]
	if len(loss) < 2 {
		drawText(dst, "this mode does not train", float64(lossR.Min.X)+8, float64(lossR.Min.Y)+8, small, false, dimText)
	} else {
		hi := slices.Max(loss)
		for k := 1; k < len(loss); k++ {
			x0 := float64(lossR.Min.X) + float64(k-1)/float64(len(loss)-1)*float64(lossR.Dx())
			x1 := float64(lossR.Min.X) + float64(k)/float64(len(loss)-1)*float64(lossR.Dx())
			y0 := float64(lossR.Max.Y) - loss[k-1]/hi*float64(lossR.Dy())
			y1 := float64(lossR.Max.Y) - loss[k]/hi*float64(lossR.Dy())
			line(dst, x0, y0, x1, y1, 1.5, rgba(mc))
		}
		drawText(dst, fmt.Sprintf("%.2f", hi), float64(lossR.Min.X)-36, float64(lossR.Min.Y)-2, small, false, dimText)
		drawText(dst, "0", float64(lossR.Min.X)-12, float64(lossR.Max.Y)-12, small, false, dimText)
		drawTextRight(dst, fmt.Sprintf("%d gradient steps", len(loss)), float64(lossR.Max.X), float64(lossR.Max.Y)+2, small, dimText)
	}
	drawText(dst, fmt.Sprintf("energy so far %.3g J (H100)", v.Joules[m]), float64(lossR.Min.X), float64(r.Max.Y)-14, small, false, dimText)
}

// drawAttention draws the last layer's attention, averaged over heads.
func drawAttention(dst *ebiten.Image, am *ann.AttentionMap, r image.Rectangle) {
	l := am.Weights[len(am.Weights)-1]
	n := len(am.Tokens)
	cell := float64(r.Dx()) / float64(n)
	for i := range n {
		for j := range n {
			var w float64
			for h := range l {
				w += l[h][i][j]
			}
			w /= float64(len(l))
			c := mix(color.RGBA{24, 26, 34, 255}, viz.Yellow, math.Sqrt(w))
			rectF(dst, float32(float64(r.Min.X)+float64(j)*cell), float32(float64(r.Min.Y)+float64(i)*cell),
				float32(cell-0.5), float32(cell-0.5), c)
		}
	}
	if am.Cue >= 0 && am.Cue < n {
		y := float64(r.Min.Y) + float64(am.Cue)*cell
		strokeRect(dst, image.Rect(r.Min.X, int(y), r.Max.X, int(y+cell)), accent)
	}
	every := max(1, n/8)
	for k := 0; k < n; k += every {
		drawTextRight(dst, am.Tokens[k], float64(r.Min.X)-3, float64(r.Min.Y)+float64(k)*cell+cell/2-7, small, dimText)
	}
	drawText(dst, "attends to →", float64(r.Min.X), float64(r.Max.Y)+2, small, false, dimText)
}

func last(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return x[len(x)-1]
}

// drawCompare draws recall over days: brain readouts and ANN modes.
func (a *App) drawCompare(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	plot := image.Rect(r.Min.X+34, r.Min.Y+4, r.Max.X-130, r.Max.Y-18)
	strokeRect(dst, plot, gridColor)
	days := max(sn.Days, 2)
	xOf := func(d int) float64 { return float64(plot.Min.X) + float64(d)/float64(days-1)*float64(plot.Dx()) }
	yOf := func(v float64) float64 { return float64(plot.Max.Y) - v*float64(plot.Dy()) }
	for _, v := range []float64{0, 0.5, 1} {
		drawTextRight(dst, fmt.Sprintf("%g", v), float64(plot.Min.X)-4, yOf(v)-7, small, dimText)
	}
	for d := range days {
		drawText(dst, fmt.Sprintf("%d", d+1), xOf(d)-3, float64(plot.Max.Y)+2, small, false, dimText)
	}
	drawText(dst, "day", float64(plot.Max.X)+10, float64(plot.Max.Y)+2, small, false, dimText)
	chance := sn.Layout.Chance
	for x := plot.Min.X; x < plot.Max.X; x += 8 {
		line(dst, float64(x), yOf(chance), float64(x+4), yOf(chance), 1, dimText)
	}
	type series struct {
		name string
		c    color.RGBA
		v    []float64
	}
	var ss []series
	var co, hi, bo []float64
	for _, d := range sn.Brain {
		co, hi, bo = append(co, d.Cortex), append(hi, d.Hippocampus), append(bo, d.Both)
	}
	ss = append(ss, series{"brain: cortex", rgba(viz.CortexColor), co}, series{"brain: hippocampus", rgba(viz.HippocampusColor), hi},
		series{"brain: better of two", bothColor, bo})
	if v := sn.ANN; v != nil {
		for k, m := range v.Modes {
			c, _ := viz.ANNModeColor(m)
			ss = append(ss, series{"ANN " + string(m), rgba(c), v.Recall[k]})
		}
	}
	ly := float64(r.Min.Y)
	for k, s := range ss {
		off := float64(k%4-2) * 0.006 // keep equal lines apart
		for d := range s.v {
			if d > 0 {
				line(dst, xOf(d-1), yOf(s.v[d-1]+off), xOf(d), yOf(s.v[d]+off), 2, s.c)
			}
			dot(dst, xOf(d), yOf(s.v[d]+off), 3, s.c)
		}
		line(dst, float64(plot.Max.X)+10, ly+8, float64(plot.Max.X)+26, ly+8, 2, s.c)
		drawText(dst, s.name, float64(plot.Max.X)+30, ly, small, false, s.c)
		ly += 15
	}
}

// drawEnergy draws the energy counters of the run so far, and the cost of
// one recall in the latest test.
func (a *App) drawEnergy(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	x, y := float64(r.Min.X), float64(r.Min.Y)
	right := float64(r.Max.X)
	mid := right - 78
	drawTextRight(dst, "so far", mid, y, small, dimText)
	drawTextRight(dst, "/recall", right, y, small, dimText)
	y += 18
	row := func(name string, c color.RGBA, total, per float64) {
		drawText(dst, name, x, y, small, false, c)
		drawTextRight(dst, joules(total), mid, y, small, c)
		drawTextRight(dst, joules(per), right, y, small, c)
		y += 16
	}
	per := math.NaN()
	if n := len(sn.Brain); n > 0 {
		per = sn.Brain[n-1].JoulesPerRecall()
	}
	row("brain", bothColor, sn.BrainJoules, per)
	y += 6
	drawText(dst, "Transformer, H100:", x, y, small, false, dimText)
	y += 16
	if v := sn.ANN; v != nil {
		for k, m := range v.Modes {
			c, _ := viz.ANNModeColor(m)
			row(string(m), rgba(c), v.Joules[k], v.JoulesPerRecall[k])
		}
	} else {
		drawText(dst, "— after day 1", x, y, small, false, dimText)
	}
}

// joules formats an energy for the counters ("3.1e-07 J").
func joules(j float64) string {
	if math.IsNaN(j) {
		return "—"
	}
	return fmt.Sprintf("%.1e J", j)
}
