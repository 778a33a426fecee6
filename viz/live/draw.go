package live

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"engram/session"
)

// drawCache keeps the images that pixel-level panels write into, so Draw
// allocates nothing per frame once sizes are stable.
type drawCache struct {
	imgs map[string]*pixels
}

// pixels is an RGBA buffer and the image it is uploaded to.
type pixels struct {
	w, h int
	buf  []byte
	img  *ebiten.Image
}

// canvas returns a cleared w×h pixel buffer named key.
func (c *drawCache) canvas(key string, w, h int, fill color.RGBA) *pixels {
	if c.imgs == nil {
		c.imgs = map[string]*pixels{}
	}
	w, h = max(w, 1), max(h, 1)
	p := c.imgs[key]
	if p == nil || p.w != w || p.h != h {
		if p != nil {
			p.img.Deallocate()
		}
		p = &pixels{w: w, h: h, buf: make([]byte, 4*w*h), img: ebiten.NewImage(w, h)}
		c.imgs[key] = p
	}
	for i := 0; i < len(p.buf); i += 4 {
		p.buf[i], p.buf[i+1], p.buf[i+2], p.buf[i+3] = fill.R, fill.G, fill.B, fill.A
	}
	return p
}

func (p *pixels) set(x, y int, c color.RGBA) {
	if x < 0 || y < 0 || x >= p.w || y >= p.h {
		return
	}
	i := 4 * (y*p.w + x)
	p.buf[i], p.buf[i+1], p.buf[i+2], p.buf[i+3] = c.R, c.G, c.B, c.A
}

// vspan fills column x from y0 to y1.
func (p *pixels) vspan(x, y0, y1 int, c color.RGBA) {
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	for y := y0; y <= y1; y++ {
		p.set(x, y, c)
	}
}

// blit uploads the buffer and draws it into r, scaled with nearest
// neighbours.
func (p *pixels) blit(dst *ebiten.Image, r image.Rectangle) {
	p.img.WritePixels(p.buf)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(float64(r.Dx())/float64(p.w), float64(r.Dy())/float64(p.h))
	op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
	op.Filter = ebiten.FilterNearest
	dst.DrawImage(p.img, op)
}

// drawAll composes the window from a.view.
func (a *App) drawAll(screen *ebiten.Image) {
	screen.Fill(background)
	sn := a.view
	a.drawHUD(screen, sn)
	for id := range nPanels {
		r := a.lay.panel[id]
		fillRect(screen, r, panelFill)
		strokeRect(screen, r, panelEdge)
		drawText(screen, panelInfo[id].title, float64(r.Min.X)+8, float64(r.Min.Y)+4, normal, true, textColor)
	}
	a.drawMap(screen, sn, inner(a.lay.panel[pMap]))
	a.drawRaster(screen, sn, inner(a.lay.panel[pRaster]))
	a.drawLFP(screen, sn, inner(a.lay.panel[pLFP]))
	a.drawReplay(screen, sn, inner(a.lay.panel[pReplay]))
	a.drawANN(screen, sn, inner(a.lay.panel[pANN]))
	a.drawCompare(screen, sn, inner(a.lay.panel[pCompare]))
	a.drawEnergy(screen, sn, inner(a.lay.panel[pEnergy]))
	drawWidgets(screen, a.ws, a.cursor)
	if a.help {
		a.drawHelp(screen)
	} else if id := a.lay.at(a.cursor.X, a.cursor.Y); a.moved && id >= 0 && id != pControls {
		a.drawTooltip(screen, panelInfo[id].help)
	}
}

// drawHUD draws the top line: where the run is and how fast it goes.
func (a *App) drawHUD(dst *ebiten.Image, sn *session.Snapshot) {
	phase := strings.ToUpper(sn.Phase)
	if sn.Paused {
		phase += " (paused)"
	}
	speed := "max"
	if sn.Speed > 0 {
		speed = fmt.Sprintf("%g×", sn.Speed)
	}
	if !sn.Paused { // while paused the pace and frame rate say nothing
		speed += fmt.Sprintf(" (achieved %.2f×)    %.0f FPS", sn.Achieved, ebiten.ActualFPS())
	}
	s := fmt.Sprintf("Engram · %s    day %d of %d    %s    t = %.2f s    speed %s",
		sn.Scenario, sn.Day+1, sn.Days, phase, sn.SimMs/1000, speed)
	if sn.Lesioned {
		s += "    HIPPOCAMPUS LESIONED"
	}
	if a.scrub > 0 {
		s += fmt.Sprintf("    REWOUND %.2f s (Home: live)", a.scrubSeconds())
	}
	drawText(dst, s, 10, 8, large, true, textColor)
	note := sn.Notice
	if a.message != "" {
		note = a.message
	}
	if sn.Err != "" {
		note = "error: " + sn.Err
	}
	drawTextRight(dst, note, float64(a.lay.w)-10, 11, small, accent)
}

