package viz

import (
	"fmt"
	"image/color"
	"math"

	"engram/hippocampus"
	"engram/hippocampus/swr"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// shade draws vertical bands over the whole height of a plot (events).
type shade struct {
	spans [][2]float64
	color color.Color
}

// Plot implements plot.Plotter.
func (s shade) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, sp := range s.spans {
		x0, x1 := math.Max(sp[0], p.X.Min), math.Min(sp[1], p.X.Max)
		if x1 <= x0 {
			continue
		}
		a, b := trX(x0), trX(x1)
		c.FillPolygon(s.color, []vg.Point{{X: a, Y: c.Min.Y}, {X: b, Y: c.Min.Y}, {X: b, Y: c.Max.Y}, {X: a, Y: c.Max.Y}})
	}
}

var eventShade = color.NRGBA{230, 159, 0, 70} // translucent Okabe–Ito orange

// eventSpans returns the events' time spans, ms.
func eventSpans(evs []hippocampus.EventReplay) [][2]float64 {
	var s [][2]float64
	for _, e := range evs {
		s = append(s, [2]float64{e.Event.StartMs, e.Event.EndMs})
	}
	return s
}

// busiestWindow returns the start (ms) of the winSec-long window holding
// the most events, so figures show replay rather than silence.
func busiestWindow(evs []hippocampus.EventReplay, t0, t1, winMs float64) float64 {
	best, start := -1, t0
	for _, e := range evs {
		s := math.Max(t0, math.Min(e.Event.StartMs-winMs/4, t1-winMs))
		n := 0
		for _, f := range evs {
			if f.Event.StartMs >= s && f.Event.EndMs <= s+winMs {
				n++
			}
		}
		if n > best {
			best, start = n, s
		}
	}
	return start
}

// SleepRaster draws CA3 and CA1 pyramidal and CA3 basket cell spikes over
// winMs of a night (the window with the most events), with the detected
// sharp-wave ripples shaded, and saves stem.png/.svg.
func SleepRaster(stem string, n *hippocampus.Night, winMs float64) error {
	rec := n.Sleep
	end := rec.T0Ms + n.Stats.DurationMs
	t0 := busiestWindow(n.Stats.Events, rec.T0Ms+500, end, winMs)
	trains := []SpikeTrain{
		{Name: "CA3 PC", Size: n.CA3PC, TMs: rec.CA3.TMs, Cells: rec.CA3.Cells, Color: HippocampusColor},
		{Name: "CA1 PC", Size: n.CA1PC, TMs: rec.CA1.TMs, Cells: rec.CA1.Cells, Color: Green},
		{Name: "CA3 BC", Size: n.CA3BC, TMs: rec.BC.TMs, Cells: rec.BC.Cells, Color: Vermilion},
	}
	title := fmt.Sprintf("Sleep: %d sharp-wave ripples in %.0f s (%.2f/s), shaded", len(n.Stats.Events), n.Stats.DurationMs/1000, n.Stats.RatePerS)
	return rasterRate(stem, title, trains, Window{T0Ms: t0, T1Ms: t0 + winMs, BinMs: 2, MaxCells: 1 << 30, Unit: 1000, Shade: eventSpans(n.Stats.Events)})
}

// SleepLFP draws the CA3 LFP proxy, its ripple-band (150–250 Hz) trace,
// the envelope and the detection threshold over winMs around the largest
// event, and saves stem.png/.svg.
func SleepLFP(stem string, n *hippocampus.Night, winMs float64) error {
	d := n.Stats.Detection
	if len(d.Envelope) == 0 {
		return fmt.Errorf("viz: no LFP recorded")
	}
	center := d.T0Ms + float64(len(d.Envelope))*d.DtMs/2
	big := 0.0
	for _, e := range n.Stats.Events {
		if e.Event.PeakEnv > big {
			big, center = e.Event.PeakEnv, e.Event.PeakMs
		}
	}
	t0 := math.Max(d.T0Ms, center-winMs/2)
	i0 := int((t0 - d.T0Ms) / d.DtMs)
	i1 := min(len(d.Envelope), i0+int(winMs/d.DtMs))
	spans := eventSpans(n.Stats.Events)
	series := func(x []float64, scale float64) plotter.XYs {
		pts := make(plotter.XYs, 0, i1-i0)
		for i := i0; i < i1; i++ {
			pts = append(pts, plotter.XY{X: d.T0Ms + float64(i)*d.DtMs, Y: x[i] * scale})
		}
		return pts
	}
	raw := NewPlot("CA3 LFP proxy and its ripple band around the largest event", "", "Σ|I_syn| (nA)")
	raw.HideX()
	raw.Add(shade{spans: spans, color: eventShade})
	l, err := plotter.NewLine(series(n.Sleep.LFPCA3, 1e-3))
	if err != nil {
		return err
	}
	l.Color = Black
	raw.Add(l)

	band := NewPlot("", "time (ms)", "150–250 Hz (nA)")
	band.Add(shade{spans: spans, color: eventShade})
	lb, _ := plotter.NewLine(series(d.Band, 1e-3))
	lb.Color = Blue
	le, _ := plotter.NewLine(series(d.Envelope, 1e-3))
	le.Color, le.Width = Vermilion, vg.Points(1.5)
	thr := make([]float64, len(d.Envelope))
	for i := range thr {
		thr[i] = d.Mean + 3*d.SD
	}
	lt, _ := plotter.NewLine(series(thr, 1e-3))
	lt.Color, lt.Dashes = Grey, []vg.Length{vg.Points(4), vg.Points(3)}
	band.Add(lb, le, lt)
	band.Legend.Top = true
	band.Legend.Add("ripple band", lb)
	band.Legend.Add("envelope", le)
	band.Legend.Add("mean + 3 SD", lt)
	for _, p := range []*plot.Plot{raw, band} {
		p.X.Min, p.X.Max = t0, t0+float64(i1-i0)*d.DtMs
	}
	return SaveStack([]*plot.Plot{raw, band}, nil, stem, Wide)
}

