package viz

import (
	"fmt"
	"math"

	"engram/ann"
	"engram/brain"
	"engram/sim"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Reference energies of the summary figure.
const (
	// brainDayJoules is a human brain's energy for one day at 20 W.
	brainDayJoules = 20 * 86400
	// gpt3Joules is the energy of training GPT-3, 1,287 MWh (Patterson
	// et al. 2021).
	gpt3Joules = 1287e6 * 3600
)

// Summary draws "Brain vs AI memory" from one day-night run, four panels:
// the short-term store (hippocampal recall of each day's episodes on their
// day against the context window's), long-term consolidation (the first
// day's episodes over the days: cortex alone against fine-tuning and
// replay), selection (the Mg²⁺ block B(V) at [Mg²⁺] mgMM and the
// Transformer's NMDA gate 1/(1 + α·e^(−x)) at x = 0.062·V, α =
// [Mg²⁺]/3.57 mM: the same curve), and energy (joules of this run by
// system, log scale, with a human brain's day at 20 W and GPT-3's
// training as references). It saves stem.png/.svg.
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
	same := make([]float64, n)
	for d, day := range br.Days {
		c := 0
		for _, e := range day.Recall {
			if e.LearnedDay == day.Day {
				same[d] += e.Hippocampus
				c++
			}
		}
		same[d] /= float64(max(c, 1))
	}
	if err := line(short, days, same, HippocampusColor, nil, "hippocampus (CA3)"); err != nil {
		return err
	}
	short.Title.Text = fmt.Sprintf("Short-term store: hippocampus %.2f", meanOf(same))
	if r := annRes[ann.ModeNone]; r != nil {
		c, dash := ANNModeColor(ann.ModeNone)
		in := r.InWindowRecall()
		if err := line(short, days, in, c, dash, "context window"); err != nil {
			return err
		}
		short.Title.Text += fmt.Sprintf(", context %.2f", meanOf(in))
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
		p.Y.Min, p.Y.Max = 0, 1.3
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
	sel.Y.Min, sel.Y.Max = 0, 1.3

	// 4. Energy of this run.
	en := NewPlot(fmt.Sprintf("Energy of this run: brain model %.2g J", br.Days[n-1].Energy.Joules), "", "joules (log scale)")
	en.Y.Scale, en.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{}
	type bar struct {
		label string
		j     float64
		c     Color
	}
	bars := []bar{{"brain model", br.Days[n-1].Energy.Joules, BothColor}}
	for _, m := range ann.Modes() {
		if r := annRes[m]; r != nil {
			c, _ := ANNModeColor(m)
			bars = append(bars, bar{"ANN " + string(m), r.Energy(ann.JoulesPerFLOPH100), c})
		}
	}
	var names []string
	lo := math.Inf(1)
	for _, b := range bars {
		if b.j > 0 {
			lo = math.Min(lo, b.j)
		}
	}
	floor := math.Pow(10, math.Floor(math.Log10(lo))-1)
	for k, b := range bars {
		names = append(names, b.label)
		if b.j <= 0 {
			continue
		}
		// A bar is a thick vertical line from the axis floor (log scale).
		l, err := plotter.NewLine(plotter.XYs{{X: float64(k), Y: floor}, {X: float64(k), Y: b.j}})
		if err != nil {
			return err
		}
		l.Color, l.Width = b.c, vg.Points(20)
		en.Add(l)
	}
	for _, ref := range []struct {
		j     float64
		label string
		c     Color
	}{{brainDayJoules, "human brain, 1 day at 20 W", Green}, {gpt3Joules, "GPT-3 training, 1,287 MWh", Vermilion}} {
		l, err := plotter.NewLine(plotter.XYs{{X: -0.6, Y: ref.j}, {X: float64(len(bars)) - 0.4, Y: ref.j}})
		if err != nil {
			return err
		}
		l.Color, l.Dashes = ref.c, []vg.Length{vg.Points(4), vg.Points(3)}
		en.Add(l)
		en.Legend.Add(ref.label, l)
	}
	en.NominalX(names...)
	en.X.Min, en.X.Max = -0.6, float64(len(bars))-0.4
	en.X.Tick.Label.Rotation = 0.4
	en.X.Tick.Label.XAlign, en.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	en.Y.Min, en.Y.Max = floor, gpt3Joules*1e3
	en.Y.Tick.Marker = decadeTicks{step: 3}
	en.Legend.Top = true

	return SaveFigure(stem, Size{W: 2 * Wide.W * 0.85, H: 2 * Wide.H * 0.85}, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(24), PadY: vg.Points(18), PadTop: 6, PadBottom: 4, PadLeft: 6, PadRight: 10}
		cs := plot.Align([][]*plot.Plot{{short, long}, {sel, en}}, tiles, dc)
		short.Draw(cs[0][0])
		long.Draw(cs[0][1])
		sel.Draw(cs[1][0])
		en.Draw(cs[1][1])
	})
}

// decadeTicks labels every step-th power of ten of a log axis.
type decadeTicks struct{ step int }

// Ticks returns the ticks between min and max.
func (d decadeTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for e := int(math.Floor(math.Log10(min))); e <= int(math.Ceil(math.Log10(max))); e++ {
		v := math.Pow(10, float64(e))
		if v < min || v > max {
			continue
		}
		t := plot.Tick{Value: v}
		if e%d.step == 0 {
			t.Label = fmt.Sprintf("1e%d", e)
		}
		ts = append(ts, t)
	}
	return ts
}

// meanOf returns the mean of the non-NaN values of x (NaN if none).
func meanOf(x []float64) float64 {
	s, c := 0.0, 0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			c++
		}
	}
	if c == 0 {
		return math.NaN()
	}
	return s / float64(c)
}
