// Package viz draws Engram's figures with gonum/plot: PNG (at 2× scale,
// for slides) and SVG (for print) from the same code. It reads recordings
// and results; it never runs a model.
package viz
