// Package sim is Engram's spiking engine: conductance-based integrate-and-
// fire neuron groups, AMPA/NMDA/GABA_A and current-based synapses with
// axonal delays, short-term depression and presynaptic (GABA_B) inhibition
// of release, the Jahr–Stevens Mg²⁺ block, calcium-based (Shouval et al.
// 2002) and spike-timing-dependent plasticity, pruning, Poisson inputs,
// recorders and an energy meter. docs/model.md §1 states its equations,
// units and sources; BuildCOBA builds the benchmark network of Vogels &
// Abbott (2005) on it.
//
// A single Network holds every group and projection and steps them
// together on a fixed grid (dt, default 0.1 ms). State is stored as one
// slice per variable (struct of arrays), synapses in CSR form (2-byte
// targets in groups of up to 65 536 cells; one shared weight until a
// synapse needs its own). Stepping may use several goroutines, each owning
// a range of every group's cells; results are byte-identical for any
// number of workers, because every cell and synapse is updated by exactly
// one worker in a fixed order and random numbers come from a
// counter-based generator keyed by (seed, step, cell). RunContext with
// several workers runs a step's delivery in the same parallel pass as the
// next step's integration (runFused). A group or Poisson source can be paused
// (SetPaused): it holds its state and costs nothing while the rest steps on.
// On x86-64 processors with AVX2 the cells of a group are stepped four at a
// time by vector kernels that give the same results bit for bit
// (kernels.go).
package sim