// drawTooltip draws a panel's explanation near the cursor.
func (a *App) drawTooltip(dst *ebiten.Image, help string) {
	lines := wrap(help, 64)
	w, h := 0.0, float64(len(lines))*17+12
	for _, l := range lines {
		w = math.Max(w, textWidth(l, normal))
	}
	w += 16
	x, y := float64(a.cursor.X)+16, float64(a.cursor.Y)+16
	if x+w > float64(a.lay.w) {
		x = float64(a.cursor.X) - w - 8
	}
	if y+h > float64(a.lay.h) {
		y = float64(a.cursor.Y) - h - 8
	}
	r := image.Rect(int(x), int(y), int(x+w), int(y+h))
	fillRect(dst, r, color.RGBA{10, 12, 16, 235})
	strokeRect(dst, r, accent)
	for k, l := range lines {
		drawText(dst, l, x+8, y+6+float64(k)*17, normal, false, textColor)
	}
}

// drawHelp draws the help overlay: the controls and what each panel shows.
func (a *App) drawHelp(dst *ebiten.Image) {
	r := image.Rect(60, 50, a.lay.w-60, a.lay.h-90)
	fillRect(dst, r, color.RGBA{10, 12, 16, 252})
	strokeRect(dst, r, accent)
	x, y := float64(r.Min.X)+20, float64(r.Min.Y)+16
	drawText(dst, "Engram live viewer — help (H or Esc closes)", x, y, large, true, accent)
	y += 30
	keys := [][2]string{
		{"Space", "pause / run"}, {"N", fmt.Sprintf("step %g ms while paused", session.StepMs)}, {"S", "sleep now / wake now"},
		{"+  −", fmt.Sprintf("speed %g× … %g×", session.MinSpeed, session.MaxSpeed)}, {"M", "as fast as possible"}, {"L", "lesion the hippocampus"},
		{"[  ]", "[Mg²⁺] − / + 0.25 mM"}, {",  .", "Transformer α − / + 1"}, {"←  →", "rewind / forward 0.25 s"},
		{"Home", "back to live"}, {"Tab", "next scenario"}, {"A", "next Transformer mode"},
		{"P", "screenshot"}, {"H", "this help"}, {"Esc", "quit"},
	}
	if a.opt.InPage {
		keys[len(keys)-1][1] = "close this help"
	}
	colW := (float64(r.Dx()) - 40) / 3
	for k, kv := range keys {
		cx := x + float64(k%3)*colW
		cy := y + float64(k/3)*20
		drawText(dst, kv[0], cx, cy, normal, true, textColor)
		drawText(dst, kv[1], cx+60, cy, normal, false, textColor)
	}
	y += float64((len(keys)+2)/3) * 20
	y += 10
	for id := range nPanels {
		if id == pControls {
			continue
		}
		drawText(dst, panelInfo[id].title, x, y, normal, true, accent)
		for _, l := range wrap(panelInfo[id].help, 130) {
			drawText(dst, l, x+180, y, small, false, textColor)
			y += 16
		}
		y += 6
	}
	if sn := a.view; sn.Description != "" {
		y += 4
		drawText(dst, "The story of "+sn.Scenario, x, y, normal, true, accent)
		y += 20
		for _, l := range wrap(strings.Join(strings.Fields(sn.Description), " "), 150) {
			if y > float64(r.Max.Y)-20 {
				break
			}
			drawText(dst, l, x, y, small, false, dimText)
			y += 16
		}
	}
}

