package cortex

import (
	"math"
	"slices"

	"engram/task"
)

// Decode reads which item assemblies were active between t0 and t1 (ms of
// network time) from the cortex's recent E spikes, as an experimentalist
// decodes a population recording: spikes are counted per assembly in bins
// of DecodeBinMs; an assembly is active in a bin when its count reaches
// DecodeMinFrac·AssemblySize; items are listed in the order their
// assemblies first become active (within a bin, the larger count first).
// exclude (the cue) is left out. The recorder keeps the last
// RecordCapacity spikes; Recall clears it before each cue.
func (c *Cortex) Decode(t0, t1 float64, exclude task.Item) []task.Item {
	tMs, cells := c.spikes.Spikes()
	counts := c.binCounts(tMs, cells, t0, t1)
	return c.decodeCounts(counts, exclude)
}

// binCounts returns spike counts [bin][assembly] between t0 and t1.
func (c *Cortex) binCounts(tMs []float64, cells []int32, t0, t1 float64) [][]int {
	bin := c.p.DecodeBinMs
	nb := int(math.Ceil((t1 - t0) / bin))
	if nb <= 0 {
		return nil
	}
	counts := make([][]int, nb)
	for b := range counts {
		counts[b] = make([]int, len(c.items))
	}
	for k, t := range tMs {
		if t < t0 || t >= t1 {
			continue
		}
		a := c.cellAsm[cells[k]]
		if a < 0 {
			continue
		}
		if b := int((t - t0) / bin); b < nb {
			counts[b][a]++
		}
	}
	return counts
}

// decodeCounts turns per-bin assembly counts into the ordered list of
// items that became active.
func (c *Cortex) decodeCounts(counts [][]int, exclude task.Item) []task.Item {
	theta := int(math.Ceil(c.p.DecodeMinFrac * float64(c.p.AssemblySize)))
	seen := make([]bool, len(c.items))
	if k, ok := c.assembly[exclude]; ok {
		seen[k] = true
	}
	var out []task.Item
	var active []int
	for _, row := range counts {
		active = active[:0]
		for a, n := range row {
			if n >= theta && !seen[a] {
				active = append(active, a)
			}
		}
		slices.SortStableFunc(active, func(a, b int) int { return row[b] - row[a] })
		for _, a := range active {
			seen[a] = true
			out = append(out, c.items[a])
		}
	}
	return out
}

// RecentSpikes returns copies of the E spikes the cortex's recorder holds:
// times (ms) and cell indices, oldest first (for rasters).
func (c *Cortex) RecentSpikes() (tMs []float64, cells []int32) { return c.spikes.Spikes() }
