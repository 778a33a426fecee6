package viz

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"engram/ann"
	"engram/sim"
	"engram/task"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ANNModeColor returns the colour and dash pattern with which every ANN
// figure draws a memory mode.
func ANNModeColor(m ann.Mode) (color.Color, []vg.Length) {
	switch m {
	case ann.ModeNone:
		return Vermilion, nil
	case ann.ModeFinetune:
		return Orange, []vg.Length{vg.Points(6), vg.Points(3)}
	case ann.ModeReplay:
		return SkyBlue, nil
	case ann.ModeRAG:
		return Green, []vg.Length{vg.Points(2), vg.Points(2)}
	}
	return Grey, nil
}

// annModeLabel is the legend text of a mode.
func annModeLabel(m ann.Mode) string {
	switch m {
	case ann.ModeNone:
		return "none (context window only)"
	case ann.ModeFinetune:
		return "finetune (today's episodes only)"
	case ann.ModeReplay:
		return "replay (today's + earlier episodes)"
	case ann.ModeRAG:
		return "rag (retrieval into the context)"
	}
	return string(m)
}

// presentModes returns the modes of res in the order of ann.Modes.
func presentModes(res map[ann.Mode]*ann.Result) []ann.Mode {
	var ms []ann.Mode
	for _, m := range ann.Modes() {
		if res[m] != nil {
			ms = append(ms, m)
		}
	}
	return ms
}

// ANNLoss draws the loss curves of ANN runs and saves stem.png and
// stem.svg. The top panel is the pre-training of the starting weights (the
// induction head forming: the loss drops abruptly once the model copies
// from its context), the bottom one the training after each day of the
// modes that train (finetune, replay), with the day boundaries dotted;
// none and rag keep their weights frozen. Losses are in nats per predicted
// item on a log scale; the pre-training curve is a 50-step running mean.
func ANNLoss(res map[ann.Mode]*ann.Result, stem string) error {
	modes := presentModes(res)
	if len(modes) == 0 {
		return fmt.Errorf("viz: ANNLoss: no results")
	}
	var plots []*plot.Plot
	var pre []float64
	for _, m := range modes {
		if len(res[m].PretrainLoss) > 0 {
			pre = res[m].PretrainLoss
			break
		}
	}
	if len(pre) > 0 {
		p := NewPlot("Pre-training on random episodes (the induction head)", "pre-training step", "loss (nats/item)")
		setLogY(p)
		l, err := newLine(runningMean(pre, 50), Black, nil)
		if err != nil {
			return err
		}
		p.Add(l)
		plots = append(plots, p)
	}
	var trained []ann.Mode
	for _, m := range modes {
		if len(res[m].Loss) > 0 {
			trained = append(trained, m)
		}
	}
	title := "Training after each day"
	if len(trained) < len(modes) {
		var frozen []string
		for _, m := range modes {
			if !slices.Contains(trained, m) {
				frozen = append(frozen, string(m))
			}
		}
		title += fmt.Sprintf(" (%s: weights frozen)", joinAnd(frozen))
	}
	p := NewPlot(title, "gradient step after pre-training", "loss (nats/item)")
	setLogY(p)
	// drawn last to first, so that a dashed curve stays visible on a
	// solid one it coincides with (finetune and replay on day 1)
	lines := make([]*plotter.Line, len(trained))
	for k := len(trained) - 1; k >= 0; k-- {
		m := trained[k]
		xy := make(plotter.XYs, len(res[m].Loss))
		for i, l := range res[m].Loss {
			xy[i] = plotter.XY{X: float64(l.Step), Y: math.Max(l.Loss, 1e-6)}
		}
		c, dash := ANNModeColor(m)
		l, err := newLine(xy, c, dash)
		if err != nil {
			return err
		}
		p.Add(l)
		lines[k] = l
	}
	for k, m := range trained {
		p.Legend.Add(string(m), lines[k])
	}
	if len(trained) > 0 {
		ls := res[trained[0]].Loss
		for i := 1; i < len(ls); i++ {
			if ls[i].Day != ls[i-1].Day {
				x := float64(ls[i].Step) - 0.5
				addVLine(p, x, fmt.Sprintf("day %d", ls[i].Day+1))
			}
		}
		p.Legend.Top = true
	} else {
		p.Y.Min, p.Y.Max = 1e-3, 10
		p.X.Min, p.X.Max = 0, 1
	}
	plots = append(plots, p)
	return SaveStack(plots, nil, stem, Size{Wide.W, Wide.H * vg.Length(0.6+0.4*float64(len(plots)))})
}

