package scenarios

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"engram/viz"
)

// Timing is written to timing.json: how long the run took on this
// machine. It is kept apart from metrics.json, which is reproducible.
type Timing struct {
	WallSeconds  float64 `json:"wall_seconds"`
	BioSPerWallS float64 `json:"bio_s_per_wall_s"`
	Workers      int     `json:"workers"`
	SimulatedMs  float64 `json:"simulated_ms"`
	CompleteRun  bool    `json:"complete"`
	// BrainWallSeconds is the wall time the brain's days took (day-night
	// runs; the Transformer runs beside it).
	BrainWallSeconds float64 `json:"brain_wall_seconds,omitempty"`
}

// writeTiming writes timing.json: r's wall time, simMs of simulated time
// (0 when the run does not measure it) and brainWall, the wall time of the
// brain's own days (0 when not a day-night run).
func writeTiming(dir string, r *Result, simMs, brainWall float64) error {
	t := Timing{WallSeconds: r.WallSeconds, Workers: r.Scenario.Workers, SimulatedMs: simMs,
		CompleteRun: r.Complete, BrainWallSeconds: brainWall}
	if r.WallSeconds > 0 {
		t.BioSPerWallS = simMs / 1000 / r.WallSeconds
	}
	return writeJSON(filepath.Join(dir, "timing.json"), t)
}

// Write writes a result into dir (replacing what was there): the files of
// its model (see writeAll). Everything is first written to a temporary
// folder beside dir, which is renamed to dir when complete, so dir never
// holds half a result.
func Write(dir string, r *Result) error {
	return commitDir(dir, func(tmp string) error { return writeAll(tmp, r) })
}

// commitDir fills a temporary folder beside dir with fill and renames it
// to dir, replacing what was there, once fill succeeded.
func commitDir(dir string, fill func(tmp string) error) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp*")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := fill(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// writeAll writes a result's files into the existing folder dir: for a
// COBA run metrics.json, timing.json, spikes.csv and the raster figure;
// for a hippocampus run see writeHippocampus; for a day-night run see
// writeDayNight.
func writeAll(dir string, r *Result) error {
	if r.Night != nil {
		return writeHippocampus(dir, r)
	}
	if r.DayNight != nil {
		return writeDayNight(dir, r)
	}
	if r.Pruning != nil || r.MgSweep != nil {
		return writeCortex(dir, r)
	}
	if r.Kim != nil {
		return writeKim(dir, r)
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), r.Metrics); err != nil {
		return err
	}
	if err := writeTiming(dir, r, r.Metrics.DurationMs, 0); err != nil {
		return err
	}
	if err := writeSpikes(filepath.Join(dir, "spikes.csv"), r.Trains, r.Scenario.DtMs); err != nil {
		return err
	}
	title := fmt.Sprintf("%s: self-sustained activity, %.1f Hz per cell, CV(ISI) %.2f", r.Scenario.Name, r.Metrics.RateHz["all"], r.Metrics.CVISI)
	t1 := math.Min(r.Metrics.DurationMs, 1000)
	return viz.RasterRate(filepath.Join(dir, "raster"), title, r.Trains, 0, t1, 5, 400)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// writeSpikes writes a tidy CSV: one row per spike, t_ms,population,cell,
// with times given to the precision of the time step dtMs.
func writeSpikes(path string, trains []viz.SpikeTrain, dtMs float64) error {
	prec := max(1, int(math.Ceil(-math.Log10(dtMs)-1e-9)))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("t_ms,population,cell\n")
	var buf []byte
	for _, tr := range trains {
		for k, t := range tr.TMs {
			buf = strconv.AppendFloat(buf[:0], t, 'f', prec, 64)
			buf = append(buf, ',')
			buf = append(buf, tr.Name...)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(tr.Cells[k]), 10)
			buf = append(buf, '\n')
			w.Write(buf)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeHippocampus writes a hippocampus run: metrics.json, timing.json,
// swr_events.csv and the four sleep figures.
func writeHippocampus(dir string, r *Result) error {
	if err := writeJSON(filepath.Join(dir, "metrics.json"), r.HippoMetrics); err != nil {
		return err
	}
	if err := writeTiming(dir, r, r.Night.H.Net().TimeMs(), 0); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "swr_events.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "start_ms,end_ms,duration_ms,peak_freq_hz,sequence,rho,items,ms_per_item,replay")
	for _, e := range r.Night.Stats.Events {
		fmt.Fprintf(w, "%.1f,%.1f,%.1f,%.1f,%d,%.3f,%d,%.2f,%t\n", e.Event.StartMs, e.Event.EndMs, e.Event.DurationMs(),
			e.Event.PeakFreqHz, e.Replay.Sequence, e.Replay.Rho, e.Replay.Items, e.Replay.MsPerItem, e.IsReplay())
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := viz.SleepRaster(filepath.Join(dir, "sleep_raster"), r.Night, 2000); err != nil {
		return err
	}
	if err := viz.SleepLFP(filepath.Join(dir, "sleep_lfp"), r.Night, 300); err != nil {
		return err
	}
	if err := viz.SleepSpectrum(filepath.Join(dir, "sleep_spectrum"), r.Night); err != nil {
		return err
	}
	if err := viz.ReplayVsAwake(filepath.Join(dir, "replay_vs_awake"), r.Night); err != nil {
		fmt.Fprintf(os.Stderr, "note: %v; replay_vs_awake not drawn\n", err)
	}
	if err := viz.ReplayStrip(filepath.Join(dir, "replay_strip"), r.Night, 10, 8); err != nil {
		fmt.Fprintf(os.Stderr, "note: %v; replay_strip not drawn\n", err)
	}
	return nil
}
