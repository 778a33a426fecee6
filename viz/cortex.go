package viz

import (
	"fmt"
	"image/color"
	"math"

	"engram/cortex"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// cortexLine adds a line with point markers to p and the legend (label
// "" keeps it out of the legend).
func cortexLine(p *plot.Plot, xs, ys []float64, c color.Color, shape draw.GlyphDrawer, dashed bool, label string) error {
	pts := make(plotter.XYs, len(ys))
	for k := range ys {
		pts[k] = plotter.XY{X: xs[k], Y: ys[k]}
	}
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	l.Color, l.Width = c, vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	s.Color, s.Shape, s.Radius = c, shape, vg.Points(3)
	p.Add(l, s)
	if label != "" {
		p.Legend.Add(label, l, s)
	}
	return nil
}

// cortexHLine adds a dashed horizontal reference line at y from x0 to x1.
func cortexHLine(p *plot.Plot, x0, x1, y float64, c color.Color, label string) error {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(1.2), []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(l)
	if label != "" {
		p.Legend.Add(label, l)
	}
	return nil
}

func indexXs(n int) []float64 {
	xs := make([]float64, n)
	for k := range xs {
		xs[k] = float64(k)
	}
	return xs
}

// ConsolidationCurve draws cortex-only recall over days with a night of
// replay after each day's awake exposure, and without sleep, with the
// chance score dashed (cortex.Consolidation; row V8), and saves
// stem.png/.svg.
func ConsolidationCurve(stem string, r cortex.ConsolidationResult) error {
	n := len(r.Replay)
	if n < 2 || len(r.NoSleep) != n {
		return fmt.Errorf("viz: consolidation result with %d replay and %d no-sleep points, want equal and ≥ 2", n, len(r.NoSleep))
	}
	last := n - 1
	title := fmt.Sprintf("Sleep replay teaches the cortex: recall %.2f after %d nights, %.2f without sleep",
		r.Replay[last], last, r.NoSleep[last])
	p := NewPlot(title, "day (awake exposure, then night)", "cortex-only recall score")
	xs := indexXs(n)
	if err := cortexLine(p, xs, r.Replay, Blue, draw.CircleGlyph{}, false, "with replay in sleep"); err != nil {
		return err
	}
	if err := cortexLine(p, xs, r.NoSleep, Vermilion, draw.BoxGlyph{}, false, "no sleep (awake exposure only)"); err != nil {
		return err
	}
	if err := cortexHLine(p, 0, float64(last), r.Chance, Grey, fmt.Sprintf("chance (%.2f)", r.Chance)); err != nil {
		return err
	}
	p.X.Min, p.X.Max = -0.2, float64(last)+0.2
	p.Y.Min, p.Y.Max = -0.03, 1.03
	p.X.Tick.Marker = integerTicks(0, last)
	p.Legend.Top, p.Legend.Left = true, true
	return SavePlot(p, stem, Wide)
}

// integerTicks labels every integer from lo to hi.
func integerTicks(lo, hi int) plot.ConstantTicks {
	var ts plot.ConstantTicks
	step := max(1, (hi-lo)/10)
	for k := lo; k <= hi; k += step {
		ts = append(ts, plot.Tick{Value: float64(k), Label: fmt.Sprint(k)})
	}
	return ts
}

// pruneStyle is how each pruning arm is drawn.
func pruneStyle(rule cortex.PruneRule) (color.Color, draw.GlyphDrawer, string) {
	switch rule {
	case cortex.PruneByUsage:
		return Blue, draw.CircleGlyph{}, "pruned by usage"
	case cortex.PruneDepressed:
		return Blue, draw.CircleGlyph{}, "pruned: depressed synapses"
	case cortex.PruneRandom:
		return Vermilion, draw.TriangleGlyph{}, "pruned at random (same counts)"
	}
	return Grey, draw.BoxGlyph{}, "not pruned"
}

// PruningCurves draws, over the nights of pruning (night 0: the
// consolidated cortex), the plastic E→E synapse count, cortex-only recall
// and the E→E synaptic events of one recall, for each arm of
// cortex.Pruning (row V10), and saves stem.png/.svg.
func PruningCurves(stem string, r cortex.PruningResult) error {
	use, rnd := r.Arm(cortex.PruneDepressed), r.Arm(cortex.PruneRandom)
	what := "of depressed synapses"
	if use == nil {
		use, what = r.Arm(cortex.PruneByUsage), "by use"
	}
	if use == nil || len(use.Recall) < 2 {
		return fmt.Errorf("viz: pruning result without a selective arm (depressed or by usage) of ≥ 2 points")
	}
	last := len(use.Recall) - 1
	title := fmt.Sprintf("Pruning %s: −%.0f %% plastic synapses, recall %.2f → %.2f", what, 100*use.PrunedFraction(), use.Recall[0], use.Recall[last])
	if rnd != nil {
		title += fmt.Sprintf(" (at random: %.2f)", rnd.Recall[len(rnd.Recall)-1])
	}
	syn := NewPlot(title, "", "E→E synapses (×1000)")
	rec := NewPlot("", "", "recall score")
	ev := NewPlot("", "night of pruning (0: consolidated, before pruning)", "E→E events/recall (×1000)")
	xs := indexXs(last + 1)
	peakEv := 0.0
	for _, a := range r.Arms {
		c, g, label := pruneStyle(a.Rule)
		dashed := a.Rule == cortex.PruneRandom
		k := make([]float64, len(a.Plastic))
		for i, s := range a.Plastic {
			k[i] = float64(s) / 1000
		}
		if err := cortexLine(syn, xs, k, c, g, dashed, label); err != nil {
			return err
		}
		if err := cortexLine(rec, xs, a.Recall, c, g, dashed, ""); err != nil {
			return err
		}
		e := make([]float64, len(a.EEEventsPerRecall))
		for i, v := range a.EEEventsPerRecall {
			e[i] = v / 1000
			peakEv = max(peakEv, e[i])
		}
		if err := cortexLine(ev, xs, e, c, g, dashed, ""); err != nil {
			return err
		}
	}
	if err := cortexHLine(rec, 0, float64(last), r.Chance, Grey, fmt.Sprintf("chance (%.2f)", r.Chance)); err != nil {
		return err
	}
	for _, p := range []*plot.Plot{syn, rec, ev} {
		p.X.Min, p.X.Max = -0.2, float64(last)+0.2
		p.X.Tick.Marker = integerTicks(0, last)
	}
	syn.Y.Min = 0
	syn.Y.Max *= 1.05
	syn.Legend.Top, syn.Legend.Left = false, true
	rec.Y.Min, rec.Y.Max = -0.03, 1.03
	rec.Legend.Top, rec.Legend.Left = false, false
	ev.Y.Min, ev.Y.Max = 0, 1.1*peakEv
	syn.HideX()
	rec.HideX()
	return SaveStack([]*plot.Plot{syn, rec, ev}, nil, stem, Size{Wide.W, 6 * vg.Inch})
}

// MgCurve draws consolidation against [Mg²⁺] (cortex.MgSweep; row V11):
// recall after the last night, the weights learned (forward chain and all
// other plastic synapses, initial weight dashed), and the factor by which
// the Mg²⁺ block scaled LTP (its mean at the E spikes of the last night;
// 1, ungated, dashed), and saves stem.png/.svg.
func MgCurve(stem string, r cortex.MgSweepResult) error {
	if len(r.Points) < 2 {
		return fmt.Errorf("viz: Mg²⁺ sweep of %d points, want ≥ 2", len(r.Points))
	}
	var mg, recall, fwd, other, gate []float64
	best := 0
	for k, p := range r.Points {
		mg = append(mg, p.MgMM)
		recall = append(recall, p.Final())
		fwd, other, gate = append(fwd, p.ForwardMV), append(other, p.OtherMV), append(gate, p.GateFactor)
		if p.Final() > r.Points[best].Final() {
			best = k
		}
	}
	nights := len(r.Points[0].Recall)
	title := fmt.Sprintf("Mg2+ gates consolidation: best at %g mM", r.Points[best].MgMM)
	if none := noLearningFrom(r, best); none != "" {
		title += ", " + none
	}
	lo, hi := mg[0], mg[len(mg)-1]
	rec := NewPlot(title, "", "recall score")
	if err := cortexLine(rec, mg, recall, Blue, draw.CircleGlyph{}, false, fmt.Sprintf("recall after %d nights of replay", nights)); err != nil {
		return err
	}
	if err := cortexHLine(rec, lo, hi, r.Chance, Grey, fmt.Sprintf("chance (%.2f)", r.Chance)); err != nil {
		return err
	}
	rec.Y.Min, rec.Y.Max = -0.03, 1.03
	rec.HideX()

	w := NewPlot("", "", "mean E→E weight (mV)")
	if err := cortexLine(w, mg, fwd, Green, draw.CircleGlyph{}, false, "route links (item k → k+1)"); err != nil {
		return err
	}
	if err := cortexLine(w, mg, other, Orange, draw.BoxGlyph{}, false, "all other plastic synapses"); err != nil {
		return err
	}
	if err := cortexHLine(w, lo, hi, r.InitialMV, Grey, "initial weight"); err != nil {
		return err
	}
	w.Y.Min = 0
	w.HideX()

	g := NewPlot("", "[Mg2+] (mM)", "LTP factor (log)")
	if err := cortexLine(g, mg, gate, Purple, draw.TriangleGlyph{}, false, "mean MgGain·B(Vd) at E spikes in sleep"); err != nil {
		return err
	}
	if err := cortexHLine(g, lo, hi, 1, Grey, "ungated STDP (factor 1)"); err != nil {
		return err
	}
	g.Y.Scale, g.Y.Tick.Marker = plot.LogScale{}, logTicks{}
	for _, p := range []*plot.Plot{rec, w, g} {
		p.X.Min, p.X.Max = lo-0.05*(hi-lo), hi+0.05*(hi-lo)
		p.Legend.Top = true
	}
	g.Legend.Top, g.Legend.Left = false, true
	return SaveStack([]*plot.Plot{rec, w, g}, nil, stem, Size{Wide.W, 6.5 * vg.Inch})
}

// noLearningFrom describes the [Mg²⁺] above the best value from which no
// sequence was recalled and the forward weights fell below their initial
// value ("" when there is none). Figure text writes Mg2+: the figure font
// has no superscript plus.
func noLearningFrom(r cortex.MgSweepResult, best int) string {
	for k := best + 1; k < len(r.Points); k++ {
		all := true
		for _, p := range r.Points[k:] {
			all = all && p.Final() == 0 && p.ForwardMV < r.InitialMV
		}
		if all {
			return fmt.Sprintf("forgetting at ≥ %g mM", r.Points[k].MgMM)
		}
	}
	return ""
}

// logTicks labels powers of ten and 2× and 5× between them.
type logTicks struct{}

// Ticks returns the ticks between min and max.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if v >= min*0.999 && v <= max*1.001 {
				ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprint(v)})
			}
		}
	}
	return ts
}

