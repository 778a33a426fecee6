package viz

import (
	"image/color"
	"math"

	"engram/ann"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// errorBars are points with symmetric y errors (plotter.YErrorer).
type errorBars struct {
	plotter.XYs
	plotter.YErrors
}

// Color is a colour of the house palette.
type Color = color.Color

// Series is one line of a sweep figure.
type Series struct {
	Name string
	X, Y []float64
	// Err, when set, is the standard error of each Y, drawn as error bars.
	Err []float64
	// Mode, when set, says the series is a Transformer memory mode's: it
	// is drawn in that mode's colour and dashes (ANNModeColor), as in
	// every other figure. Other series take the palette's colours in
	// order.
	Mode ann.Mode
}

// cycle is the Okabe–Ito palette in the order lines without a colour of
// their own receive it.
var cycle = []color.Color{Black, Blue, Vermilion, Green, Orange, SkyBlue, Purple}

// SweepLines draws each series against the swept value (xLabel) with the
// y axis labelled yLabel (starting at 0 when every value is ≥ 0), and
// saves stem.png/.svg.
func SweepLines(stem, title, xLabel, yLabel string, series []Series) error {
	p := NewPlot(title, xLabel, yLabel)
	nonNeg, top := true, 0.0
	for _, s := range series {
		for i, y := range s.Y {
			nonNeg = nonNeg && y >= 0
			if i < len(s.Err) && !math.IsNaN(s.Err[i]) {
				y += s.Err[i]
			}
			top = math.Max(top, y)
		}
	}
	if nonNeg {
		p.Y.Min = 0
		p.Y.Max = 1.12*top + 0.06*top*float64(len(series)) // room for the legend above the lines
	}
	p.Legend.Top = true
	for k, s := range series {
		pts := make(plotter.XYs, len(s.X))
		for i := range s.X {
			pts[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
		}
		l, g, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		c := cycle[k%len(cycle)]
		if s.Mode != "" {
			c, l.Dashes = ANNModeColor(s.Mode)
		}
		l.Color, l.Width = c, vg.Points(1.8)
		g.Color, g.Shape, g.Radius = c, draw.CircleGlyph{}, vg.Points(3)
		p.Add(l, g)
		if len(s.Err) == len(s.X) && len(s.Err) > 0 {
			bars := errorBars{XYs: pts}
			for _, e := range s.Err {
				if math.IsNaN(e) {
					e = 0
				}
				bars.YErrors = append(bars.YErrors, struct{ Low, High float64 }{e, e})
			}
			eb, err := plotter.NewYErrorBars(bars)
			if err != nil {
				return err
			}
			eb.LineStyle.Color, eb.LineStyle.Width = c, vg.Points(1.2)
			p.Add(eb)
		}
		p.Legend.Add(s.Name, l, g)
	}
	return SavePlot(p, stem, Wide)
}
