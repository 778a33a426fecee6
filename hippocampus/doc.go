// Package hippocampus builds Engram's hippocampal circuit on a sim.Network
// — EC → DG → CA3 → CA1 — and drives it through the phases of a day:
// awake encoding of episodes with theta-modulated place-field input and
// fast spike-timing-dependent plasticity in CA3, sleep in which CA3 emits
// sharp-wave ripples that replay the stored sequences, and cued recall
// (pattern completion).
//
// The CA3 network follows Ecker et al. (2022, eLife 11:e71850): AdEx
// pyramidal and basket cells, recurrent excitation learned by STDP from
// phase-precessing place-cell firing, released in sleep (low acetylcholine)
// and tamed by short-term depression, so that population bursts start
// spontaneously and travel along the learned sequences. Presynaptic
// inhibition of the recurrent synapses by the basket cells' population
// burst keeps the sharp waves isolated.
//
// AnalyzeSleep detects the night's sharp-wave ripples and tests each for
// replay of a stored sequence (package swr), with a negative control.
// docs/model.md §3 states the circuit, its equations and parameters, and
// how replay is detected and tested.
package hippocampus
