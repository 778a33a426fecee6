// Package swr analyses hippocampal recordings as experimentalists do:
// sharp-wave-ripple detection on an LFP (band-pass, envelope, threshold),
// spectra, decoding of the active item from spikes in short bins, and
// scoring of replayed sequences against a shuffle null (ReplayTest: a
// per-event item-order shuffle). It works on plain slices, so figures, the
// validation suite and the live viewer share it. docs/model.md §3 describes
// the detector and the test as the hippocampus uses them.
package swr
