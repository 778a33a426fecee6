package live

import "sync/atomic"

// simCPU is the processor reserved for the simulation (−1: none).
var simCPU atomic.Int32

func init() { simCPU.Store(-1) }

// ReserveSimulationCore gives the simulation of every session started
// afterwards a processor of its own, on machines with two or more: the
// calling thread, which must be the one that opens the window (the main
// thread, before the window opens), and every thread it starts later — the
// window's drawing and a software OpenGL renderer's workers — keep off
// the last processor the process may use, and a session's goroutine locks
// itself to a thread on that processor. Rendering then never evicts the
// simulation from its processor and its caches: on a 2-core machine with
// software OpenGL, the default scenario paced at 1× reached 0.66–0.82×
// real time over the first 600 frames while the scheduler moved the
// simulation between cores, 0.84–0.92× with its own core (`viewer -frames
// 600 -stats`). Results do not depend on it.
// It does nothing where processor affinity is unavailable (non-Linux) or
// refused.
func ReserveSimulationCore() { simCPU.Store(int32(reserveCore())) }

// pinSimulation locks the calling goroutine to its thread and that
// thread to the reserved processor, if one is reserved.
func pinSimulation() {
	if c := simCPU.Load(); c >= 0 {
		pinThread(int(c))
	}
}