// cellGrid draws a square matrix m as filled cells, m[c][r] at column
// c, row r, coloured by cm. Each cell overlaps its neighbours by a hair so
// that anti-aliasing leaves no seams (a heat map drawn as separate
// rectangles shows a faint grid; a rasterised one is blurred when scaled).
type cellGrid struct {
	m  [][]float64
	cm palette.ColorMap
}

// Plot implements plot.Plotter.
func (g cellGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	hair := vg.Points(0.3)
	for x, col := range g.m {
		for y, v := range col {
			clr, err := g.cm.At(math.Min(math.Max(v, g.cm.Min()), g.cm.Max()))
			if err != nil {
				continue
			}
			x0, x1 := trX(float64(x)-0.5)-hair, trX(float64(x)+0.5)+hair
			y0, y1 := trY(float64(y)-0.5)-hair, trY(float64(y)+0.5)+hair
			c.FillPolygon(clr, c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
		}
	}
}

// WeightMatrices draws the mean E→E weight between item assemblies (mV;
// presynaptic on x, postsynaptic on y, assemblies in sequence order so
// that a learned chain k → k+1 lies just above the diagonal) before and
// after consolidation, side by side on one colour scale
// (cortex.ConsolidationResult.WeightsBefore/After), and saves
// stem.png/.svg. seqLen is the number of items per sequence.
func WeightMatrices(stem string, before, after [][]float64, seqLen int, beforeTitle, afterTitle string) error {
	n := len(before)
	if n == 0 || len(after) != n || seqLen < 1 {
		return fmt.Errorf("viz: weight matrices of %d and %d assemblies (sequence length %d), want equal, non-empty", n, len(after), seqLen)
	}
	vmax := 0.0
	for _, m := range [][][]float64{before, after} {
		for _, row := range m {
			for _, v := range row {
				vmax = max(vmax, v)
			}
		}
	}
	vmax = math.Max(vmax, 1e-3)
	cm := moreland.ExtendedBlackBody()
	cm.SetMin(0)
	cm.SetMax(vmax)
	ticks := sequenceTicks(n, seqLen)
	mk := func(m [][]float64, title string) *plot.Plot {
		p := NewPlot(title, "presynaptic assembly", "postsynaptic assembly")
		p.Add(cellGrid{m: m, cm: cm})
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5, -0.5, float64(n)-0.5
		p.X.Tick.Marker, p.Y.Tick.Marker = ticks, ticks
		p.Title.TextStyle.Font.Size = 11
		return p
	}
	left, right := mk(before, beforeTitle), mk(after, afterTitle)
	bar := NewPlot("", "", "mean weight (mV)")
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	bar.HideX()
	bar.Y.Min, bar.Y.Max = 0, vmax
	var bt plot.ConstantTicks
	step := math.Max(0.5, math.Round(vmax/5*2)/2)
	for v := 0.0; v <= vmax+1e-9; v += step {
		bt = append(bt, plot.Tick{Value: v, Label: fmt.Sprint(v)})
	}
	bar.Y.Tick.Marker = bt
	sz := Size{Wide.W, 4 * vg.Inch}
	return SaveFigure(stem, sz, func(dc draw.Canvas) {
		w := dc.Max.X - dc.Min.X
		barW := w * 0.13
		panel := (w - barW) / 2
		lc := draw.Crop(dc, 0, -(w - panel), 0, 0)
		rc := draw.Crop(dc, panel, -barW, 0, 0)
		bc := draw.Crop(dc, w-barW, 0, vg.Points(30), -vg.Points(22))
		left.Draw(draw.Crop(lc, vg.Points(2), -vg.Points(8), vg.Points(2), -vg.Points(2)))
		right.Draw(draw.Crop(rc, vg.Points(2), -vg.Points(8), vg.Points(2), -vg.Points(2)))
		bar.Draw(draw.Crop(bc, 0, -vg.Points(4), 0, 0))
	})
}

// sequenceTicks labels the middle of each sequence's block of assemblies
// ("s1", "s2", …) and marks the block boundaries.
func sequenceTicks(n, seqLen int) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for s := 0; s*seqLen < n; s++ {
		ts = append(ts, plot.Tick{Value: float64(s*seqLen) - 0.5})
		mid := float64(s*seqLen) + float64(min(seqLen, n-s*seqLen)-1)/2
		ts = append(ts, plot.Tick{Value: mid, Label: "s" + fmt.Sprint(s+1)})
	}
	return ts
}