// wrap breaks s into lines of at most n characters.
func wrap(s string, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > n {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fade returns how lit a cell is that fired ageMs ago: 1 at the spike,
// falling with a time constant of a quarter of a wall-second at the
// chosen pace, 5 … 200 ms of simulated time (200 ms at "max", so that a
// frame depends on simulated time only).
func fade(sn *session.Snapshot, ageMs float64) float64 {
	tau := 200.0
	if sn.Speed > 0 {
		tau = math.Max(5, math.Min(200, 250*sn.Speed))
	}
	if ageMs < 0 {
		return 0
	}
	return math.Exp(-ageMs / tau)
}

// drawMap draws every region as a grid of cells, lit on spikes.
func (a *App) drawMap(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	total := 0
	for _, g := range sn.Regions {
		total += len(g.LastSpikeMs)
	}
	if total == 0 {
		return
	}
	n := sn.Layout.EpisodeLen
	x := r.Min.X
	gap := 10
	avail := r.Dx() - gap*(len(sn.Regions)-1)
	top := r.Min.Y + 16
	h := r.Max.Y - top
	for _, g := range sn.Regions {
		w := avail * len(g.LastSpikeMs) / total
		cols := int(math.Ceil(math.Sqrt(float64(len(g.LastSpikeMs)) * float64(w) / float64(h))))
		rows := (len(g.LastSpikeMs) + cols - 1) / cols
		p := a.draw.canvas("map "+g.Name, cols, rows, panelFill)
		for i, t := range g.LastSpikeMs {
			base := positionColor(g.Position[i], n)
			f := fade(sn, sn.SimMs-float64(t))
			c := scale(base, 0.4+0.6*f)
			if f > 0.5 {
				c = mix(c, color.RGBA{255, 255, 255, 255}, (f-0.5)*0.8)
			}
			p.set(i%cols, i/cols, c)
		}
		rr := image.Rect(x, top, x+w, top+h)
		p.blit(dst, rr)
		drawText(dst, fmt.Sprintf("%s (%d)", g.Name, len(g.LastSpikeMs)), float64(x), float64(r.Min.Y)-2, small, false, dimText)
		x += w + gap
	}
}

func mix(a, b color.RGBA, f float64) color.RGBA {
	m := func(p, q uint8) uint8 { return uint8(float64(p) + f*(float64(q)-float64(p))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// drawRaster draws the last second of CA3 and cortical spikes.
func (a *App) drawRaster(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	ras := sn.Raster
	left := 62
	plot := image.Rect(r.Min.X+left, r.Min.Y, r.Max.X, r.Max.Y-16)
	p := a.draw.canvas("raster", plot.Dx(), plot.Dy(), panelFill)
	cells := 0
	for _, row := range ras.Rows {
		cells += row.Cells
	}
	if cells == 0 {
		return
	}
	offs := make([]int, len(ras.Rows))
	o := 0
	for k, row := range ras.Rows {
		offs[k] = o
		o += row.Cells
	}
	n := sn.Layout.EpisodeLen
	span := ras.T1Ms - ras.T0Ms
	for _, s := range ras.Spikes {
		x := int((float64(s.TMs) - ras.T0Ms) / span * float64(p.w))
		y := (offs[s.Row] + int(s.Cell)) * p.h / cells
		c := positionColor(s.Position, n)
		if s.Position < 0 {
			c = color.RGBA{110, 114, 124, 255}
		}
		p.set(x, y, c)
		p.set(x+1, y, c)
	}
	for _, e := range sn.LFP.Events {
		x0 := int((e.StartMs - ras.T0Ms) / span * float64(p.w))
		x1 := int((e.EndMs - ras.T0Ms) / span * float64(p.w))
		for x := max(0, x0); x <= min(p.w-1, x1); x++ {
			p.set(x, 0, accent)
			p.set(x, 1, accent)
		}
	}
	p.blit(dst, plot)
	for k, row := range ras.Rows {
		y := plot.Min.Y + offs[k]*plot.Dy()/cells
		if k > 0 {
			line(dst, float64(plot.Min.X), float64(y), float64(plot.Max.X), float64(y), 1, panelEdge)
		}
		drawText(dst, row.Name, float64(r.Min.X), float64(y)+2, small, false, dimText)
		drawText(dst, fmt.Sprintf("%d cells", row.Cells), float64(r.Min.X), float64(y)+16, small, false, dimText)
	}
	timeAxis(dst, plot, ras.T0Ms, ras.T1Ms)
}

// timeAxis labels the bottom of plot with simulated seconds.
func timeAxis(dst *ebiten.Image, plot image.Rectangle, t0, t1 float64) {
	step := 200.0
	if t1-t0 > 1500 {
		step = 500
	}
	for t := math.Ceil(t0/step) * step; t <= t1; t += step {
		x := float64(plot.Min.X) + (t-t0)/(t1-t0)*float64(plot.Dx())
		if x < float64(plot.Min.X)+12 || x > float64(plot.Max.X)-12 {
			continue
		}
		line(dst, x, float64(plot.Max.Y), x, float64(plot.Max.Y)+4, 1, dimText)
		drawText(dst, fmt.Sprintf("%.1f", t/1000), x-10, float64(plot.Max.Y)+3, small, false, dimText)
	}
	drawTextRight(dst, "time (s)", float64(plot.Min.X)-8, float64(plot.Max.Y)+3, small, dimText)
}

// drawLFP draws the CA3 LFP proxy and its ripple band, ripples shaded.
func (a *App) drawLFP(dst *ebiten.Image, sn *session.Snapshot, r image.Rectangle) {
	lfp := sn.LFP
	left := 62
	plot := image.Rect(r.Min.X+left, r.Min.Y, r.Max.X, r.Max.Y-16)
	p := a.draw.canvas("lfp", plot.Dx(), plot.Dy(), panelFill)
	t0, t1 := sn.SimMs-session.LFPWindowMs, sn.SimMs
	xOf := func(t float64) int { return int((t - t0) / (t1 - t0) * float64(p.w)) }
	for _, e := range lfp.Events {
		for x := max(0, xOf(e.StartMs)); x <= min(p.w-1, xOf(e.EndMs)); x++ {
			for y := 0; y < p.h; y++ {
				p.set(x, y, shadeSWROnPanel)
			}
		}
	}
	half := p.h / 2
	trace := func(x []float32, y0, y1 int, symmetric bool, c color.RGBA) (lo, hi float64) {
		if len(x) == 0 {
			return 0, 0
		}
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, v := range x {
			lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
		}
		if symmetric {
			m := math.Max(math.Abs(lo), math.Abs(hi))
			lo, hi = -m, m
		}
		if hi <= lo {
			hi = lo + 1
		}
		yOf := func(v float64) int { return y1 - int((v-lo)/(hi-lo)*float64(y1-y0-1)) - 1 }
		prevY := -1
		for k := range x {
			t := lfp.T0Ms + float64(k)*lfp.DtMs
			px := xOf(t)
			y := yOf(float64(x[k]))
			if prevY >= 0 {
				p.vspan(px, prevY, y, c)
			} else {
				p.set(px, y, c)
			}
			prevY = y
		}
		return lo, hi
	}
	rawLo, rawHi := trace(lfp.Raw, 0, half-2, false, color.RGBA{220, 220, 220, 255})
	_, bandHi := trace(lfp.Ripple(), half+2, p.h, true, rippleColor)
	p.blit(dst, plot)
	line(dst, float64(plot.Min.X), float64(plot.Min.Y+half), float64(plot.Max.X), float64(plot.Min.Y+half), 1, panelEdge)
	drawText(dst, "LFP proxy", float64(r.Min.X), float64(plot.Min.Y), small, false, dimText)
	drawText(dst, fmt.Sprintf("%.0f–%.0f nA", rawLo/1000, rawHi/1000), float64(r.Min.X), float64(plot.Min.Y)+15, small, false, dimText)
	drawText(dst, "150–250 Hz", float64(r.Min.X), float64(plot.Min.Y+half)+2, small, false, rippleColor)
	drawText(dst, fmt.Sprintf("±%.1f nA", bandHi/1000), float64(r.Min.X), float64(plot.Min.Y+half)+17, small, false, dimText)
	timeAxis(dst, plot, t0, t1)
	if sn.Phase == "sleep" {
		drawTextRight(dst, fmt.Sprintf("ripples this night: %d", len(lfp.Events)), float64(r.Max.X), float64(r.Min.Y)-20, small, accent)
	}
}
