package viz

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"engram/ann"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KimAlpha draws the replication of Kim et al. (2023) as four panels:
// reference-memory error (top) and working-memory error (bottom) against
// the NMDA α, with the raw activation (left) and the gain-matched one
// (right); one line per load N, mean ± s.e. over seeds. α = 0 (the
// linear layer, the same in both families) sits a decade left of the
// smallest positive α. The controls (a linear layer with the gain of the
// largest raw α, GELU, ReLU) are drawn right of the α axis in the raw
// panels. In the raw reference-memory panel a dashed grey line marks the
// direction Kim et al. report (error falls as α grows, α = 0 worst), as a
// reference for the eye, not data; a dotted line marks chance. It saves
// stem.png/.svg.
func KimAlpha(stem string, sum []ann.ArmSummary, chance float64) error {
	if len(sum) == 0 {
		return fmt.Errorf("viz: KimAlpha: no results")
	}
	var alphas []float64
	var loads []int
	var controls []string
	seeds, fewest := 0, math.MaxInt // an interrupted replication may have fewer seeds of some arms
	for _, s := range sum {
		seeds = max(seeds, s.Reference.N)
		if s.Reference.N > 0 {
			fewest = min(fewest, s.Reference.N)
		}
		if !slices.Contains(loads, s.Maps) {
			loads = append(loads, s.Maps)
		}
		if s.Arm.Family == ann.FamilyControl {
			if !slices.Contains(controls, s.Arm.Name) {
				controls = append(controls, s.Arm.Name)
			}
			continue
		}
		if !slices.Contains(alphas, s.Arm.Alpha) {
			alphas = append(alphas, s.Arm.Alpha)
		}
	}
	slices.Sort(alphas)
	slices.Sort(loads)
	maxA := 1.0
	if n := len(alphas); n > 0 && alphas[n-1] > 0 {
		maxA = alphas[n-1]
	}
	xOf := alphaAxis(alphas)
	zeroX := xOf(0)
	ctrlX := func(k int) float64 { return math.Log10(maxA) + 0.9 + 0.8*float64(k) }
	var ticks []plot.Tick
	for _, a := range alphas {
		lab := fmt.Sprintf("%g", a)
		if a <= 0 {
			lab = "0\nlinear"
		}
		ticks = append(ticks, plot.Tick{Value: xOf(a), Label: lab})
	}
	rawTicks := slices.Clone(ticks)
	for k, c := range controls {
		rawTicks = append(rawTicks, plot.Tick{Value: ctrlX(k), Label: controlLabel(c)})
	}

	type panel struct {
		p        *plot.Plot
		family   string
		ref      bool
		controls bool
	}
	xl := "NMDA α of x/(1 + α·exp(−βx))"
	panels := []panel{
		{NewPlot("Reference memory, raw α", "", "error (nodes not in context)"), ann.FamilyRaw, true, true},
		{NewPlot("Reference memory, gain-matched α", "", ""), ann.FamilyMatched, true, false},
		{NewPlot("Working memory, raw α", xl, "error (nodes in context)"), ann.FamilyRaw, false, true},
		{NewPlot("Working memory, gain-matched α", xl+" ×g", ""), ann.FamilyMatched, false, false},
	}
	for _, pn := range panels {
		p := pn.p
		p.Title.TextStyle.Font.Size = 10
		p.X.Label.TextStyle.Font.Size = 9
		p.Y.Label.TextStyle.Font.Size = 9
		p.X.Tick.Label.Font.Size = 7
		p.Legend.TextStyle.Font.Size = 7
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = zeroX-0.4, xOf(maxA)+0.4
		if pn.controls && len(controls) > 0 {
			p.X.Tick.Marker = plot.ConstantTicks(rawTicks)
			p.X.Max = ctrlX(len(controls)-1) + 0.5
		}
		unitAxis(p, 1.02)
		ch, err := newLine(plotter.XYs{{X: p.X.Min, Y: chance}, {X: p.X.Max, Y: chance}}, Grey, []vg.Length{vg.Points(1), vg.Points(2.5)})
		if err != nil {
			return err
		}
		p.Add(ch)
		if pn.ref && pn.family == ann.FamilyRaw {
			p.Legend.Add(fmt.Sprintf("chance (%.2g)", chance), ch)
			dir, err := newLine(plotter.XYs{{X: zeroX, Y: 0.8}, {X: xOf(maxA), Y: 0.03}}, Grey, []vg.Length{vg.Points(5), vg.Points(3)})
			if err != nil {
				return err
			}
			p.Add(dir)
			p.Legend.Add("direction Kim et al. report", dir)
		}
		for k, n := range loads {
			c := cycle[(k+1)%len(cycle)]
			var pts errXYs
			for _, a := range alphas {
				s := kimFind(sum, n, pn.family, a)
				if s == nil && a <= 0 {
					s = kimFind(sum, n, ann.FamilyRaw, a) // α = 0 is the same in both families
				}
				if s == nil {
					continue
				}
				st := s.Working
				if pn.ref {
					st = s.Reference
				}
				pts = append(pts, errXY{x: xOf(a), y: st.Mean, err: st.SE})
			}
			if len(pts) == 0 {
				continue
			}
			if err := addErrLine(p, pts, c, draw.CircleGlyph{}); err != nil {
				return err
			}
			if pn.ref && pn.family == ann.FamilyRaw {
				p.Legend.Add(fmt.Sprintf("N = %d maps", n), kimLegendThumb{c})
			}
			if !pn.controls {
				continue
			}
			for j, name := range controls {
				s := kimFindName(sum, n, name)
				if s == nil {
					continue
				}
				st := s.Working
				if pn.ref {
					st = s.Reference
				}
				pt := errXYs{{x: ctrlX(j), y: st.Mean, err: st.SE}}
				sc, err := plotter.NewScatter(pt)
				if err != nil {
					return fmt.Errorf("viz: %w", err)
				}
				sc.Color, sc.Shape, sc.Radius = c, draw.BoxGlyph{}, vg.Points(3)
				eb, err := plotter.NewYErrorBars(pt)
				if err != nil {
					return fmt.Errorf("viz: %w", err)
				}
				eb.Color, eb.Width, eb.CapWidth = c, vg.Points(1), vg.Points(5)
				p.Add(sc, eb)
			}
		}
		p.Legend.Top = true
		p.Legend.YOffs = -vg.Points(28) // below the chance line
	}
	n := fmt.Sprintf("%d seeds", seeds)
	switch {
	case fewest < seeds:
		n = fmt.Sprintf("%d–%d seeds", fewest, seeds)
	case seeds == 1:
		n = "1 seed"
	}
	panels[0].p.Title.Text = fmt.Sprintf("Reference memory, raw α (mean ± s.e., %s)", n)
	return SaveFigure(stem, Size{7.2 * vg.Inch, 5.6 * vg.Inch}, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(14), PadY: vg.Points(10), PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8}
		grid := [][]*plot.Plot{{panels[0].p, panels[1].p}, {panels[2].p, panels[3].p}}
		cs := plot.Align(grid, tiles, dc)
		for r := range grid {
			for c := range grid[r] {
				grid[r][c].Draw(cs[r][c])
			}
		}
	})
}