// ConsolidationWeights draws the weight matrices of a consolidation run
// (WeightMatrices with titles stating what changed).
func ConsolidationWeights(stem string, r cortex.ConsolidationResult) error {
	if len(r.Episodes) == 0 {
		return fmt.Errorf("viz: consolidation result without episodes")
	}
	nights := len(r.Replay) - 1
	fb, _ := chainMean(r.WeightsBefore, len(r.Episodes[0].Items))
	fa, oa := chainMean(r.WeightsAfter, len(r.Episodes[0].Items))
	before := fmt.Sprintf("After one awake exposure\nchain k → k+1: %.2f mV", fb)
	after := fmt.Sprintf("After %d nights of replay\nchain k → k+1: %.2f mV, others %.2f mV", nights, fa, oa)
	return WeightMatrices(stem, r.WeightsBefore, r.WeightsAfter, len(r.Episodes[0].Items), before, after)
}

// chainMean returns the mean of the forward entries k → k+1 within each
// sequence block and of the other off-diagonal entries.
func chainMean(m [][]float64, seqLen int) (chain, rest float64) {
	var nc, nr int
	for a := range m {
		for b := range m[a] {
			switch {
			case a == b:
			case b == a+1 && a/seqLen == b/seqLen:
				chain += m[a][b]
				nc++
			default:
				rest += m[a][b]
				nr++
			}
		}
	}
	if nc > 0 {
		chain /= float64(nc)
	}
	if nr > 0 {
		rest /= float64(nr)
	}
	return chain, rest
}
