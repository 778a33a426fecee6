//go:build linux

package live

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestReserveCore: on a machine with two or more processors the
// reserving thread gives up the last one, and a pinned thread runs on it
// alone. Each step runs on a goroutine of its own, whose locked thread
// ends with it, so the test's own threads keep their masks.
func TestReserveCore(t *testing.T) {
	var all unix.CPUSet
	if err := unix.SchedGetaffinity(0, &all); err != nil {
		t.Skip("processor affinity unavailable:", err)
	}
	type result struct {
		cpu  int
		mask unix.CPUSet
	}
	run := func(f func() int) result {
		ch := make(chan result)
		go func() {
			var r result
			r.cpu = f()
			unix.SchedGetaffinity(0, &r.mask)
			ch <- r // the goroutine ends locked: its thread exits with it
		}()
		return <-ch
	}
	res := run(reserveCore)
	if all.Count() < 2 {
		if res.cpu != -1 {
			t.Fatalf("one processor, yet processor %d reserved", res.cpu)
		}
		return
	}
	if res.cpu < 0 || !all.IsSet(res.cpu) || res.mask.IsSet(res.cpu) || res.mask.Count() != all.Count()-1 {
		t.Fatalf("reserved %d; the reserving thread may run on %d processors (of %d), that one: %v",
			res.cpu, res.mask.Count(), all.Count(), res.mask.IsSet(res.cpu))
	}
	pinned := run(func() int { pinThread(res.cpu); return res.cpu })
	if pinned.mask.Count() != 1 || !pinned.mask.IsSet(res.cpu) {
		t.Fatalf("pinned thread may run on %d processors, want only %d", pinned.mask.Count(), res.cpu)
	}
}