// ANNRecall draws, for each mode, the mean recall score of the episodes of
// day 1 at the test of every day (the forgetting curve), with the chance
// score of the task (task.ChanceScore) dashed, and saves stem.png and
// stem.svg. Modes are shifted sideways a little so that equal values stay
// visible.
func ANNRecall(res map[ann.Mode]*ann.Result, stem string) error {
	modes := presentModes(res)
	if len(modes) == 0 {
		return fmt.Errorf("viz: ANNRecall: no results")
	}
	tp := res[modes[0]].Task.Params
	p := NewPlot("Recall of the day-1 episodes", "test at the end of day", "recall score (items in order)")
	days := 0
	for k, m := range modes {
		curve := res[m].RecallOfDay(0)
		days = max(days, len(curve))
		dx := (float64(k) - float64(len(modes)-1)/2) * 0.05
		xy := make(plotter.XYs, len(curve))
		for d, v := range curve {
			xy[d] = plotter.XY{X: float64(d+1) + dx, Y: v}
		}
		c, dash := ANNModeColor(m)
		l, s, err := plotter.NewLinePoints(xy)
		if err != nil {
			return fmt.Errorf("viz: %w", err)
		}
		l.Color, l.Dashes, l.Width = c, dash, vg.Points(2)
		s.Color, s.Shape, s.Radius = c, annGlyph(k), vg.Points(3.5)
		p.Add(l, s)
		p.Legend.Add(annModeLabel(m), l, s)
	}
	chance := task.ChanceScore(tp.VocabSize, tp.EpisodeLen)
	cl, err := plotter.NewLine(plotter.XYs{{X: 0.7, Y: chance}, {X: float64(days) + 0.3, Y: chance}})
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	cl.Color, cl.Dashes, cl.Width = Grey, []vg.Length{vg.Points(5), vg.Points(4)}, vg.Points(1.5)
	p.Add(cl)
	p.Legend.Add(fmt.Sprintf("chance (%.2f)", chance), cl)
	p.X.Min, p.X.Max = 0.7, float64(days)+0.3
	p.Y.Min, p.Y.Max = -0.03, 1.03
	p.X.Tick.Marker = intTicks{1, days}
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.YOffs = vg.Points(60)
	return SavePlot(p, stem, Wide)
}

// ANNAttention draws the attention weights of every head of every layer
// (rows: layers, columns: heads) for one input, query positions down and
// key positions across, labelled with the tokens, and saves stem.png and
// stem.svg. The cue's row is marked with an arrow on its label. title
// heads the figure.
func ANNAttention(am *ann.AttentionMap, title, stem string) error {
	if am == nil || len(am.Weights) == 0 || len(am.Weights[0]) == 0 {
		return fmt.Errorf("viz: ANNAttention: no attention weights")
	}
	layers, heads, n := len(am.Weights), len(am.Weights[0]), len(am.Tokens)
	cmap := moreland.Kindlmann()
	cmap.SetMin(0)
	cmap.SetMax(1)
	pal := cmap.Palette(256)
	var grid [][]*plot.Plot
	for l := range layers {
		var row []*plot.Plot
		for h := range heads {
			xl, yl := "", ""
			if l == layers-1 {
				xl = "key (attended) token"
			}
			if h == 0 {
				yl = "query token"
			}
			p := NewPlot(fmt.Sprintf("layer %d, head %d", l+1, h+1), xl, yl)
			hm := plotter.NewHeatMap(attnGrid{w: am.Weights[l][h]}, pal)
			hm.Min, hm.Max = 0, 1
			p.Add(hm)
			p.X.Min, p.X.Max = -0.5, float64(n)-0.5
			p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
			p.X.Tick.Marker = tokenTicks{labels: am.Tokens, mark: am.Cue}
			p.Y.Tick.Marker = tokenTicks{labels: am.Tokens, mark: am.Cue, flip: true}
			for _, a := range []*plot.Axis{&p.X, &p.Y} {
				a.Tick.Label.Font.Size = tokenFontSize(n)
				a.Padding = 0
			}
			p.X.Tick.Label.Rotation = math.Pi / 2
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YCenter
			row = append(row, p)
		}
		grid = append(grid, row)
	}
	bar := NewPlot("", "attention weight", "")
	cb := &plotter.ColorBar{ColorMap: cmap}
	bar.Add(cb)
	bar.HideY()
	bar.X.Padding = 0
	side := 3.2 * vg.Inch
	sz := Size{W: max(Wide.W, side*vg.Length(heads)+0.6*vg.Inch), H: side*vg.Length(layers) + 1.3*vg.Inch}
	return SaveFigure(stem, sz, func(dc draw.Canvas) {
		head := vg.Points(24)
		barH := vg.Points(58)
		titleStyle := draw.TextStyle{Color: Black, Font: font.From(plot.DefaultFont, 13),
			XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
		dc.FillText(titleStyle, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(4)}, title)
		maps := draw.Crop(dc, 0, 0, barH, -head)
		tiles := draw.Tiles{Rows: layers, Cols: heads, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8, PadX: 12, PadY: 10}
		cs := plot.Align(grid, tiles, maps)
		for l := range grid {
			for h := range grid[l] {
				grid[l][h].Draw(cs[l][h])
			}
		}
		w := dc.Max.X - dc.Min.X
		strip := draw.Crop(dc, w/4, -w/4, vg.Points(4), -(dc.Max.Y - dc.Min.Y - barH))
		bar.Draw(strip)
	})
}

