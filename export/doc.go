// Package export writes an Engram network for other simulators: the
// populations, their parameters and state, every projection's synapses and
// the very input spikes Engram draws, at a chosen point of a scenario's run,
// with a PyNN script (NEURON backend, serial or MPI) that runs it and
// writes spikes as SONATA HDF5 and as Engram's spikes.csv. It also reads
// such results back and measures them with Engram's own analysis.
//
// The exported network is frozen at the export point: plasticity (STDP,
// the calcium rule) does not carry over, and Engram's reference run of the
// same window is run with plasticity switched off too.
package export
