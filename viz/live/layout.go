package live

import "image"

// panelID names a panel of the window.
type panelID int

const (
	pMap panelID = iota
	pRaster
	pLFP
	pReplay
	pANN
	pCompare
	pEnergy
	pControls
	nPanels
)

// panelInfo is a panel's title and the plain-language explanation shown
// when the mouse hovers over it.
var panelInfo = [nPanels]struct{ title, help string }{
	pMap: {"Network map", "Every square is a neuron: EC and DG feed CA3, CA3 drives CA1, CA1 drives the cortex. " +
		"A cell lights up when it fires and fades; its colour is the position of its item in the day's route (blue first, yellow last)."},
	pRaster: {"Spike raster, last second", "Each dot is one spike (time across, cell down), for the CA3 pyramidal cells and the cortex. " +
		"During a replay the assemblies of a route fire one after the other within ~100 ms: a diagonal sweep of colour."},
	pLFP: {"CA3 field potential", "The summed synaptic currents of CA3 (a proxy for the local field potential) and its 150–250 Hz ripple band. " +
		"Orange bands are sharp-wave ripples found by the same detector that writes swr_events.csv."},
	pReplay: {"Replay decoder", "The latest ripple, decoded: in each 5 ms bin, the item whose CA3 assembly fired most. " +
		"The grey staircase is the stored route; dots that climb it are a forward replay, dots that descend it a reverse one."},
	pANN: {"Transformer", "The AI side of the same task. Left: where the model looks (attention) while it recalls today's first route from its cue. " +
		"Right: its training loss; α sets its NMDA-like activation x/(1+α·exp(−x))."},
	pCompare: {"Recall over days", "How much of each learned route is recalled after each night (1 = perfect; the dashed line is chance). " +
		"Brain: cortex alone, hippocampus alone, both. Transformer: each memory mode."},
	pEnergy: {"Energy", "The brain model's energy (spikes and synaptic events × their ATP cost) against the Transformer's " +
		"(floating-point operations × joules per FLOP on an H100): for the run so far, and for one recall in the latest test."},
	pControls: {"Controls", "Space pause · N step · S sleep/wake · L lesion · +/− speed · M max speed · [ ] [Mg²⁺] · , . α · " +
		"← → scrub · Home live · Tab scenario · A attention mode · P screenshot · H help · Esc quit"},
}

// layout holds the panels' rectangles for a window size.
type layout struct {
	w, h  int
	hud   image.Rectangle
	panel [nPanels]image.Rectangle
}

// newLayout splits a w×h window: a HUD line on top, a controls bar at the
// bottom, and two columns between — the brain on the left (map, raster,
// LFP), the decoder, the Transformer and the comparison on the right.
func newLayout(w, h int) layout {
	l := layout{w: w, h: h}
	const gap = 6
	hudH, ctrlH := 34, 74
	l.hud = image.Rect(0, 0, w, hudH)
	l.panel[pControls] = image.Rect(gap, h-ctrlH, w-gap, h-gap)
	top, bottom := hudH+gap, h-ctrlH-gap
	mid := w * 52 / 100
	avail := bottom - top
	y := func(f float64) int { return top + int(f*float64(avail)) }
	l.panel[pMap] = image.Rect(gap, top, mid-gap/2, y(0.36)-gap/2)
	l.panel[pRaster] = image.Rect(gap, y(0.36)+gap/2, mid-gap/2, y(0.72)-gap/2)
	l.panel[pLFP] = image.Rect(gap, y(0.72)+gap/2, mid-gap/2, bottom)
	l.panel[pReplay] = image.Rect(mid+gap/2, top, w-gap, y(0.30)-gap/2)
	l.panel[pANN] = image.Rect(mid+gap/2, y(0.30)+gap/2, w-gap, y(0.62)-gap/2)
	l.panel[pCompare] = image.Rect(mid+gap/2, y(0.62)+gap/2, w*80/100, bottom)
	l.panel[pEnergy] = image.Rect(w*80/100+gap, y(0.62)+gap/2, w-gap, bottom)
	return l
}

// at returns the panel under (x, y), or −1.
func (l layout) at(x, y int) panelID {
	p := image.Pt(x, y)
	for id, r := range l.panel {
		if p.In(r) {
			return panelID(id)
		}
	}
	return -1
}

// inner returns a panel's drawing area below its title.
func inner(r image.Rectangle) image.Rectangle {
	return image.Rect(r.Min.X+8, r.Min.Y+24, r.Max.X-8, r.Max.Y-6)
}
