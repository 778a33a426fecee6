package viz

import (
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Color is a colour of the house palette.
type Color = color.Color

// Series is one line of a sweep figure.
type Series struct {
	Name string
	X, Y []float64
	// Color and Dashes (points) draw the line; nil picks from the palette.
	Color  color.Color
	Dashes []float64
}

// cycle is the Okabe–Ito palette in the order lines without a colour of
// their own receive it.
var cycle = []color.Color{Black, Blue, Vermilion, Green, Orange, SkyBlue, Purple}

// SweepLines draws each series against the swept value (xLabel) with the
// y axis labelled yLabel (starting at 0 when every value is ≥ 0), and
// saves stem.png/.svg.
func SweepLines(stem, title, xLabel, yLabel string, series []Series) error {
	p := NewPlot(title, xLabel, yLabel)
	nonNeg := true
	for _, s := range series {
		for _, y := range s.Y {
			nonNeg = nonNeg && y >= 0
		}
	}
	if nonNeg {
		p.Y.Min = 0
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
		c := s.Color
		if c == nil {
			c = cycle[k%len(cycle)]
		}
		l.Color, l.Width = c, vg.Points(1.8)
		for _, d := range s.Dashes {
			l.Dashes = append(l.Dashes, vg.Points(d))
		}
		g.Color, g.Shape, g.Radius = c, draw.CircleGlyph{}, vg.Points(3)
		p.Add(l, g)
		p.Legend.Add(s.Name, l, g)
	}
	return SavePlot(p, stem, Wide)
}
