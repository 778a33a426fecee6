//go:build linux

package live

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// reserveCore takes the last processor of the calling thread's affinity
// mask out of that mask (threads it creates later inherit the rest) and
// returns it; −1 if there is only one or the mask cannot be read or set.
func reserveCore() int {
	runtime.LockOSThread() // the mask belongs to this thread
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil || set.Count() < 2 {
		return -1
	}
	last := -1
	for c, seen := 0, 0; seen < set.Count(); c++ {
		if set.IsSet(c) {
			last, seen = c, seen+1
		}
	}
	set.Clear(last)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return -1
	}
	return last
}

// pinThread locks the calling goroutine to its thread and runs that
// thread on processor cpu only (best effort: if refused it runs anywhere).
func pinThread(cpu int) {
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(cpu)
	_ = unix.SchedSetaffinity(0, &set)
}