// SleepSpectrum draws the Welch power spectrum of the night's CA3 LFP and
// the spectrum inside events, with the ripple band (150–250 Hz) shaded,
// and saves stem.png/.svg.
func SleepSpectrum(stem string, n *hippocampus.Night) error {
	st := n.Stats
	p := NewPlot(fmt.Sprintf("Ripple-band peak inside events: median %.0f Hz", st.MedianFreqHz), "frequency (Hz)", "power (normalised)")
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{}
	p.Add(shade{spans: [][2]float64{{150, 250}}, color: eventShade})
	add := func(f, psd []float64, name string, c color.Color) error {
		top := 0.0
		for i := range f {
			if f[i] >= 20 && f[i] <= 400 {
				top = math.Max(top, psd[i])
			}
		}
		var pts plotter.XYs
		for i := range f {
			if f[i] >= 20 && f[i] <= 400 && psd[i] > 0 {
				pts = append(pts, plotter.XY{X: f[i], Y: psd[i] / top})
			}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color, l.Width = c, vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(name, l)
		return nil
	}
	if err := add(st.SpectrumHz, st.Spectrum, "whole night", Grey); err != nil {
		return err
	}
	// Events only: the LFP inside event windows, each padded to 256 ms.
	var seg []float64
	for _, e := range st.Events {
		i0 := int((e.Event.StartMs - n.Sleep.T0Ms) / hippocampus.LFPDtMs)
		i1 := i0 + int(256/hippocampus.LFPDtMs)
		if i0 >= 0 && i1 <= len(n.Sleep.LFPCA3) {
			seg = append(seg, n.Sleep.LFPCA3[i0:i1]...)
		}
	}
	if f, psd := swr.Welch(seg, hippocampus.LFPDtMs, 64); len(f) > 0 {
		if err := add(f, psd, "inside events", Vermilion); err != nil {
			return err
		}
	}
	p.X.Min, p.X.Max = 20, 400
	p.Legend.Top = true
	return SavePlot(p, stem, Wide)
}

// ReplayVsAwake draws, side by side, the first episode's assemblies as the
// animal traverses it awake (seconds) and the same assemblies in the best
// replay event of the night (milliseconds), and saves stem.png/.svg.
func ReplayVsAwake(stem string, n *hippocampus.Night) error {
	st := n.Stats
	best := st.BestReplay()
	if best < 0 {
		return fmt.Errorf("viz: the night has no replay event to draw")
	}
	ev := st.Events[best]
	seq := n.Sleep.Sequences[ev.Replay.Sequence]
	posOf := map[int]int{}
	for k, a := range seq {
		posOf[a] = k
	}
	panel := func(rec hippocampus.Recording, t0, t1, scale float64, title, xl string) (*plot.Plot, error) {
		p := NewPlot(title, xl, "item in the episode")
		per := n.Params.AssemblyPC
		var pts plotter.XYs
		for k, c := range rec.CA3.Cells {
			t := rec.CA3.TMs[k]
			a := rec.Assembly[c]
			if pos, ok := posOf[a]; ok && t >= t0 && t <= t1 {
				y := float64(pos) + float64(int(c)%per)/float64(per)*0.8 + 0.1
				pts = append(pts, plotter.XY{X: (t - t0) / scale, Y: y})
			}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: HippocampusColor, Radius: vg.Points(0.8), Shape: draw.BoxGlyph{}}
		p.Add(s)
		var ticks []plot.Tick
		for k := range seq {
			ticks = append(ticks, plot.Tick{Value: float64(k) + 0.5, Label: fmt.Sprint(k + 1)})
		}
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Min, p.Y.Max = 0, float64(len(seq))
		p.X.Min, p.X.Max = 0, (t1-t0)/scale
		return p, nil
	}
	lap := n.Params.LapMs(len(seq), n.ItemMs)
	awake := n.Awake[ev.Replay.Sequence]
	aw, err := panel(awake, awake.T0Ms, awake.T0Ms+lap, 1000, "Awake: one traversal", "time (s)")
	if err != nil {
		return err
	}
	pad := 20.0
	rp, err := panel(n.Sleep, ev.Event.StartMs-pad, ev.Event.EndMs+pad, 1, fmt.Sprintf("Sleep: replay, %.0f× faster", n.ItemMs/ev.Replay.MsPerItem), "time (ms)")
	if err != nil {
		return err
	}
	return SaveFigure(stem, Wide, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(18), PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8}
		cs := plot.Align([][]*plot.Plot{{aw, rp}}, tiles, dc)
		aw.Draw(cs[0][0])
		rp.Draw(cs[0][1])
	})
}