// ANNAlphaSweep draws long-term recall against the NMDA α of the
// feed-forward activation: for each α, the mean ± standard error over the
// runs of sweep[α] of the score of every learned episode at the last test
// (Result.MeanRecall of the last day). α is on a log axis, with α = 0 (a
// linear layer) placed a decade left of the smallest positive α; the top
// tick labels also give the [Mg²⁺] that α stands for (sim.MgAlpha).
// It saves stem.png and stem.svg.
func ANNAlphaSweep(sweep map[float64][]*ann.Result, stem string) error {
	var alphas []float64
	for a, rs := range sweep {
		if len(rs) > 0 {
			alphas = append(alphas, a)
		}
	}
	if len(alphas) == 0 {
		return fmt.Errorf("viz: ANNAlphaSweep: no runs")
	}
	slices.Sort(alphas)
	xOf := alphaAxis(alphas)
	zeroX := xOf(0)
	pts := make(errXYs, len(alphas))
	var mode ann.Mode
	steps := 0
	for i, a := range alphas {
		var v []float64
		for _, r := range sweep[a] {
			v = append(v, r.MeanRecall(len(r.Recall)-1))
			mode, steps = r.Mode, r.Params.StepsPerDay
		}
		st := ann.NewStat(v)
		pts[i] = errXY{x: xOf(a), y: st.Mean, err: st.SE}
	}
	p := NewPlot(fmt.Sprintf("Long-term recall vs NMDA α (%s, %d steps a night)", mode, steps),
		fmt.Sprintf("NMDA α of the feed-forward activation x/(1+α·exp(−βx));  [Mg2+] = %g mM·α", sim.MgBlockMM), "long-term recall score (all episodes)")
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	l.Color, l.Width = Blue, vg.Points(2)
	s.Color, s.Shape, s.Radius = Blue, draw.CircleGlyph{}, vg.Points(4)
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	eb.Color, eb.Width, eb.CapWidth = Blue, vg.Points(1.5), vg.Points(8)
	p.Add(l, s, eb)
	var ticks []plot.Tick
	for _, a := range alphas {
		lab := fmt.Sprintf("%g\n%.2g mM", a, a*sim.MgBlockMM)
		if a <= 0 {
			lab = "0 (linear)\n0 mM"
		}
		ticks = append(ticks, plot.Tick{Value: xOf(a), Label: lab})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = zeroX-0.3, xOf(alphas[len(alphas)-1])+0.3
	p.Y.Min, p.Y.Max = 0, 1.03
	n := len(sweep[alphas[0]])
	p.Legend.Add(fmt.Sprintf("mean ± s.e. over %d runs", n), l, s)
	p.Legend.Top, p.Legend.Left = false, true
	return SavePlot(p, stem, Wide)
}

// attnGrid is one head's weights as a heat-map grid: column c is key
// position c, row r is query position n−1−r (the first query on top).
type attnGrid struct{ w [][]float64 }

func (g attnGrid) Dims() (c, r int)   { return len(g.w), len(g.w) }
func (g attnGrid) Z(c, r int) float64 { return g.w[len(g.w)-1-r][c] }
func (g attnGrid) X(c int) float64    { return float64(c) }
func (g attnGrid) Y(r int) float64    { return float64(r) }

// tokenTicks labels every position with its token; flip numbers positions
// from the top. The position mark gets an arrow.
type tokenTicks struct {
	labels []string
	mark   int
	flip   bool
}

// Ticks returns one labelled tick per token.
func (t tokenTicks) Ticks(min, max float64) []plot.Tick {
	n := len(t.labels)
	ts := make([]plot.Tick, n)
	for i, l := range t.labels {
		if i == t.mark {
			l = "cue " + l
		}
		v := float64(i)
		if t.flip {
			v = float64(n - 1 - i)
		}
		ts[i] = plot.Tick{Value: v, Label: l}
	}
	return ts
}

// tokenFontSize shrinks token labels as the input grows.
func tokenFontSize(n int) vg.Length {
	switch {
	case n <= 16:
		return 9
	case n <= 28:
		return 7.5
	}
	return 6
}

// intTicks labels the integers lo…hi.
type intTicks [2]int

// Ticks returns a tick at every integer of the range.
func (t intTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for i := t[0]; i <= t[1]; i++ {
		ts = append(ts, plot.Tick{Value: float64(i), Label: fmt.Sprint(i)})
	}
	return ts
}

// errXY is a point with a symmetric error in y.
type errXY struct{ x, y, err float64 }

type errXYs []errXY

func (e errXYs) Len() int                    { return len(e) }
func (e errXYs) XY(i int) (float64, float64) { return e[i].x, e[i].y }
func (e errXYs) YError(i int) (float64, float64) {
	if math.IsNaN(e[i].err) {
		return 0, 0
	}
	return e[i].err, e[i].err
}

// runningMean returns (step, mean of the last w values) for every step,
// steps numbered from 1.
func runningMean(v []float64, w int) plotter.XYs {
	xy := make(plotter.XYs, len(v))
	s := 0.0
	for i, x := range v {
		s += x
		if i >= w {
			s -= v[i-w]
		}
		n := min(i+1, w)
		xy[i] = plotter.XY{X: float64(i + 1), Y: math.Max(s/float64(n), 1e-6)}
	}
	return xy
}

// setLogY puts the y axis of p on a log scale with decade ticks.
func setLogY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
}

