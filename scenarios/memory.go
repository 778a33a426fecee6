package scenarios

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"engram/brain"
)

// bytesPerSynapse is the memory of a plastic synapse in the engine
// (target index, weight, by-target index and rule state; see
// sim.Projection.BytesPerSynapse), rounded up.
const bytesPerSynapse = 16

// EstimateBytes returns a rough upper estimate of the memory a run of s
// needs, dominated by synapses: for a day-night run, the CA3 recurrent
// network (p 0.2) and the cortex (in-degree 200), sized for the task's
// items, as brain.Params.Sized sizes them.
func EstimateBytes(s Scenario) int64 {
	switch s.Model {
	case "day-night":
		items := s.Task.Days * s.Task.EpisodesPerDay * s.Task.EpisodeLen
		p := brain.DefaultParams().Sized(items)
		npc := int64(p.Hippocampus.NPC)
		ne := int64(p.Cortex.NE)
		syn := npc*npc/5 + ne*200 + int64(p.Hippocampus.NCA1)*npc/20
		return syn * bytesPerSynapse
	case "coba":
		return 4000 * 4000 / 50 * bytesPerSynapse
	}
	return 64 << 20
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
	if need := EstimateBytes(s); need > limit/5*4 {
		return fmt.Errorf("%s needs about %.1f GB (mostly synapses), more than 80 %% of the %.1f GB available; use fewer days, episodes or items",
			s.Name, float64(need)/1e9, float64(limit)/1e9)
	}
	return nil
}
