package viz

import (
	"fmt"
	"image/color"
	"math"

	"engram/ann"
	"engram/brain"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Selection is what the summary's selection panel draws, measured on both
// sides: how the brain's own plastic synapse (the cortex's E→E rule)
// changes per pairing against the postsynaptic depolarisation it is
// paired with, at the run's [Mg²⁺] and at others for comparison
// (cortex.Potentiation), and how the trained Transformer's recall changes
// with the α of its NMDA activation (ann.Result.RecallAtAlpha).
type Selection struct {
	// MgMM is the run's [Mg²⁺], mM.
	MgMM float64
	// DepolMV are the held depolarisations, mV.
	DepolMV []float64
	// Potentiation[k] is the weight change per pairing (mV) at each of
	// DepolMV, at [Mg²⁺] PotentiationMgMM[k] (mM).
	PotentiationMgMM []float64
	Potentiation     [][]float64
	// ANNMode is the Transformer mode measured; Alphas its α values and
	// ANNRecall its mean recall of every learned episode at the last test
	// at each; RunAlpha the α it was trained with.
	ANNMode   ann.Mode
	Alphas    []float64
	ANNRecall []float64
	RunAlpha  float64
}

// Summary draws "Brain vs AI memory" from one day-night run, four panels:
// the short-term store (hippocampal recall of each day's episodes on their
// day against the context window's), long-term consolidation (the first
// day's episodes over the days: cortex alone against fine-tuning and
// replay), selection (two measured curves, sel: the brain synapse's
// weight change per pairing against postsynaptic depolarisation at the
// run's [Mg²⁺] and others, and the Transformer's recall against α), and
// energy per recall (energyPerRecall: joules of one cued recall by the
// brain model and by each ANN mode, log scale, with a whole human brain at
// 20 W for as long as one of the model's recalls takes and GPT-3's
// training as references). It saves stem.png/.svg.
func Summary(stem string, br brain.Result, annRes map[ann.Mode]*ann.Result, sel Selection) error {
	n := len(br.Days)
	if n == 0 || br.Task == nil {
		return fmt.Errorf("viz: summary needs a brain run with days")
	}
	days := make([]float64, n)
	for d := range days {
		days[d] = float64(d + 1)
	}
	// line adds a curve; width is its line width in points, and a curve
	// drawn later covers an earlier one where they coincide.
	line := func(p *plot.Plot, xs, ys []float64, c Color, dashes []vg.Length, width float64, label string) error {
		pts := make(plotter.XYs, 0, len(xs))
		for i := range xs {
			if !math.IsNaN(ys[i]) {
				pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
			}
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		l.Color, l.Dashes, l.Width = c, dashes, vg.Points(width)
		s.Color, s.Radius, s.Shape = c, vg.Points(1.25*width), draw.CircleGlyph{}
		p.Add(l, s)
		p.Legend.Add(label, l, s)
		return nil
	}

	// 1. Short-term store. The hippocampus is drawn wide under the context
	// window's narrow dashed line, so that both show where they coincide
	// (both at 1 on every day in the default run).
	short := NewPlot("", "day", "recall of that day's episodes")
	same := br.SameDayCurve(brain.Hippocampus)
	if err := line(short, days, same, HippocampusColor, nil, 4, "hippocampus (CA3)"); err != nil {
		return err
	}
	short.Title.Text = fmt.Sprintf("Short-term store: hippocampus %.2f", stat.Mean(same, nil))
	if r := annRes[ann.ModeNone]; r != nil {
		c, _ := ANNModeColor(ann.ModeNone)
		in := r.InWindowRecall()
		if err := line(short, days, in, c, []vg.Length{vg.Points(5), vg.Points(3)}, 1.5, "context window"); err != nil {
			return err
		}
		short.Title.Text += fmt.Sprintf(", context %.2f", stat.Mean(in, nil))
	}

	// 2. Long-term consolidation of the first day's episodes.
	long := NewPlot("", "day", "recall")
	ctx := br.DayCurve(0, brain.Cortex)
	if err := line(long, days, ctx, CortexColor, nil, 2, "cortex (sleep replay)"); err != nil {
		return err
	}
	long.Title.Text = fmt.Sprintf("Day-1 episodes on day %d: cortex %.2f", n, ctx[n-1])
	for _, m := range []ann.Mode{ann.ModeFinetune, ann.ModeReplay} {
		if r := annRes[m]; r != nil {
			c, dash := ANNModeColor(m)
			d1 := r.RecallOfDay(0)
			if err := line(long, days, d1, c, dash, 2, "ANN "+string(m)); err != nil {
				return err
			}
			long.Title.Text += fmt.Sprintf(", %s %.2f", m, d1[len(d1)-1])
		}
	}
	for _, p := range []*plot.Plot{short, long} {
		unitAxis(p, 1.3)
		p.X.Min, p.X.Max = 0.8, float64(n)+0.2
		p.Legend.Top = true
	}

	// 3. Selection: both gates, measured.
	synapse, gate, err := selectionPlots(sel)
	if err != nil {
		return err
	}

	// 4. Energy per recall.
	en, err := energyPerRecall(br, annRes)
	if err != nil {
		return err
	}

	return SaveFigure(stem, Size{W: 2 * Wide.W * 0.85, H: 2 * Wide.H * 0.85}, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(24), PadY: vg.Points(18), PadTop: 6, PadBottom: 4, PadLeft: 6, PadRight: 10}
		cs := plot.Align([][]*plot.Plot{{short, long}, {synapse, en}}, tiles, dc)
		short.Draw(cs[0][0])
		long.Draw(cs[0][1])
		// The selection tile holds the two measured curves side by side.
		c := cs[1][0]
		mid := (c.Min.X + c.Max.X) / 2
		left, right := c, c
		left.Max.X, right.Min.X = mid-vg.Points(8), mid+vg.Points(8)
		synapse.Draw(left)
		gate.Draw(right)
		en.Draw(cs[1][1])
	})
}

