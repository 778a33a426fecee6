package viz

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PNGDPI is the resolution of PNG figures: 2× the 96 dpi of a screen, so
// a 6.4 in wide figure is 1229 px wide.
const PNGDPI = 192

// Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008).
var (
	Black     = color.RGBA{0, 0, 0, 255}
	Orange    = color.RGBA{230, 159, 0, 255}
	SkyBlue   = color.RGBA{86, 180, 233, 255}
	Green     = color.RGBA{0, 158, 115, 255}
	Yellow    = color.RGBA{240, 228, 66, 255}
	Blue      = color.RGBA{0, 114, 178, 255}
	Vermilion = color.RGBA{213, 94, 0, 255}
	Purple    = color.RGBA{204, 121, 167, 255}
	Grey      = color.RGBA{120, 120, 120, 255}
)

// One colour per system, used by every figure: the brain's regions and
// readouts, and the Transformer's memory modes (ANNModeColor).
var (
	HippocampusColor = Purple
	CortexColor      = Blue
	BothColor        = Black
)

// NewPlot returns a plot with a title and axis labels in the house font
// sizes (title 13 pt, labels 11 pt, ticks 9 pt).
func NewPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 13
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 11
		a.Tick.Label.Font.Size = 9
	}
	p.Legend.TextStyle.Font.Size = 9
	p.X.Tick.Marker = Ticks{}
	p.Y.Tick.Marker = Ticks{}
	return p
}

// Ticks are gonum/plot's default ticks labelled in the shortest form
// ("25", not "25.00").
type Ticks struct{}

// Ticks returns the ticks between min and max.
func (Ticks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for k := range ts {
		if ts[k].Label != "" {
			ts[k].Label = strconv.FormatFloat(ts[k].Value, 'g', 6, 64)
		}
	}
	return ts
}

// unitAxis sets p's y axis for a score or fraction: from 0 to max (above
// 1 when the legend needs room), ticked in quarters from 0 to 1 only, so
// that no tick promises a value above 1.
func unitAxis(p *plot.Plot, max float64) {
	p.Y.Min, p.Y.Max = 0, max
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"},
		{Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}})
}

// Size is a figure size.
type Size struct{ W, H vg.Length }

// Wide is the default figure size: 6.4 × 4 in (1229 × 768 px in PNG).
var Wide = Size{6.4 * vg.Inch, 4 * vg.Inch}

// SaveFigure renders a figure with render into stem.png and stem.svg. Each
// file is written to a temporary name in the same folder and renamed when
// complete, so a reader never sees half a figure.
func SaveFigure(stem string, sz Size, render func(dc draw.Canvas)) error {
	img := vgimg.NewWith(vgimg.UseWH(sz.W, sz.H), vgimg.UseDPI(PNGDPI))
	render(draw.New(img))
	if err := writeAtomic(stem+".png", vgimg.PngCanvas{Canvas: img}); err != nil {
		return err
	}
	svg := vgsvg.NewWith(vgsvg.UseWH(sz.W, sz.H))
	render(draw.New(svg))
	return writeAtomic(stem+".svg", svg)
}

// SavePlot saves one plot as stem.png and stem.svg.
func SavePlot(p *plot.Plot, stem string, sz Size) error {
	return SaveFigure(stem, sz, func(dc draw.Canvas) { p.Draw(dc) })
}

// SaveStack saves plots stacked vertically with aligned axes; plot k
// takes rows[k] rows of the figure's height (nil: one each).
func SaveStack(plots []*plot.Plot, rows []int, stem string, sz Size) error {
	var grid [][]*plot.Plot
	var owner []int
	for k, p := range plots {
		n := 1
		if k < len(rows) && rows[k] > 1 {
			n = rows[k]
		}
		for range n {
			grid = append(grid, []*plot.Plot{p})
			owner = append(owner, k)
		}
	}
	return SaveFigure(stem, sz, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: len(grid), Cols: 1, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8, PadY: 6}
		cs := plot.Align(grid, tiles, dc)
		for k, p := range plots {
			var c draw.Canvas
			first := true
			for r, o := range owner {
				if o != k {
					continue
				}
				if first {
					c, first = cs[r][0], false
				} else {
					c.Min.Y = cs[r][0].Min.Y
				}
			}
			p.Draw(c)
		}
	})
}

// writeAtomic writes w's output to path through a temporary file in the
// same folder, renamed into place when complete.
func writeAtomic(path string, w io.WriterTo) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	if _, err := w.WriteTo(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("viz: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("viz: writing %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("viz: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("viz: %w", err)
	}
	return nil
}
