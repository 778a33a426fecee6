package scenarios

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Simulation speeds this machine class reaches, simulated seconds per wall
// second on one core (measured with the package benchmarks: the five-day
// brain ≈ 3.2, COBA ≈ 4.8, the hippocampus ≈ 5), taken a little low so
// that estimates err long.
const (
	brainBioPerWall = 2.5
	cobaBioPerWall  = 4
	hippoBioPerWall = 4
	// recallMs is the simulated time of one cued recall of an episode by
	// one readout (the default brain's test: ≈ 0.38 s each).
	recallMs = 400
)

// bytesPerSynapse is the memory of a plastic synapse in the engine
// (target index, weight, by-target index and rule state; see
// sim.Projection.BytesPerSynapse), rounded up.
const bytesPerSynapse = 16

// LongRunSeconds is the estimated wall time above which simulate says
// how long a run will take before it starts.
const LongRunSeconds = 120

// Estimate returns roughly how long a run of s takes on one core of this
// machine class, seconds, and how much memory it needs, bytes (its kind's
// Estimate; 0, 0 for an unknown model).
func Estimate(s Scenario) (seconds float64, bytes int64) {
	k, ok := KindOf(s.Model)
	if !ok {
		return 0, 0
	}
	return k.Estimate(s)
}

// availableBytes reads MemAvailable from /proc/meminfo (0 when unknown).
func availableBytes() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// CheckMemory refuses a scenario whose estimated memory exceeds 80 % of
// limit bytes (limit ≤ 0: the machine's available memory), with the
// estimate in the error.
func CheckMemory(s Scenario, limit int64) error {
	if limit <= 0 {
		limit = availableBytes()
	}
	if limit <= 0 {
		return nil
	}
	if _, need := Estimate(s); need > limit/5*4 {
		return fmt.Errorf("%s needs about %.1f GB (mostly synapses), more than 80 %% of the %.1f GB available; use fewer days, episodes or items",
			s.Name, float64(need)/1e9, float64(limit)/1e9)
	}
	return nil
}