// KimCurves draws the learning curves of load n: reference-memory error
// (left) and working-memory error (right) against Adam steps, one line per
// arm (mean over seeds, s.e. as bars), so that a reader can see whether
// training reached convergence. It saves stem.png/.svg.
func KimCurves(stem string, sum []ann.ArmSummary, n int, chance float64) error {
	left := NewPlot(fmt.Sprintf("Reference memory while training, N = %d", n), "Adam steps", "error (nodes not in context)")
	right := NewPlot("Working memory while training", "Adam steps", "error (nodes in context)")
	k := 0
	for _, s := range sum {
		if s.Maps != n || len(s.Curve) == 0 {
			continue
		}
		c := kimArmColor(s.Arm)
		dash := []vg.Length(nil)
		switch {
		case s.Arm.Family == ann.FamilyMatched:
			dash = []vg.Length{vg.Points(4), vg.Points(2)}
		case s.Arm.Family == ann.FamilyControl && s.Arm.Act.Linear():
			dash = []vg.Length{vg.Points(1), vg.Points(2)}
		}
		for j, p := range []*plot.Plot{left, right} {
			var pts errXYs
			for _, cp := range s.Curve {
				st := cp.Reference
				if j == 1 {
					st = cp.Working
				}
				pts = append(pts, errXY{x: float64(cp.Step), y: st.Mean, err: st.SE})
			}
			l, err := plotter.NewLine(pts)
			if err != nil {
				return fmt.Errorf("viz: %w", err)
			}
			l.Color, l.Width, l.Dashes = c, vg.Points(1.4), dash
			eb, err := plotter.NewYErrorBars(pts)
			if err != nil {
				return fmt.Errorf("viz: %w", err)
			}
			eb.Color, eb.Width, eb.CapWidth = c, vg.Points(0.8), vg.Points(3)
			p.Add(l, eb)
			if j == 0 {
				p.Legend.Add(s.Arm.Name, l)
			}
		}
		k++
	}
	if k == 0 {
		return fmt.Errorf("viz: KimCurves: no learning curves for N = %d", n)
	}
	for _, p := range []*plot.Plot{left, right} {
		unitAxis(p, 1.02)
		ch, err := newLine(plotter.XYs{{X: 0, Y: chance}, {X: float64(sum[0].Curve[len(sum[0].Curve)-1].Step), Y: chance}}, Grey,
			[]vg.Length{vg.Points(1), vg.Points(2.5)})
		if err != nil {
			return err
		}
		p.Add(ch)
		p.Title.TextStyle.Font.Size = 11
	}
	left.Legend.Top = true
	left.Legend.TextStyle.Font.Size = 7
	return saveSideBySide(stem, left, right)
}

