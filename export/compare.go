package export

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"engram/hippocampus"
	"engram/sim"
)

// ReadNetwork reads the network.json of the export in dir.
func ReadNetwork(dir string) (*Network, error) {
	b, err := os.ReadFile(filepath.Join(dir, "network.json"))
	if err != nil {
		return nil, err
	}
	var n Network
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "network.json"), err)
	}
	if n.Format != Format {
		return nil, fmt.Errorf("%s: format %q, want %q", filepath.Join(dir, "network.json"), n.Format, Format)
	}
	return &n, nil
}

// Run is the result of running an export: the spikes of its populations
// and the LFP proxies it recorded.
type Run struct {
	Name    string
	Spikes  []Spikes
	LFP     []LFP
	Release []ReleaseTrace
}

// ReadRun reads a run's spikes (spikesFile, Engram's spikes.csv format)
// and, when present, lfp.csv and release.csv beside it.
func ReadRun(name, spikesFile string) (Run, error) {
	sp, err := ReadSpikesCSV(spikesFile)
	if err != nil {
		return Run{}, err
	}
	r := Run{Name: name, Spikes: sp}
	lfp := filepath.Join(filepath.Dir(spikesFile), "lfp.csv")
	if _, err := os.Stat(lfp); err == nil {
		if r.LFP, err = ReadLFPCSV(lfp); err != nil {
			return Run{}, err
		}
	}
	rel := filepath.Join(filepath.Dir(spikesFile), "release.csv")
	if _, err := os.Stat(rel); err == nil {
		if r.Release, err = ReadReleaseCSV(rel); err != nil {
			return Run{}, err
		}
	}
	return r, nil
}

// spikesOf returns the spikes of population name (none if it never fired).
func (r Run) spikesOf(name string) Spikes {
	for _, s := range r.Spikes {
		if s.Population == name {
			return s
		}
	}
	return Spikes{Population: name}
}

func (r Run) lfpOf(name string) []float64 {
	for _, l := range r.LFP {
		if l.Population == name {
			return l.PA
		}
	}
	return nil
}

// PopulationStats are a population's firing statistics over a run.
type PopulationStats struct {
	Population string
	Cells      int
	Spikes     int
	// RateHz is the mean rate per cell; CVISI the mean CV of interspike
	// intervals over cells with ≥ 2 intervals (NaN if none).
	RateHz, CVISI float64
}

// Stats returns the firing statistics of every population of net in r,
// over the window, with Engram's own measures (sim.MeanRate, sim.CVISI).
func Stats(net *Network, r Run) []PopulationStats {
	var out []PopulationStats
	for _, p := range net.Populations {
		s := sorted(r.spikesOf(p.Name))
		cv, _ := sim.CVISI(s.TMs, s.Cells, p.Size, 2)
		out = append(out, PopulationStats{Population: p.Name, Cells: p.Size, Spikes: len(s.TMs),
			RateHz: sim.MeanRate(len(s.TMs), p.Size, net.WindowMs), CVISI: cv})
	}
	return out
}

// sorted returns s in time order (then cell), as Engram's analysis wants.
func sorted(s Spikes) Spikes {
	idx := make([]int, len(s.TMs))
	for i := range idx {
		idx[i] = i
	}
	sortIdx(idx, s)
	out := Spikes{Population: s.Population, TMs: make([]float64, len(idx)), Cells: make([]int32, len(idx))}
	for k, i := range idx {
		out.TMs[k], out.Cells[k] = s.TMs[i], s.Cells[i]
	}
	return out
}

// Identical compares the spike trains of two runs population by
// population (after sorting by time, then cell) and returns a description
// of the first difference, or "" when every spike is the same.
func Identical(net *Network, a, b Run) string {
	for _, p := range net.Populations {
		x, y := sorted(a.spikesOf(p.Name)), sorted(b.spikesOf(p.Name))
		n := min(len(x.TMs), len(y.TMs))
		for k := 0; k < n; k++ {
			if x.TMs[k] != y.TMs[k] || x.Cells[k] != y.Cells[k] {
				return fmt.Sprintf("%s: spike %d differs: %s has cell %d at %g ms, %s cell %d at %g ms",
					p.Name, k, a.Name, x.Cells[k], x.TMs[k], b.Name, y.Cells[k], y.TMs[k])
			}
		}
		if len(x.TMs) != len(y.TMs) {
			return fmt.Sprintf("%s: %s has %d spikes, %s %d", p.Name, a.Name, len(x.TMs), b.Name, len(y.TMs))
		}
	}
	return ""
}

// SleepStats runs Engram's sharp-wave-ripple detector and replay analysis
// (hippocampus.AnalyzeNight: CA3 LFP proxy, bursts of CA3 pyramidal cells,
// decoding of assemblies, order against the stored sequences) on a run of
// an exported hippocampus.
func SleepStats(net *Network, r Run) (hippocampus.SleepStats, error) {
	info := net.Hippocampus
	if info == nil {
		return hippocampus.SleepStats{}, fmt.Errorf("export: %s has no hippocampus to analyse", net.Scenario)
	}
	lfp3 := r.lfpOf(info.CA3)
	if lfp3 == nil {
		return hippocampus.SleepStats{}, fmt.Errorf("export: run %s has no LFP proxy of %q", r.Name, info.CA3)
	}
	spikes := func(name string) hippocampus.Spikes {
		s := sorted(r.spikesOf(name))
		return hippocampus.Spikes{TMs: s.TMs, Cells: s.Cells}
	}
	rec := hippocampus.Recording{CA3: spikes(info.CA3), BC: spikes(info.BC), CA1: spikes(info.CA1),
		LFPCA3: lfp3, LFPCA1: r.lfpOf(info.CA1), Assembly: info.Assembly, Sequences: info.Sequences}
	return hippocampus.AnalyzeNight(rec, info.AssemblyPC, info.Items, info.Salient, info.ItemMs, net.Seed)
}

// RelDiff returns |a − b| / b (NaN when b is 0).
func RelDiff(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return math.Abs(a-b) / b
}
