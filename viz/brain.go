package viz

import (
	"fmt"
	"image/color"
	"slices"

	"engram/brain"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// readoutStyle is how each brain readout is drawn.
var readoutStyle = map[brain.Readout]struct {
	c     color.Color
	shape draw.GlyphDrawer
	label string
}{
	brain.Cortex:      {CortexColor, draw.CircleGlyph{}, "cortex alone"},
	brain.Hippocampus: {HippocampusColor, draw.BoxGlyph{}, "hippocampus alone"},
	brain.Both:        {BothColor, draw.TriangleGlyph{}, "better of the two readouts"},
}

// RetentionCurves draws a brain run (brain.Run): above, the mean recall
// score of every episode learned so far after each day, for the cortex
// alone, the hippocampus alone and both, with chance dashed; below, the
// sharp-wave ripples and the replays of stored sequences detected each
// night. It saves stem.png/.svg.
func RetentionCurves(stem string, r brain.Result) error {
	n := len(r.Days)
	if n == 0 {
		return fmt.Errorf("viz: brain result with no days")
	}
	last := r.Days[n-1]
	title := fmt.Sprintf("After %d days: hippocampus recalls %.2f, cortex %.2f, together %.2f (chance %.2f)",
		n, last.Hippocampus, last.Cortex, last.Both, r.Chance)
	top := NewPlot(title, "day (awake, sleep, then test)", "mean recall score")
	xs := make([]float64, n)
	for k, d := range r.Days {
		xs[k] = float64(d.Day + 1) // days are numbered from 1 for people
	}
	for _, ro := range brain.Readouts {
		st := readoutStyle[ro]
		if err := cortexLine(top, xs, r.Curve(ro), st.c, st.shape, false, st.label); err != nil {
			return err
		}
	}
	if err := cortexHLine(top, xs[0], xs[n-1], r.Chance, Grey, "chance"); err != nil {
		return err
	}
	// Room above 1 for the legend, so that it covers no data.
	unitAxis(top, 1.45)
	top.Legend.Top, top.Legend.Left = true, true
	if d := r.Params.LesionDay; d >= 0 && d < n {
		if err := cortexVLine(top, float64(d+1)-0.5, "hippocampus lesioned"); err != nil {
			return err
		}
	}

	bottom := NewPlot("", "day (night after its awake phase)", "events per night")
	swr, rep := make(plotter.Values, n), make(plotter.Values, n)
	for k, d := range r.Days {
		swr[k], rep[k] = float64(d.SWR), float64(d.Replays)
	}
	w := vg.Points(10)
	b1, err := plotter.NewBarChart(swr, w)
	if err != nil {
		return err
	}
	b1.Color, b1.LineStyle.Width, b1.Offset, b1.XMin = SkyBlue, 0, -w/2, 1
	b2, err := plotter.NewBarChart(rep, w)
	if err != nil {
		return err
	}
	b2.Color, b2.LineStyle.Width, b2.Offset, b2.XMin = Green, 0, w/2, 1
	bottom.Add(b1, b2)
	bottom.Legend.Add("sharp-wave ripples", b1)
	bottom.Legend.Add("replays of a stored episode", b2)
	bottom.Legend.Top = true
	bottom.X.Min, bottom.X.Max = top.X.Min, top.X.Max
	bottom.Y.Min = 0
	if m := slices.Max(swr); m > 0 {
		bottom.Y.Max = m * 1.4
	} else {
		bottom.Y.Max = 1
	}
	return SaveStack([]*plot.Plot{top, bottom}, []int{2, 1}, stem, Size{Wide.W, 5.5 * vg.Inch})
}

// cortexVLine adds a dotted vertical marker at x across the plot's y range
// [0, 1] with a legend entry.
func cortexVLine(p *plot.Plot, x float64, label string) error {
	l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1}})
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = Purple, vg.Points(1.5), []vg.Length{vg.Points(1.5), vg.Points(2)}
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

// RibotGradient draws recall against the age of each memory at a
// hippocampal lesion (brain.Lesion): the whole brain's recall in the last
// test before the lesion, the lesioned brain's in the last test of the
// run, and the intact control's in the same test, with chance dashed.
// Ages ≤ 0 are episodes experienced on or after the lesion day. It saves
// stem.png/.svg.
func RibotGradient(stem string, r brain.LesionResult) error {
	if len(r.Ribot) == 0 {
		return fmt.Errorf("viz: lesion result with no episodes")
	}
	pts := slices.Clone(r.Ribot)
	slices.SortStableFunc(pts, func(a, b brain.RibotPoint) int { return a.AgeDays - b.AgeDays })
	xs := make([]float64, len(pts))
	before, after, control := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	var oldS, oldN, recent float64
	for k, pt := range pts {
		xs[k] = float64(pt.AgeDays)
		before[k], after[k], control[k] = pt.Before, pt.After, pt.Control
		if pt.AgeDays >= 3 {
			oldS += pt.After
			oldN++
		}
		if pt.AgeDays == 1 {
			recent = pt.After
		}
	}
	title := fmt.Sprintf("Lesion on day %d: recent memory (1 day old) recalled %.2f after it", r.LesionDay+1, recent)
	if oldN > 0 {
		title = fmt.Sprintf("Lesion on day %d: old memories (≥ 3 days) %.2f, 1-day-old %.2f after it", r.LesionDay+1, oldS/oldN, recent)
	}
	p := NewPlot(title, "age of the memory at the lesion (days; ≤ 0: experienced after it)", "recall score (whole brain)")
	// Before the lesion, only memories formed before it exist.
	var bx, by []float64
	for k, pt := range pts {
		if pt.AgeDays >= 1 {
			bx, by = append(bx, xs[k]), append(by, before[k])
		}
	}
	if err := cortexLine(p, xs, control, Blue, draw.CircleGlyph{}, false, "intact control, end of run"); err != nil {
		return err
	}
	if err := cortexLine(p, xs, after, Vermilion, draw.TriangleGlyph{}, false, "lesioned, end of run"); err != nil {
		return err
	}
	if len(bx) > 0 {
		if err := cortexLine(p, bx, by, Black, draw.CrossGlyph{}, true, "before the lesion"); err != nil {
			return err
		}
	}
	if err := cortexHLine(p, xs[0], xs[len(xs)-1], r.Lesioned.Chance, Grey, "chance"); err != nil {
		return err
	}
	// Room above 1 for the legend, so that it covers no data.
	unitAxis(p, 1.45)
	p.Legend.Top, p.Legend.Left = true, true
	return SavePlot(p, stem, Wide)
}