// energyPerRecall draws the energy of one recall, in joules on a log
// scale: the brain model's (brain.Result.JoulesPerRecall: the network's
// energy meter over every day's test, per episode recalled by one
// readout) and each ANN mode's (ann.Result.JoulesPerRecall at the H100's
// J/FLOP), each bar labelled with its value. Two dashed references: a
// whole human brain (20 W) for the simulated time one of the model's
// recalls takes (brain.Result.MsPerRecall), and GPT-3's training. The
// title gives the brain model's and the ANN's numbers.
//
// The y axis holds log10 of the joules on a linear scale, labelled as
// powers of ten (powerTicks): gonum/plot places a y-axis label at the
// linear mean of the axis range, which on a log scale spanning 20 decades
// sits at the top and leaves a gap under the title.
func energyPerRecall(br brain.Result, annRes map[ann.Mode]*ann.Result) (*plot.Plot, error) {
	type bar struct {
		label string
		j     float64
		c     color.Color
	}
	bars := []bar{{"brain\nmodel", br.JoulesPerRecall(), BothColor}}
	annLo, annHi := math.Inf(1), math.Inf(-1)
	for _, m := range ann.Modes() {
		if r := annRes[m]; r != nil {
			c, _ := ANNModeColor(m)
			j := r.JoulesPerRecall(ann.JoulesPerFLOPH100)
			bars = append(bars, bar{"ANN\n" + string(m), j, c})
			if j > 0 {
				annLo, annHi = math.Min(annLo, j), math.Max(annHi, j)
			}
		}
	}
	title := fmt.Sprintf("Energy per recall: brain model %.2g J", bars[0].j)
	switch {
	case annLo == annHi:
		title += fmt.Sprintf(" vs ANN %.2g J", annLo)
	case annLo < annHi:
		title += fmt.Sprintf(" vs ANN %.2g–%.2g J", annLo, annHi)
	}
	ms := br.MsPerRecall()
	whole := brain.HumanBrainWatts * ms / 1000
	p := NewPlot(title, fmt.Sprintf("ANN at the H100's %.2g pJ/FLOP", ann.JoulesPerFLOPH100*1e12), "joules per recall (log scale)")
	lo := math.Inf(1)
	for _, b := range bars {
		if b.j > 0 {
			lo = math.Min(lo, b.j)
		}
	}
	if math.IsInf(lo, 1) {
		lo = 1
	}
	floor := math.Floor(math.Log10(lo)) - 1 // log10 J
	xMin, xMax := -0.6, float64(len(bars))-0.4
	var names []string
	var vals plotter.XYLabels
	for k, b := range bars {
		names = append(names, b.label)
		if b.j <= 0 {
			continue
		}
		y := math.Log10(b.j)
		// A bar is a thick vertical line from the axis floor.
		l, err := plotter.NewLine(plotter.XYs{{X: float64(k), Y: floor}, {X: float64(k), Y: y}})
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = b.c, vg.Points(20)
		p.Add(l)
		vals.XYs = append(vals.XYs, plotter.XY{X: float64(k), Y: y + 0.4})
		vals.Labels = append(vals.Labels, fmt.Sprintf("%.2g", b.j))
	}
	refs := []struct {
		j     float64
		label string
		dash  []vg.Length
	}{
		{ann.GPT3TrainingJoules, fmt.Sprintf("GPT-3 training, 1,287 MWh = %.2g J", float64(ann.GPT3TrainingJoules)), []vg.Length{vg.Points(6), vg.Points(3)}},
		{whole, fmt.Sprintf("whole human brain at %g W for %.3g s (one model recall) = %.2g J", brain.HumanBrainWatts, ms/1000, whole), []vg.Length{vg.Points(2), vg.Points(2)}},
	}
	var refLabels plotter.XYLabels
	for _, ref := range refs {
		if ref.j <= 0 {
			continue
		}
		y := math.Log10(ref.j)
		l, err := plotter.NewLine(plotter.XYs{{X: xMin, Y: y}, {X: xMax, Y: y}})
		if err != nil {
			return nil, err
		}
		l.Color, l.Dashes, l.Width = Grey, ref.dash, vg.Points(1.5)
		p.Add(l)
		refLabels.XYs = append(refLabels.XYs, plotter.XY{X: xMin + 0.05, Y: y + 0.4})
		refLabels.Labels = append(refLabels.Labels, ref.label)
	}
	for _, ls := range []struct {
		xy   plotter.XYLabels
		c    color.Color
		xAln draw.XAlignment
	}{{vals, Black, draw.XCenter}, {refLabels, Grey, draw.XLeft}} {
		if len(ls.xy.XYs) == 0 {
			continue
		}
		l, err := plotter.NewLabels(ls.xy)
		if err != nil {
			return nil, err
		}
		for k := range l.TextStyle {
			l.TextStyle[k].Font.Size = 9
			l.TextStyle[k].Color = ls.c
			l.TextStyle[k].XAlign = ls.xAln
		}
		p.Add(l)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = xMin, xMax
	p.Y.Min, p.Y.Max = floor, math.Ceil(math.Log10(ann.GPT3TrainingJoules))+1.5
	p.Y.Tick.Marker = powerTicks{step: 3}
	return p, nil
}

// powerTicks ticks an axis that holds log10 of a quantity at every
// integer and labels every step-th one as the power of ten it stands for
// ("1e-6").
type powerTicks struct{ step int }

// Ticks returns the ticks between min and max (log10 values).
func (t powerTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for e := int(math.Ceil(min)); e <= int(math.Floor(max)); e++ {
		tk := plot.Tick{Value: float64(e)}
		if e%t.step == 0 {
			tk.Label = fmt.Sprintf("1e%d", e)
		}
		ts = append(ts, tk)
	}
	return ts
}

// selectionPlots returns the two halves of the selection panel: the brain
// synapse's weight change per pairing against held depolarisation (one
// line per [Mg²⁺], the run's thick) and the Transformer's recall against
// α (the trained α marked).
func selectionPlots(sel Selection) (*plot.Plot, *plot.Plot, error) {
	if len(sel.Potentiation) == 0 || len(sel.Potentiation) != len(sel.PotentiationMgMM) {
		return nil, nil, fmt.Errorf("viz: selection panel without potentiation measurements")
	}
	syn := NewPlot(fmt.Sprintf("Cortical synapse, %g mM", sel.MgMM), "depolarisation held (mV)", "Δw per pairing (mV)")
	for k, mg := range sel.PotentiationMgMM {
		if len(sel.Potentiation[k]) != len(sel.DepolMV) {
			return nil, nil, fmt.Errorf("viz: %d potentiation values at %g mM for %d depolarisations", len(sel.Potentiation[k]), mg, len(sel.DepolMV))
		}
		pts := make(plotter.XYs, len(sel.DepolMV))
		for i, d := range sel.DepolMV {
			pts[i] = plotter.XY{X: d, Y: sel.Potentiation[k][i]}
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, nil, err
		}
		var c color.Color = CortexColor
		w := vg.Points(1.2)
		var dash []vg.Length
		if mg == sel.MgMM {
			w = vg.Points(3)
		} else {
			c, dash = Grey, []vg.Length{vg.Points(4), vg.Points(2)}
		}
		l.Color, l.Width, l.Dashes = c, w, dash
		s.Color, s.Radius = c, vg.Points(2)
		syn.Add(l, s)
		syn.Legend.Add(fmt.Sprintf("%g mM", mg), l, s)
	}
	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color, zero.Width = Grey, vg.Points(0.5)
	syn.Add(zero)
	syn.Legend.Top, syn.Legend.Left = false, false

	gate := NewPlot(fmt.Sprintf("Transformer (%s)", sel.ANNMode), "NMDA activation α at recall", "recall")
	if len(sel.Alphas) > 0 {
		if len(sel.ANNRecall) != len(sel.Alphas) {
			return nil, nil, fmt.Errorf("viz: %d ANN recalls for %d α", len(sel.ANNRecall), len(sel.Alphas))
		}
		pts := make(plotter.XYs, len(sel.Alphas))
		for i, a := range sel.Alphas {
			pts[i] = plotter.XY{X: a, Y: sel.ANNRecall[i]}
		}
		c, dash := ANNModeColor(sel.ANNMode)
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, nil, err
		}
		l.Color, l.Width, l.Dashes = c, vg.Points(2), dash
		s.Color, s.Radius = c, vg.Points(2.5)
		gate.Add(l, s)
		gate.Legend.Add(fmt.Sprintf("trained at α = %g", sel.RunAlpha), l, s)
		gate.Legend.Top = true
	}
	unitAxis(gate, 1.3)
	return syn, gate, nil
}