// newLine returns a line through xy in colour c with dash pattern dash.
func newLine(xy plotter.XYs, c color.Color, dash []vg.Length) (*plotter.Line, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	l.Color, l.Dashes, l.Width = c, dash, vg.Points(1.5)
	return l, nil
}

// addVLine adds a dotted vertical line at x across the plot, labelled at
// its top.
func addVLine(p *plot.Plot, x float64, label string) {
	p.Add(vline{x: x, label: label})
}

// vline is a dotted vertical marker spanning the data area.
type vline struct {
	x     float64
	label string
}

// Plot draws the line and its label.
func (v vline) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(draw.LineStyle{Color: Grey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(1), vg.Points(2.5)}},
		x, c.Min.Y, x, c.Max.Y)
	sty := draw.TextStyle{Color: Grey, Font: font.From(plot.DefaultFont, 8), XAlign: draw.XLeft, YAlign: draw.YBottom,
		Handler: plot.DefaultTextHandler}
	c.FillText(sty, vg.Point{X: x + vg.Points(2), Y: c.Min.Y + vg.Points(2)}, v.label)
}

// annGlyph returns a distinct marker shape for the k-th mode.
func annGlyph(k int) draw.GlyphDrawer {
	switch k % 4 {
	case 0:
		return draw.CircleGlyph{}
	case 1:
		return draw.SquareGlyph{}
	case 2:
		return draw.TriangleGlyph{}
	}
	return draw.PyramidGlyph{}
}

// joinAnd joins words as "a", "a and b", "a, b and c".
func joinAnd(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	s := w[0]
	for _, x := range w[1 : len(w)-1] {
		s += ", " + x
	}
	return s + " and " + w[len(w)-1]
}

// alphaAxis returns the x position of an NMDA α on a log axis: log10(α),
// with α ≤ 0 (a linear layer) placed a decade left of the smallest
// positive α in alphas (of α = 1 when there is none).
func alphaAxis(alphas []float64) func(float64) float64 {
	minPos := math.Inf(1)
	for _, a := range alphas {
		if a > 0 {
			minPos = math.Min(minPos, a)
		}
	}
	if math.IsInf(minPos, 1) {
		minPos = 1
	}
	zeroX := math.Log10(minPos) - 1
	return func(a float64) float64 {
		if a <= 0 {
			return zeroX
		}
		return math.Log10(a)
	}
}
