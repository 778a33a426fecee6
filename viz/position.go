package viz

import "image/color"

// viridis holds stops of the viridis colour map (van der Walt & Smith,
// matplotlib 2015), perceptually uniform and readable with colour-vision
// deficiency, from its dark end to its light end.
var viridis = []color.RGBA{
	{68, 1, 84, 255}, {72, 40, 120, 255}, {62, 74, 137, 255}, {49, 104, 142, 255}, {38, 130, 142, 255},
	{31, 158, 137, 255}, {53, 183, 121, 255}, {110, 206, 88, 255}, {181, 222, 43, 255}, {253, 231, 37, 255},
}

// PositionColor returns the colour of position k (from 0) in a sequence of
// n: viridis from blue (first) to yellow (last), skipping the darkest
// quarter so every position shows on a dark background too. Cells, spikes
// and decoded bins are coloured by the position of their item in its
// episode, so a replayed sequence reads as a sweep of colour.
func PositionColor(k, n int) color.RGBA {
	t := 0.3
	if n > 1 {
		t += 0.7 * float64(k) / float64(n-1)
	}
	x := t * float64(len(viridis)-1)
	i := min(int(x), len(viridis)-2)
	f := x - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(p, q uint8) uint8 { return uint8(float64(p) + f*(float64(q)-float64(p)) + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}