// kimArmColor colours an arm by its α (the same α has the same colour in
// both families); of the controls, the linear layer is black (drawn
// dotted), GELU purple and ReLU grey.
func kimArmColor(a ann.Arm) color.Color {
	switch {
	case a.Act.Kind == ann.ActGELU:
		return Purple
	case a.Act.Kind == ann.ActReLU:
		return Grey
	case a.Alpha <= 0:
		return Black
	}
	lvl := []color.Color{SkyBlue, Blue, Green, Orange, Vermilion}
	i := int(math.Round(math.Log10(a.Alpha))) + 2 // 0.01 → 0, 10 → 3
	return lvl[min(max(i, 0), len(lvl)-1)]
}

// controlLabel shortens a control arm's name for a tick label.
func controlLabel(name string) string {
	if len(name) > 6 && name[:6] == "linear" {
		return "linear\n" + name[len("linear gain "):]
	}
	return name
}

func kimFind(sum []ann.ArmSummary, n int, family string, alpha float64) *ann.ArmSummary {
	for i := range sum {
		s := &sum[i]
		if s.Maps == n && s.Arm.Family == family && s.Arm.Alpha == alpha {
			return s
		}
	}
	return nil
}

func kimFindName(sum []ann.ArmSummary, n int, name string) *ann.ArmSummary {
	for i := range sum {
		if sum[i].Maps == n && sum[i].Arm.Name == name {
			return &sum[i]
		}
	}
	return nil
}

// addErrLine adds a line with points and error bars through pts.
func addErrLine(p *plot.Plot, pts errXYs, c color.Color, shape draw.GlyphDrawer) error {
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	l.Color, l.Width = c, vg.Points(1.6)
	s.Color, s.Shape, s.Radius = c, shape, vg.Points(2.5)
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	eb.Color, eb.Width, eb.CapWidth = c, vg.Points(1), vg.Points(5)
	p.Add(l, s, eb)
	return nil
}

// kimLegendThumb is a legend entry: a short line with a dot.
type kimLegendThumb struct{ c color.Color }

// Thumbnail draws the entry's line and dot.
func (t kimLegendThumb) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(draw.LineStyle{Color: t.c, Width: vg.Points(1.6)}, c.Min.X, y, c.Max.X, y)
	c.DrawGlyph(draw.GlyphStyle{Color: t.c, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y})
}