// ReplayStrip draws the best replay event of a night as a film strip:
// frames of frameMs each, left to right, every frame showing how many
// spikes each CA3 assembly of the replayed episode fired in it (bars in
// the episode's order), so the activity can be seen moving along the
// route. It saves stem.png/.svg.
func ReplayStrip(stem string, n *hippocampus.Night, frameMs float64, frames int) error {
	st := n.Stats
	best := st.BestReplay()
	if best < 0 {
		return fmt.Errorf("viz: the night has no replay event to draw")
	}
	if frameMs <= 0 || frames < 1 {
		return fmt.Errorf("viz: replay strip of %d frames of %g ms: want ≥ 1 frame of > 0 ms", frames, frameMs)
	}
	ev := st.Events[best]
	seq := n.Sleep.Sequences[ev.Replay.Sequence]
	posOf := map[int]int{}
	for k, a := range seq {
		posOf[a] = k
	}
	t0 := ev.Event.StartMs
	counts := make([][]float64, frames)
	top := 1.0
	for f := range counts {
		counts[f] = make([]float64, len(seq))
	}
	rec := n.Sleep
	for k, c := range rec.CA3.Cells {
		f := int((rec.CA3.TMs[k] - t0) / frameMs)
		if f < 0 || f >= frames {
			continue
		}
		if pos, ok := posOf[rec.Assembly[c]]; ok {
			counts[f][pos]++
			top = max(top, counts[f][pos])
		}
	}
	var plots []*plot.Plot
	for f := range counts {
		title := fmt.Sprintf("%.0f–%.0f ms", float64(f)*frameMs, float64(f+1)*frameMs)
		p := NewPlot(title, "item", "")
		p.Title.TextStyle.Font.Size = 9
		for k, c := range counts[f] {
			if c == 0 {
				continue
			}
			// A bar: a thick vertical line from 0 to the count.
			l, err := plotter.NewLine(plotter.XYs{{X: float64(k), Y: 0}, {X: float64(k), Y: c}})
			if err != nil {
				return err
			}
			l.Color, l.Width = HippocampusColor, vg.Points(9)
			p.Add(l)
		}
		var ticks []plot.Tick
		for k := range seq {
			ticks = append(ticks, plot.Tick{Value: float64(k), Label: fmt.Sprint(k + 1)})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = -0.6, float64(len(seq))-0.4
		p.Y.Min, p.Y.Max = 0, top*1.1
		p.HideY() // one scale for all frames, given in the title
		plots = append(plots, p)
	}
	title := fmt.Sprintf("One ripple, %.0f ms a frame: activity runs %s along the route (tallest bar %.0f spikes)", frameMs,
		map[bool]string{true: "forward", false: "backward"}[ev.Replay.Forward()], top)
	return SaveFigure(stem, Size{W: Wide.W, H: Wide.H * 0.6}, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: frames, PadX: vg.Points(4), PadTop: vg.Points(22), PadBottom: 4, PadLeft: 4, PadRight: 8}
		for f, p := range plots {
			p.Draw(tiles.At(dc, f, 0))
		}
		fnt := plots[0].Title.TextStyle.Font
		fnt.Size = 12
		dc.FillText(draw.TextStyle{Color: Black, Font: fnt, XAlign: draw.XCenter, YAlign: draw.YTop,
			Handler: plots[0].Title.TextStyle.Handler},
			vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(2)}, title)
	})
}
