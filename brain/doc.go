// Package brain joins Engram's two memory systems into one brain: a single
// sim.Network that holds the hippocampus and the cortex for the items of a
// task, with hippocampal CA1 wired to the cortex item by item, and the days
// of the task lived through on it.
//
// Each day has three phases (docs/model.md §2, §7.1):
//
//   - awake: each new episode is experienced once. The hippocampus encodes
//     it (one lap of theta-modulated, phase-precessing place-field input,
//     fast STDP in CA3) while the cortex, in Awake mode (weak learning),
//     sees it through CA1; then the cortex sees the episode once more from
//     its own sensory input (the synthetic item input of cortex.AddDriver,
//     items 150 ms apart), as a cortex without a hippocampus would.
//   - sleep: the hippocampus sleeps; CA3 emits sharp-wave ripples that
//     replay the stored sequences, time-compressed, and CA1 carries each
//     replay to the cortex, which learns from it in Sleep mode. After the
//     night the cortex prunes (cortex.EndNight) and hippocampal traces fade
//     by one day (hippocampus.Decay).
//   - test: every episode learned so far is cued with its first item and
//     scored with task.Score by three readouts (see Readout).
//
// A region that is neither driven nor read is paused (sim.Group.SetPaused:
// its state held, no time spent on it): the hippocampus while the cortex
// sees the day's episodes from its own input and while the cortex alone is
// tested, the cortex while the hippocampus alone is tested. A test then
// measures one region without the other changing meanwhile.
//
// Switches: a hippocampal lesion from a given day on, sleep deprivation
// (sleep without sharp waves) on given days, and the extracellular [Mg²⁺].
// A run is deterministic for its seed and does not depend on Workers.
package brain
