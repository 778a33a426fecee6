package live

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"engram/viz"
)

// The viewer's colours: a dark instrument panel, with the figures'
// colour-blind-safe system colours (viz) for the data.
var (
	background = color.RGBA{20, 22, 28, 255}
	panelFill  = color.RGBA{28, 31, 39, 255}
	panelEdge  = color.RGBA{58, 63, 75, 255}
	textColor  = color.RGBA{230, 230, 230, 255}
	dimText    = color.RGBA{150, 155, 165, 255}
	gridColor  = color.RGBA{50, 54, 64, 255}
	uncoded    = color.RGBA{55, 58, 66, 255}
	// shadeSWROnPanel shades a sharp-wave ripple on a panel.
	shadeSWROnPanel = mix(panelFill, viz.Orange, 0.45)
	rippleColor     = viz.SkyBlue // the LFP's ripple band
	accent          = viz.Orange
	buttonFill      = color.RGBA{44, 48, 60, 255}
	buttonOn        = color.RGBA{70, 90, 120, 255}
)

var (
	fontOnce          sync.Once
	regular, boldFace *text.GoTextFaceSource
)

func sources() {
	fontOnce.Do(func() {
		var err error
		if regular, err = text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF)); err != nil {
			panic(err) // the embedded Go fonts always parse
		}
		if boldFace, err = text.NewGoTextFaceSource(bytes.NewReader(gobold.TTF)); err != nil {
			panic(err)
		}
	})
}

// face returns the regular (or bold) Go font at size px.
func face(size float64, bold bool) *text.GoTextFace {
	sources()
	if bold {
		return &text.GoTextFace{Source: boldFace, Size: size}
	}
	return &text.GoTextFace{Source: regular, Size: size}
}

// Text sizes, px.
const (
	small  = 12
	normal = 14
	large  = 17
)

// drawText draws s with its top-left corner at (x, y).
func drawText(dst *ebiten.Image, s string, x, y float64, size float64, bold bool, c color.Color) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(c)
	op.LineSpacing = size * 1.3
	text.Draw(dst, s, face(size, bold), op)
}

// drawTextRight draws s ending at x.
func drawTextRight(dst *ebiten.Image, s string, x, y float64, size float64, c color.Color) {
	w, _ := text.Measure(s, face(size, false), size*1.3)
	drawText(dst, s, x-w, y, size, false, c)
}

// textWidth returns the width of s, px.
func textWidth(s string, size float64) float64 {
	w, _ := text.Measure(s, face(size, false), size*1.3)
	return w
}

// The primitives below draw with DrawTriangles from one white pixel and
// no fill rule, so ebiten batches a whole frame's shapes into few draw
// calls (anti-aliased vector paths each need a stencil pass, which
// software OpenGL renders slowly).
var (
	whiteOnce sync.Once
	white     *ebiten.Image
)

func whitePixel() *ebiten.Image {
	whiteOnce.Do(func() {
		img := ebiten.NewImage(3, 3)
		img.Fill(color.White)
		white = img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	})
	return white
}

// polygon fills the convex polygon of points (x, y) in c.
func polygon(dst *ebiten.Image, xs, ys []float32, c color.Color) {
	r, g, b, a := c.RGBA()
	cr, cg, cb, ca := float32(r)/0xffff, float32(g)/0xffff, float32(b)/0xffff, float32(a)/0xffff
	vs := make([]ebiten.Vertex, len(xs))
	for k := range xs {
		vs[k] = ebiten.Vertex{DstX: xs[k], DstY: ys[k], SrcX: 1, SrcY: 1, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca}
	}
	is := make([]uint16, 0, 3*(len(xs)-2))
	for k := 1; k+1 < len(xs); k++ {
		is = append(is, 0, uint16(k), uint16(k+1))
	}
	dst.DrawTriangles(vs, is, whitePixel(), nil)
}

func rectF(dst *ebiten.Image, x, y, w, h float32, c color.Color) {
	polygon(dst, []float32{x, x + w, x + w, x}, []float32{y, y, y + h, y + h}, c)
}

func fillRect(dst *ebiten.Image, r image.Rectangle, c color.Color) {
	rectF(dst, float32(r.Min.X), float32(r.Min.Y), float32(r.Dx()), float32(r.Dy()), c)
}

func strokeRect(dst *ebiten.Image, r image.Rectangle, c color.Color) {
	x, y, w, h := float32(r.Min.X), float32(r.Min.Y), float32(r.Dx()), float32(r.Dy())
	rectF(dst, x, y, w, 1, c)
	rectF(dst, x, y+h-1, w, 1, c)
	rectF(dst, x, y, 1, h, c)
	rectF(dst, x+w-1, y, 1, h, c)
}

// line draws a segment of width w.
func line(dst *ebiten.Image, x0, y0, x1, y1 float64, w float32, c color.Color) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := float32(-dy/l)*w/2, float32(dx/l)*w/2
	a, b, p, q := float32(x0), float32(y0), float32(x1), float32(y1)
	polygon(dst, []float32{a + nx, p + nx, p - nx, a - nx}, []float32{b + ny, q + ny, q - ny, b - ny}, c)
}

// dot fills an octagon of radius r around (x, y).
func dot(dst *ebiten.Image, x, y, r float64, c color.Color) {
	xs, ys := make([]float32, 8), make([]float32, 8)
	for k := range 8 {
		a := (float64(k) + 0.5) * math.Pi / 4
		xs[k], ys[k] = float32(x+r*math.Cos(a)), float32(y+r*math.Sin(a))
	}
	polygon(dst, xs, ys, c)
}

// positionColor is the colour of position k of an episode of n items
// (viz.PositionColor), or the uncoded grey for k < 0.
func positionColor(k int8, n int) color.RGBA {
	if k < 0 {
		return uncoded
	}
	return viz.PositionColor(int(k), n)
}

// scale multiplies a colour's RGB by f (0 … 1).
func scale(c color.RGBA, f float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), c.A}
}
