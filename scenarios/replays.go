package scenarios

import (
	"bufio"
	"fmt"
	"path/filepath"

	"engram/brain"
)

// writeReplays writes replays.csv: one row per sharp-wave ripple detected
// in a night of the brain run (brain.Result.ReplayRows), with the
// per-event replay test — night, start from the night's beginning (ms),
// duration (ms), in-event spectral peak (Hz), distinct items of the
// best-matching route, direction (forward, reverse, or none when not a
// significant replay), rank correlation, shuffle p, significance.
func writeReplays(dir string, br brain.Result) error {
	return writeCSV(filepath.Join(dir, "replays.csv"), "night,start_ms,duration_ms,peak_hz,n_items,direction,rho,p,significant", func(w *bufio.Writer) {
		for _, r := range br.ReplayRows() {
			fmt.Fprintf(w, "%d,%.1f,%.1f,%.1f,%d,%s,%.4f,%.4f,%t\n", r.Night, r.StartMs, r.DurationMs, r.PeakHz, r.Items, r.Direction, r.Rho, r.P, r.Significant)
		}
	})
}
