// Package live is Engram's live viewer: ebiten panels that draw the
// snapshots of a session.Session — the network map, a spike raster, the
// CA3 field potential with its ripples, the replay decoder, the
// Transformer, recall over days and energy — with controls to pause,
// step, change speed, switch to sleep, lesion, move [Mg²⁺] and α, rewind,
// change scenario and take screenshots.
//
// The simulation runs in its own goroutine (Session.Run), or elsewhere
// behind a Source (a browser page steps it in a Web Worker); Update reads
// input, turns it into actions (App.Do) and takes the latest snapshot;
// Draw only draws. Actions are strings, the same as in a -script, so
// tests drive the viewer without a keyboard.
package live
