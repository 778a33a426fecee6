package viz

import (
	"fmt"
	"math"

	"engram/ann"
	"engram/brain"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BrainVsANN draws the forgetting curve of the first day's episodes in a
// brain run and in the ANN runs of the same task, side by side on the same
// scale: left the brain's readouts (cortex alone, hippocampus alone, both),
// right the ANN's memory modes, chance dashed in both. It saves
// stem.png/.svg.
func BrainVsANN(stem string, br brain.Result, annRes map[ann.Mode]*ann.Result) error {
	if len(br.Days) == 0 || br.Task == nil {
		return fmt.Errorf("viz: brain result with no days")
	}
	n := len(br.Days)
	xs := make([]float64, n)
	for d := range xs {
		xs[d] = float64(d + 1)
	}
	left := NewPlot("Brain: first day's episodes", "test at the end of day", "recall score (items in order)")
	for _, ro := range brain.Readouts {
		ys := br.DayCurve(0, ro)
		st := readoutStyle[ro]
		if err := cortexLine(left, xs, ys, st.c, st.shape, false, st.label); err != nil {
			return err
		}
	}
	right := NewPlot("Transformer: first day's episodes", "test at the end of day", "")
	for _, m := range presentModes(annRes) {
		ys := annRes[m].RecallOfDay(0)
		c, dash := ANNModeColor(m)
		pts := make(plotter.XYs, 0, len(ys))
		for d, y := range ys {
			if !math.IsNaN(y) {
				pts = append(pts, plotter.XY{X: float64(d + 1), Y: y})
			}
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		l.Color, l.Dashes, l.Width = c, dash, vg.Points(2)
		s.Color, s.Shape, s.Radius = c, draw.CircleGlyph{}, vg.Points(3)
		right.Add(l, s)
		right.Legend.Add(annModeLabel(m), l, s)
	}
	for _, p := range []*plot.Plot{left, right} {
		if err := cortexHLine(p, 1, float64(n), br.Chance, Grey, fmt.Sprintf("chance (%.2f)", br.Chance)); err != nil {
			return err
		}
		unitAxis(p, 1.25)
		p.X.Min, p.X.Max = 0.8, float64(n)+0.2
		p.Legend.Top = true
	}
	return SaveFigure(stem, Wide, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(18), PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8}
		cs := plot.Align([][]*plot.Plot{{left, right}}, tiles, dc)
		left.Draw(cs[0][0])
		right.Draw(cs[0][1])
	})
}
