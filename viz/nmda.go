package viz

import (
	"fmt"
	"math"

	"engram/ann"
	"engram/sim"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// mgLevels are the [Mg²⁺] values of the block figures, mM, with colours.
var mgLevels = []struct {
	mM float64
	c  Color
}{{0, Black}, {0.5, SkyBlue}, {1, Blue}, {2, Orange}, {3, Vermilion}}

// MgBlock draws, left, the fraction of NMDA conductance left unblocked by
// Mg²⁺, B(V) = 1/(1 + [Mg²⁺]/3.57 mM·e^(−0.062·V)) (Jahr & Stevens 1990), for
// several [Mg²⁺]; right, the NMDA current–voltage relation I = g·B(V)·(V −
// 0 mV) for 1 nS at each [Mg²⁺]: outward positive, with the negative-slope
// region that makes the receptor a coincidence detector. Both use the
// engine's own sim.MgBlock. It saves stem.png/.svg.
func MgBlock(stem string) error {
	left := NewPlot("Depolarisation unblocks NMDA", "membrane potential (mV)", "unblocked fraction B(V)")
	right := NewPlot("NMDA I–V: negative slope with Mg2+", "membrane potential (mV)", "current for 1 nS (pA)")
	for _, lv := range mgLevels {
		var b, iv plotter.XYs
		for v := -100.0; v <= 40; v += 1 {
			bv := sim.MgBlock(v, lv.mM)
			b = append(b, plotter.XY{X: v, Y: bv})
			iv = append(iv, plotter.XY{X: v, Y: bv * v})
		}
		for k, pts := range []plotter.XYs{b, iv} {
			l, err := plotter.NewLine(pts)
			if err != nil {
				return err
			}
			l.Color, l.Width = lv.c, vg.Points(2)
			p := []*plot.Plot{left, right}[k]
			p.Add(l)
			if k == 0 {
				p.Legend.Add(fmt.Sprintf("[Mg2+] %g mM", lv.mM), l)
			}
		}
	}
	left.Legend.Top, left.Legend.Left = true, true
	left.Legend.YOffs, left.Legend.XOffs = -vg.Points(22), vg.Points(6) // below the 0 mM line
	left.Y.Min, left.Y.Max = 0, 1.05
	right.Add(plotter.NewGrid())
	return saveSideBySide(stem, left, right)
}

// NMDAActivation draws the NMDA-inspired activation of the Transformer's
// feed-forward layer, f(x) = x/(1 + α·e^(−βx)) (Kim et al. 2023), for α
// matching the [Mg²⁺] values of MgBlock (α = sim.MgAlpha([Mg²⁺]), β = 1), beside
// the identity (α = 0): the same gate shape as B(V). It saves stem.png/.svg.
func NMDAActivation(stem string) error {
	p := NewPlot("The Transformer's NMDA-like activation gates small inputs", "input x", "f(x) = x / (1 + α·e^(−x))")
	for _, lv := range mgLevels {
		alpha := sim.MgAlpha(lv.mM)
		var pts plotter.XYs
		for x := -6.0; x <= 6; x += 0.05 {
			pts = append(pts, plotter.XY{X: x, Y: ann.NMDA{Alpha: alpha, Beta: 1}.F(x)})
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color, l.Width = lv.c, vg.Points(2)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("α = %.2f (as %g mM Mg2+)", alpha, lv.mM), l)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	return SavePlot(p, stem, Wide)
}

// saveSideBySide saves two plots side by side with aligned axes.
func saveSideBySide(stem string, a, b *plot.Plot) error {
	return SaveFigure(stem, Wide, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(18), PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8}
		cs := plot.Align([][]*plot.Plot{{a, b}}, tiles, dc)
		a.Draw(cs[0][0])
		b.Draw(cs[0][1])
	})
}

// PlasticityMap draws the outcome of pairing (sim.Pairing: 100
// presynaptic spikes at 1 Hz with the postsynaptic cell held at a
// potential) as a map over [Mg²⁺] (x) and holding potential (y): dw[i][j]
// is Δw/w0 in % at mgMM[i] and clampMV[j], red for potentiation, blue for
// depression, each cell labelled. It saves stem.png/.svg.
func PlasticityMap(stem string, mgMM, clampMV []float64, dw [][]float64) error {
	if len(dw) != len(mgMM) || len(mgMM) == 0 {
		return fmt.Errorf("viz: plasticity map of %d × %d values for %d [Mg²⁺] values", len(dw), len(clampMV), len(mgMM))
	}
	top := 1.0
	for _, col := range dw {
		if len(col) != len(clampMV) {
			return fmt.Errorf("viz: plasticity map column of %d values for %d potentials", len(col), len(clampMV))
		}
		for _, v := range col {
			top = math.Max(top, math.Abs(v))
		}
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-top)
	cm.SetMax(top)
	p := NewPlot("What a synapse learns: depolarisation × magnesium", "[Mg2+] (mM)", "postsynaptic holding potential (mV)")
	p.Add(cellGrid{m: dw, cm: cm})
	var labels plotter.XYLabels
	for i, col := range dw {
		for j, v := range col {
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(i), Y: float64(j)})
			labels.Labels = append(labels.Labels, fmt.Sprintf("%+.0f%%", v))
		}
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	for k := range l.TextStyle {
		l.TextStyle[k].XAlign, l.TextStyle[k].YAlign = draw.XCenter, draw.YCenter
		l.TextStyle[k].Font.Size = 10
	}
	p.Add(l)
	var xt, yt []plot.Tick
	for i, m := range mgMM {
		xt = append(xt, plot.Tick{Value: float64(i), Label: fmt.Sprint(m)})
	}
	for j, v := range clampMV {
		yt = append(yt, plot.Tick{Value: float64(j), Label: fmt.Sprint(v)})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.X.Min, p.X.Max = -0.5, float64(len(mgMM))-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(clampMV))-0.5
	return SavePlot(p, stem, Wide)
}
