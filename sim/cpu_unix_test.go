//go:build unix

package sim

import "syscall"

// processCPUSeconds returns the CPU time the process has used, user and
// system, in seconds.
func processCPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
