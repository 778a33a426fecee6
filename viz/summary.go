package viz

import (
	"fmt"
	"image/color"
	"math"

	"engram/ann"
	"engram/brain"
	"engram/sim"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Summary draws "Brain vs AI memory" from one day-night run, four panels:
// the short-term store (hippocampal recall of each day's episodes on their
// day against the context window's), long-term consolidation (the first
// day's episodes over the days: cortex alone against fine-tuning and
// replay), selection (the Mg²⁺ block B(V) at [Mg²⁺] mgMM and the
// Transformer's NMDA gate 1/(1 + α·e^(−x)) at x = 0.062·V, α =
// [Mg²⁺]/3.57 mM: the same curve), and energy per recall (energyPerRecall:
// joules of one cued recall by the brain model and by each ANN mode, log
// scale, with a whole human brain at 20 W for as long as one of the
// model's recalls takes and GPT-3's training as references). It saves
// stem.png/.svg.
func Summary(stem string, br brain.Result, annRes map[ann.Mode]*ann.Result, mgMM float64) error {
	n := len(br.Days)
	if n == 0 || br.Task == nil {
		return fmt.Errorf("viz: summary needs a brain run with days")
	}
	days := make([]float64, n)
	for d := range days {
		days[d] = float64(d + 1)
	}
	line := func(p *plot.Plot, xs, ys []float64, c Color, dashes []vg.Length, label string) error {
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
		l.Color, l.Dashes, l.Width = c, dashes, vg.Points(2)
		s.Color, s.Radius, s.Shape = c, vg.Points(2.5), draw.CircleGlyph{}
		p.Add(l, s)
		p.Legend.Add(label, l, s)
		return nil
	}

	// 1. Short-term store.
	short := NewPlot("", "day", "recall of that day's episodes")
	same := br.SameDayCurve(brain.Hippocampus)
	if err := line(short, days, same, HippocampusColor, nil, "hippocampus (CA3)"); err != nil {
		return err
	}
	short.Title.Text = fmt.Sprintf("Short-term store: hippocampus %.2f", stat.Mean(same, nil))
	if r := annRes[ann.ModeNone]; r != nil {
		c, dash := ANNModeColor(ann.ModeNone)
		in := r.InWindowRecall()
		if err := line(short, days, in, c, dash, "context window"); err != nil {
			return err
		}
		short.Title.Text += fmt.Sprintf(", context %.2f", stat.Mean(in, nil))
	}

	// 2. Long-term consolidation of the first day's episodes.
	long := NewPlot("", "day", "recall")
	ctx := br.DayCurve(0, brain.Cortex)
	if err := line(long, days, ctx, CortexColor, nil, "cortex (sleep replay)"); err != nil {
		return err
	}
	long.Title.Text = fmt.Sprintf("Day-1 episodes on day %d: cortex %.2f", n, ctx[n-1])
	for _, m := range []ann.Mode{ann.ModeFinetune, ann.ModeReplay} {
		if r := annRes[m]; r != nil {
			c, dash := ANNModeColor(m)
			d1 := r.RecallOfDay(0)
			if err := line(long, days, d1, c, dash, "ANN "+string(m)); err != nil {
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

	// 3. Selection: the same gate in both.
	sel := NewPlot(fmt.Sprintf("Selection: NMDA block and ANN gate are one curve (%g mM)", mgMM), "membrane potential V (mV)", "open fraction")
	var bv, gv plotter.XYs
	alpha := mgMM / 3.57
	for v := -100.0; v <= 40; v++ {
		bv = append(bv, plotter.XY{X: v, Y: sim.MgBlock(v, mgMM)})
		x, a := 0.062*v, ann.NMDA{Alpha: alpha, Beta: 1}
		g := a.Deriv(0) // the gate at x = 0, where F(x)/x is 0/0
		if x != 0 {
			g = a.F(x) / x
		}
		gv = append(gv, plotter.XY{X: v, Y: g})
	}
	lb, _ := plotter.NewLine(bv)
	lb.Color, lb.Width = CortexColor, vg.Points(5)
	lg, _ := plotter.NewLine(gv)
	lg.Color, lg.Width, lg.Dashes = Orange, vg.Points(2), []vg.Length{vg.Points(5), vg.Points(3)}
	sel.Add(lb, lg)
	sel.Legend.Add("NMDA Mg2+ block B(V)", lb)
	sel.Legend.Add(fmt.Sprintf("ANN gate, α = %.2f, x = 0.062·V", alpha), lg)
	sel.Legend.Top, sel.Legend.Left = true, true
	unitAxis(sel, 1.3)

	// 4. Energy per recall.
	en, err := energyPerRecall(br, annRes)
	if err != nil {
		return err
	}

	return SaveFigure(stem, Size{W: 2 * Wide.W * 0.85, H: 2 * Wide.H * 0.85}, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(24), PadY: vg.Points(18), PadTop: 6, PadBottom: 4, PadLeft: 6, PadRight: 10}
		cs := plot.Align([][]*plot.Plot{{short, long}, {sel, en}}, tiles, dc)
		short.Draw(cs[0][0])
		long.Draw(cs[0][1])
		sel.Draw(cs[1][0])
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
