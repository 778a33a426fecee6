// Package cortex is Engram's neocortex: a larger, slowly learning network of
// item assemblies that consolidates sequences from hippocampal replay during
// sleep and prunes the synapses it rarely uses.
//
// The network follows the cortex regime of docs/model.md §4: 1000
// excitatory LIF cells with spike-frequency adaptation and 250 inhibitory
// LIF cells, current-based synapses, independent Poisson background,
// recurrent E→E synapses with fixed in-degree and a 5 ms axonal delay, and
// pre-existing item assemblies whose internal synapses are fixed. The
// plastic E→E synapses learn through the NMDA receptor's Mg²⁺ block from
// replay in either direction (see DefaultParams). An item of the shared
// task is an assembly of E cells; recall is read out, as an experimentalist
// would, from population spike counts per assembly in short bins after a
// cue.
//
// Build adds the cortex to a *sim.Network that may hold other regions too.
// AddDriver adds the synthetic "CA1" of docs/model.md §4.1 (Poisson cells per
// item), which Encode, Replay, Sleep, Recall and the stand-alone
// experiments (Consolidation, Pruning, MgSweep, Days) drive; in the whole
// brain it is the cortex's own item input (direct awake experience and the
// cue of cortex-alone recall).
//
// A layer above that holds the hippocampus too wires and runs it so:
// before the first step, ConnectItemInput(ca1, itemOfCA1Cell, InputSpec{…})
// connects CA1 cells to the assemblies of their items (and AddDriver, if
// the cortex is also to be cued alone). Each day: SetMode(Awake) while
// the network runs the awake input; SetMode(Sleep) while hippocampal
// replay drives the cortex through CA1; EndNight() once after the night
// (pruning and usage decay); SetMode(Test) and Recall (with the CA1
// projection's gain at 0 for cortex-only recall) or Decode over a window
// the layer cued itself.
//
// Units: voltage mV, time ms, current pA, capacitance pF, conductance nS.
// Synaptic weights are given in mV (see Params.PAPerMV for the one place
// where they become currents).
package cortex
