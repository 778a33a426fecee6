package viz

import (
	"image/color"
	"testing"
)

// TestPositionColor checks the ends of the position map and that
// successive positions get lighter.
func TestPositionColor(t *testing.T) {
	if got := PositionColor(4, 5); got != viridis[len(viridis)-1] {
		t.Errorf("last position %v, want viridis's light end %v", got, viridis[len(viridis)-1])
	}
	lum := func(c color.RGBA) float64 { return 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B) }
	for k := 1; k < 5; k++ {
		if lum(PositionColor(k, 5)) <= lum(PositionColor(k-1, 5)) {
			t.Errorf("position %d (%v) not lighter than %d (%v)", k, PositionColor(k, 5), k-1, PositionColor(k-1, 5))
		}
	}
	if PositionColor(0, 1) != PositionColor(0, 5) {
		t.Error("a one-item sequence does not start where others start")
	}
}
