package scenarios

import (
	"encoding/json"
	"math"
	"path/filepath"

	"engram/export"
	"engram/report"
	"engram/resultdir"
)

// Timing is written to timing.json: how long the run took on this
// machine. It is kept apart from every other file, which depends on the
// scenario and its seed alone.
type Timing struct {
	WallSeconds  float64 `json:"wall_seconds"`
	BioSPerWallS float64 `json:"bio_s_per_wall_s"`
	Workers      int     `json:"workers"`
	SimulatedMs  float64 `json:"simulated_ms"`
	CompleteRun  bool    `json:"complete"`
	// BrainWallSeconds is the wall time the brain's days took (day-night
	// runs; the Transformer runs beside it).
	BrainWallSeconds float64 `json:"brain_wall_seconds,omitempty"`
	// Jobs, RunsTrained and RunsResumed: how a replication (model kim)
	// went, runs trained now or resumed from its runs folder.
	Jobs        int `json:"jobs,omitempty"`
	RunsTrained int `json:"runs_trained,omitempty"`
	RunsResumed int `json:"runs_resumed,omitempty"`
}

// timing returns r's Timing.
func timing(r *Result) Timing {
	simMs := r.Outcome.SimulatedMs()
	t := Timing{WallSeconds: r.WallSeconds, Workers: r.Scenario.Workers, SimulatedMs: simMs, CompleteRun: r.Complete()}
	if r.WallSeconds > 0 {
		t.BioSPerWallS = simMs / 1000 / r.WallSeconds
	}
	if b, ok := r.Outcome.(interface{ brainWallSeconds() float64 }); ok {
		t.BrainWallSeconds = b.brainWallSeconds()
	}
	if k, ok := r.Outcome.(interface{ timing(*Timing) }); ok {
		k.timing(&t)
	}
	return t
}

// Write writes a result into the claimed folder d: at d.Path when the
// run is complete, at d.Path+".incomplete" when it was interrupted (the
// previous complete result stays), each time atomically and with the
// manifest that marks the folder as Engram's (see resultdir). It returns
// the folder written.
func Write(d *resultdir.Dir, r *Result) (string, error) {
	m := resultdir.Manifest{Scenario: r.Scenario.Name, Seed: r.Scenario.Seed, Complete: r.Complete()}
	return d.Commit(m, func(tmp string) error { return writeFiles(tmp, r) })
}

// WriteTo claims the folder path (resultdir.Open) and writes r into it
// (Write), for callers that check nothing before the run.
func WriteTo(path string, r *Result) (string, error) {
	d, err := resultdir.Open(path)
	if err != nil {
		return "", err
	}
	defer d.Close()
	return Write(d, r)
}

// writeFiles writes the outcome's files and timing.json into dir.
func writeFiles(dir string, r *Result) error {
	if err := r.Outcome.Write(dir); err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, "timing.json"), timing(r))
}

// Float is a measured number that JSON writes as null when it is not
// finite: a quantity the run could not measure (the CV of interspike
// intervals of a run too short for any interval, the median of no events).
type Float float64

// MarshalJSON writes f as encoding/json writes a float64, or null.
func (f Float) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

func writeJSON(path string, v any) error { return report.WriteJSON(path, v) }

// writeCSV writes a CSV file of header and rows (report.WriteCSV).
func writeCSV(path string, header []string, rows [][]string) error {
	return report.WriteCSV(path, header, rows)
}

// writeSpikes writes the populations' spikes as spikes.csv
// (t_ms,population,cell; export.WriteSpikesCSV, the one writer of that
// format).
func writeSpikes(path string, pops []Population, dtMs float64) error {
	sp := make([]export.Spikes, len(pops))
	for i, p := range pops {
		sp[i] = export.Spikes{Population: p.Name, TMs: p.TMs, Cells: p.Cells}
	}
	return export.WriteSpikesCSV(path, sp, dtMs)
}
