package viz

import (
	"fmt"
	"image/color"
	"slices"

	"engram/sim"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SpikeTrain is the recorded spikes of one population, for raster plots.
type SpikeTrain struct {
	// Name labels the population ("E", "CA3 PC", …).
	Name string
	// Size is the number of cells.
	Size int
	// TMs and Cells are spike times (ms) and cell indices.
	TMs   []float64
	Cells []int32
	// Color draws the population; nil takes the next colour of
	// rasterCycle (blue, vermilion, …).
	Color color.Color
}

// rasterCycle colours, in order, the populations of a raster that bring
// no colour of their own: the first (excitatory, in the benchmark
// network) blue, the second vermilion.
var rasterCycle = []color.Color{Blue, Vermilion, Green, Orange, SkyBlue, Purple, Black}

// RasterRate draws a spike raster of the first maxCells cells of each
// population (stacked, first population at the bottom) over a population-
// rate panel (Hz per cell, bins of binMs), from t0 to t1 ms, and saves it
// as stem.png and stem.svg.
func RasterRate(stem, title string, trains []SpikeTrain, t0, t1, binMs float64, maxCells int) error {
	return rasterRate(stem, title, trains, Window{T0Ms: t0, T1Ms: t1, BinMs: binMs, MaxCells: maxCells, Unit: 1})
}

// Window says what part of a recording a raster shows and how.
type Window struct {
	T0Ms, T1Ms, BinMs float64
	// MaxCells caps the cells drawn per population.
	MaxCells int
	// Unit is the time unit of the axis in ms (1: ms, 1000: s).
	Unit float64
	// Shade lists time spans (ms) to shade, e.g. detected events.
	Shade [][2]float64
}

func rasterRate(stem, title string, trains []SpikeTrain, w Window) error {
	if w.T1Ms <= w.T0Ms || w.BinMs <= 0 || w.Unit <= 0 {
		return fmt.Errorf("viz: raster window %g–%g ms, bin %g ms: want t1 > t0 and bin > 0", w.T0Ms, w.T1Ms, w.BinMs)
	}
	unit := "ms"
	if w.Unit == 1000 {
		unit = "s"
	}
	var spans [][2]float64
	for _, sp := range w.Shade {
		spans = append(spans, [2]float64{sp[0] / w.Unit, sp[1] / w.Unit})
	}
	x0, x1 := w.T0Ms/w.Unit, w.T1Ms/w.Unit
	raster := NewPlot(title, "", "")
	raster.X.Min, raster.X.Max = x0, x1
	raster.HideX()
	if len(spans) > 0 {
		raster.Add(shade{spans: spans, color: eventShade})
	}
	trains = slices.Clone(trains)
	for i := range trains {
		if trains[i].Color == nil {
			trains[i].Color = rasterCycle[i%len(rasterCycle)]
		}
	}
	offset := 0
	var ticks []plot.Tick
	for _, tr := range trains {
		shown := min(tr.Size, w.MaxCells)
		var pts plotter.XYs
		for k, c := range tr.Cells {
			if int(c) < shown && tr.TMs[k] >= w.T0Ms && tr.TMs[k] <= w.T1Ms {
				pts = append(pts, plotter.XY{X: tr.TMs[k] / w.Unit, Y: float64(offset) + float64(c)})
			}
		}
		if len(pts) > 0 {
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: tr.Color, Radius: vg.Points(0.6), Shape: draw.BoxGlyph{}}
			raster.Add(s)
		}
		label := tr.Name
		if shown < tr.Size {
			label = fmt.Sprintf("%s (%d of %d)", tr.Name, shown, tr.Size)
		}
		ticks = append(ticks, plot.Tick{Value: float64(offset) + float64(shown)/2, Label: label})
		offset += shown
	}
	raster.Y.Min, raster.Y.Max = 0, float64(offset)
	raster.Y.Tick.Marker = plot.ConstantTicks(ticks)

	rate := NewPlot("", "time ("+unit+")", "rate (Hz per cell)")
	rate.X.Min, rate.X.Max = x0, x1
	if len(spans) > 0 {
		rate.Add(shade{spans: spans, color: eventShade})
	}
	rate.Legend.Top = true
	peak := 0.0
	for _, tr := range trains {
		r := sim.PopulationRate(tr.TMs, tr.Size, w.T0Ms, w.T1Ms, w.BinMs)
		pts := make(plotter.XYs, len(r))
		for b := range r {
			pts[b] = plotter.XY{X: (w.T0Ms + (float64(b)+0.5)*w.BinMs) / w.Unit, Y: r[b]}
			peak = max(peak, r[b])
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color, l.Width = tr.Color, vg.Points(1.2)
		rate.Add(l)
		rate.Legend.Add(tr.Name, l)
	}
	rate.Y.Min, rate.Y.Max = 0, 1.35*max(peak, 1) // room for the legend above the traces
	return SaveStack([]*plot.Plot{raster, rate}, []int{2, 1}, stem, Wide)
}
