package scenarios

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/stat"

	"engram/ann"
	"engram/brain"
	"engram/sim"
	"engram/viz"
)

// DayNightMetrics are the measured results of a day-night run, written to
// metrics.json. They depend only on the scenario and its seed.
type DayNightMetrics struct {
	Scenario string     `json:"scenario"`
	Seed     uint64     `json:"seed"`
	Complete bool       `json:"complete"`
	Days     int        `json:"days"`
	Chance   float64    `json:"chance"`
	Brain    []BrainDay `json:"brain"`
	// BrainRecall is the brain's energy per recall over every test of the
	// run (nil when the run has no brain).
	BrainRecall *BrainRecallEnergy    `json:"brain_recall_energy,omitempty"`
	ANN         map[string]ANNMetrics `json:"ann"`
	Table       []TableRow            `json:"comparison"`
	// Ribot is each episode's recall around the lesion, with an intact
	// control (scenarios with brain.lesion_day ≥ 1).
	Ribot []RibotPoint `json:"ribot,omitempty"`
}

// RibotPoint is one episode's recall around a hippocampal lesion
// (brain.RibotPoint): its age at the lesion, days, the whole brain's
// recall before the lesion, and the lesioned and intact brains' recall in
// the last test.
type RibotPoint struct {
	Episode int     `json:"episode"`
	AgeDays int     `json:"age_days_at_lesion"`
	Before  float64 `json:"recall_before_lesion"`
	After   float64 `json:"recall_lesioned_last_day"`
	Control float64 `json:"recall_intact_last_day"`
}

// BrainDay is one day of the brain.
type BrainDay struct {
	Day         int     `json:"day"`
	Cortex      float64 `json:"recall_cortex"`
	Hippocampus float64 `json:"recall_hippocampus"`
	Both        float64 `json:"recall_both"`
	SWR         int     `json:"swr_events"`
	Replays     int     `json:"replays"`
	Synapses    int     `json:"cortex_ee_synapses"`
	// Joules and SynapticEvents are the whole run's energy meter at the
	// end of the day (cumulative since the brain was built), J and count.
	Joules         float64 `json:"joules_cumulative"`
	SynapticEvents int64   `json:"synaptic_events_cumulative"`
	// Recalls, RecallJoules and RecallSimMs are the day's test: its
	// recalls (brain.DayResult.Recalls), the energy it spent (J) and its
	// simulated time (ms).
	Recalls      int     `json:"test_recalls"`
	RecallJoules float64 `json:"test_joules"`
	RecallSimMs  float64 `json:"test_sim_ms"`
}

// BrainRecallEnergy is what one recall cost the brain model, over every
// test of a run. One recall is one cued recall of one episode by one
// readout: each test recalls every episode learned so far once by the
// cortex and once by the hippocampus.
type BrainRecallEnergy struct {
	// Recalls is the number of recalls of the run's tests.
	Recalls int `json:"recalls"`
	// JoulesPerRecall is the network's energy meter over the tests, J,
	// divided by Recalls.
	JoulesPerRecall float64 `json:"joules_per_recall"`
	// SpikesPerRecall and SynapticEventsPerRecall are the meter's counts
	// per recall.
	SpikesPerRecall         float64 `json:"spikes_per_recall"`
	SynapticEventsPerRecall float64 `json:"synaptic_events_per_recall"`
	// SimMsPerRecall is the simulated time of the tests per recall, ms.
	SimMsPerRecall float64 `json:"sim_ms_per_recall"`
	// HumanBrainJoulesPerRecall is what a whole human brain
	// (brain.HumanBrainWatts) spends in SimMsPerRecall, J.
	HumanBrainJoulesPerRecall float64 `json:"human_brain_joules_per_recall"`
}

// ANNMetrics is one ANN mode.
type ANNMetrics struct {
	MeanRecall []float64 `json:"mean_recall_by_day"`
	Day1Recall []float64 `json:"day1_recall_by_day"`
	// FLOPs is the work of the whole run (training, storing and recall),
	// and JoulesH100 and JoulesGPT3 its energy, J, at the H100's peak
	// J/FLOP and at GPT-3's end-to-end J/FLOP.
	FLOPs      int64   `json:"flops_run"`
	JoulesH100 float64 `json:"joules_h100_run"`
	JoulesGPT3 float64 `json:"joules_gpt3_rate_run"`
	// Recalls is the number of recalls of the run's tests (one episode
	// cued once), RecallFLOPs their work and FLOPsPerRecall its mean.
	Recalls        int     `json:"recalls"`
	RecallFLOPs    int64   `json:"recall_flops"`
	FLOPsPerRecall float64 `json:"flops_per_recall"`
	// JoulesPerRecallH100 and JoulesPerRecallGPT3 are the energy of one
	// recall, J, at the H100's and at GPT-3's J/FLOP.
	JoulesPerRecallH100 float64 `json:"joules_per_recall_h100"`
	JoulesPerRecallGPT3 float64 `json:"joules_per_recall_gpt3_rate"`
	ParamBytes          int64   `json:"param_bytes"`
}

// brainRecallEnergy sums the tests of br into its energy per recall.
func brainRecallEnergy(br brain.Result) BrainRecallEnergy {
	e := BrainRecallEnergy{Recalls: br.Recalls(), JoulesPerRecall: br.JoulesPerRecall(), SimMsPerRecall: br.MsPerRecall()}
	if e.Recalls > 0 {
		var spikes, events int64
		for _, d := range br.Days {
			spikes += d.RecallEnergy.Spikes
			events += d.RecallEnergy.Events
		}
		e.SpikesPerRecall = float64(spikes) / float64(e.Recalls)
		e.SynapticEventsPerRecall = float64(events) / float64(e.Recalls)
	}
	e.HumanBrainJoulesPerRecall = brain.HumanBrainWatts * e.SimMsPerRecall / 1000
	return e
}

// TableRow is one row of the brain-versus-AI comparison (MISSION.md).
type TableRow struct {
	Dimension string `json:"dimension"`
	Brain     string `json:"brain"`
	ANN       string `json:"ann"`
}

func dayNightMetrics(r *Result) DayNightMetrics {
	dn := r.DayNight
	m := DayNightMetrics{Scenario: r.Scenario.Name, Seed: r.Scenario.Seed, Complete: r.Complete,
		Days: len(dn.Brain.Days), Chance: dn.Brain.Chance, ANN: map[string]ANNMetrics{}}
	if dn.Lesion != nil {
		for _, p := range dn.Lesion.Ribot {
			m.Ribot = append(m.Ribot, RibotPoint{Episode: p.Episode, AgeDays: p.AgeDays, Before: p.Before, After: p.After, Control: p.Control})
		}
	}
	for _, d := range dn.Brain.Days {
		m.Brain = append(m.Brain, BrainDay{Day: d.Day, Cortex: d.Cortex, Hippocampus: d.Hippocampus, Both: d.Both,
			SWR: d.SWR, Replays: d.Replays, Synapses: d.Synapses, Joules: d.Energy.Joules, SynapticEvents: d.Energy.Events,
			Recalls: d.Recalls, RecallJoules: d.RecallEnergy.Joules, RecallSimMs: d.RecallSimMs})
	}
	if len(dn.Brain.Days) > 0 {
		rc := brainRecallEnergy(dn.Brain)
		m.BrainRecall = &rc
	}
	for _, mode := range dn.Modes {
		res := dn.ANN[mode]
		if res == nil {
			continue
		}
		am := ANNMetrics{Day1Recall: res.RecallOfDay(0), FLOPs: res.FLOPs.Total(),
			JoulesH100: res.Energy(ann.JoulesPerFLOPH100), JoulesGPT3: res.Energy(ann.JoulesPerFLOPGPT3),
			Recalls: res.Recalls, RecallFLOPs: res.RecallFLOPs.Total(), FLOPsPerRecall: res.FLOPsPerRecall(),
			JoulesPerRecallH100: res.JoulesPerRecall(ann.JoulesPerFLOPH100), JoulesPerRecallGPT3: res.JoulesPerRecall(ann.JoulesPerFLOPGPT3),
			ParamBytes: res.Memory.ParamBytes}
		for d := range res.Recall {
			am.MeanRecall = append(am.MeanRecall, res.MeanRecall(d))
		}
		m.ANN[string(mode)] = am
	}
	m.Table = comparison(r)
	return m
}

// comparison fills the table of MISSION.md with this run's numbers.
func comparison(r *Result) []TableRow {
	dn := r.DayNight
	br := dn.Brain
	n := len(br.Days)
	if n == 0 {
		return nil
	}
	last := n - 1
	// Short-term store: the hippocampus on the day an episode is learned,
	// the ANN's context window on the same day and after it is cleared.
	hSame := stat.Mean(br.SameDayCurve(brain.Hippocampus), nil)
	day1Hip, day1Ctx := readoutOfDay1(br, brain.Hippocampus, last), readoutOfDay1(br, brain.Cortex, last)
	short := TableRow{Dimension: "short-term store",
		Brain: fmt.Sprintf("hippocampal CA3 buffer: recall of each episode on the day it is learned %.2f; of day-1 episodes on day %d %.2f", hSame, n, day1Hip)}
	if res := dn.ANN[ann.ModeNone]; res != nil {
		in := res.InWindowRecall()
		d1 := res.RecallOfDay(0)
		short.ANN = fmt.Sprintf("context window (none): same-day recall %.2f; day-1 episodes after the window is cleared, day %d: %.2f", stat.Mean(in, nil), n, d1[len(d1)-1])
	}
	long := TableRow{Dimension: "long-term consolidation",
		Brain: fmt.Sprintf("cortex alone, day-1 episodes: %.2f after day 1 → %.2f after day %d (%d nights of replay, %d sharp-wave ripples; %s)",
			firstOr(br.DayCurve(0, brain.Cortex)), day1Ctx, n, n, totalSWR(br), pruned(br))}
	var parts []string
	for _, m := range []ann.Mode{ann.ModeFinetune, ann.ModeReplay, ann.ModeRAG} {
		if res := dn.ANN[m]; res != nil {
			d1 := res.RecallOfDay(0)
			parts = append(parts, fmt.Sprintf("%s %.2f → %.2f", m, d1[0], d1[len(d1)-1]))
		}
	}
	long.ANN = "day-1 episodes by backprop: " + strings.Join(parts, "; ")
	mg := r.Scenario.Brain.MgMM
	sel := TableRow{Dimension: "selection",
		Brain: fmt.Sprintf("NMDA Mg²⁺ gate (the engine's block at [Mg²⁺] = %g mM): open fraction B(−65 mV) = %.3f, B(−20 mV) = %.3f; validation row V4 measures that LTP then needs depolarisation", mg, sim.MgBlock(-65, mg), sim.MgBlock(-20, mg)),
		ANN: fmt.Sprintf("self-attention (%d layers × %d heads) choosing which tokens combine; NMDA activation α = %g, β = %g (α ↔ [Mg²⁺]/3.57 mM = %.2f)",
			ann.DefaultParams().Layers, ann.DefaultParams().Heads, r.Scenario.ANN.Alpha, r.Scenario.ANN.Beta, mg/3.57)}
	e := br.Days[last].Energy
	simS := br.Days[last].SimMs / 1000
	rc := brainRecallEnergy(br)
	en := TableRow{Dimension: "energy",
		Brain: fmt.Sprintf("per recall: %.3g J (%.3g spikes × %.2g J + %.3g synaptic events × %.2g J; %d recalls: each learned episode cued once to the cortex and once to the hippocampus at each day's test, %.0f ms simulated per recall; a whole human brain at %g W spends %.3g J in that time). "+
			"Whole run: %.3g J over %.0f s simulated (%d spikes + %d synaptic events): %.3g W for this network",
			rc.JoulesPerRecall, rc.SpikesPerRecall, sim.JoulesPerSpike, rc.SynapticEventsPerRecall, sim.JoulesPerSynapticEvent, rc.Recalls, rc.SimMsPerRecall,
			brain.HumanBrainWatts, rc.HumanBrainJoulesPerRecall, e.Joules, simS, e.Spikes, e.Events, e.Joules/simS)}
	var rparts, eparts []string
	for _, m := range dn.Modes {
		if res := dn.ANN[m]; res != nil {
			rparts = append(rparts, fmt.Sprintf("%s %.3g J (%.3g FLOP)", m, res.JoulesPerRecall(ann.JoulesPerFLOPH100), res.FLOPsPerRecall()))
			eparts = append(eparts, fmt.Sprintf("%s %.3g FLOP = %.3g J (H100) / %.3g J (GPT-3 rate)", m, float64(res.FLOPs.Total()),
				res.Energy(ann.JoulesPerFLOPH100), res.Energy(ann.JoulesPerFLOPGPT3)))
		}
	}
	if len(rparts) > 0 {
		en.ANN = fmt.Sprintf("per recall (one episode cued once), at the H100's %.2g pJ/FLOP: %s. Whole run (training, storing and recall): %s. Training GPT-3 took %.3g J",
			ann.JoulesPerFLOPH100*1e12, strings.Join(rparts, "; "), strings.Join(eparts, "; "), float64(ann.GPT3TrainingJoules))
	}
	return []TableRow{short, long, sel, en}
}

func readoutOfDay1(br brain.Result, ro brain.Readout, day int) float64 {
	if c := br.DayCurve(0, ro); day < len(c) {
		return c[day]
	}
	return math.NaN()
}

func firstOr(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return x[0]
}

func totalSWR(br brain.Result) int {
	n := 0
	for _, d := range br.Days {
		n += d.SWR
	}
	return n
}

func pruned(br brain.Result) string {
	if len(br.Days) == 0 {
		return ""
	}
	first, last := br.Days[0], br.Days[len(br.Days)-1]
	return fmt.Sprintf("cortical E→E synapses %d → %d", first.Synapses, last.Synapses)
}

// figure is one figure of a report.
type figure struct{ stem, caption string }

// writeDayNight writes a day-night run: metrics.json, timing.json,
// recall.csv, energy.csv, swr_events.csv, the figures, report.md and a
// self-contained report.html.
func writeDayNight(dir string, r *Result) error {
	dn := r.DayNight
	m := dayNightMetrics(r)
	if err := writeJSON(filepath.Join(dir, "metrics.json"), m); err != nil {
		return err
	}
	var simMs, brainWall float64
	if days := dn.Brain.Days; len(days) > 0 {
		simMs = days[len(days)-1].SimMs
		for _, d := range days {
			brainWall += d.WallSeconds
		}
	}
	if err := writeTiming(dir, r, simMs, brainWall); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "recall.csv"), "day,system,mode,episode,score", func(w *bufio.Writer) {
		for _, row := range dn.Brain.RecallRows() {
			fmt.Fprintf(w, "%d,brain,%s,%d,%.4f\n", row.Day+1, row.System, row.Episode, row.Score)
		}
		for _, mode := range dn.Modes {
			res := dn.ANN[mode]
			if res == nil {
				continue
			}
			for d, scores := range res.Recall {
				for id, sc := range scores {
					fmt.Fprintf(w, "%d,ann,%s,%d,%.4f\n", d+1, mode, id, sc)
				}
			}
		}
	}); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "energy.csv"), "system,mode,quantity,value,unit", func(w *bufio.Writer) {
		if n := len(dn.Brain.Days); n > 0 && m.BrainRecall != nil {
			rc := m.BrainRecall
			fmt.Fprintf(w, "brain,all,recalls,%d,count\nbrain,all,energy_per_recall,%.6g,J\nbrain,all,spikes_per_recall,%.6g,count\nbrain,all,synaptic_events_per_recall,%.6g,count\nbrain,all,sim_time_per_recall,%.6g,ms\nbrain,all,human_brain_energy_per_recall,%.6g,J\n",
				rc.Recalls, rc.JoulesPerRecall, rc.SpikesPerRecall, rc.SynapticEventsPerRecall, rc.SimMsPerRecall, rc.HumanBrainJoulesPerRecall)
			e := dn.Brain.Days[n-1].Energy
			fmt.Fprintf(w, "brain,all,spikes_run,%d,count\nbrain,all,synaptic_events_run,%d,count\nbrain,all,energy_run,%.6g,J\n", e.Spikes, e.Events, e.Joules)
			for _, p := range e.By {
				fmt.Fprintf(w, "brain,%s,energy_run,%.6g,J\n", strings.ReplaceAll(p.Name, ",", " "), p.Joules)
			}
		}
		for _, mode := range dn.Modes {
			if res := dn.ANN[mode]; res != nil {
				fmt.Fprintf(w, "ann,%s,recalls,%d,count\nann,%s,flops_per_recall,%.6g,FLOP\nann,%s,energy_per_recall_h100,%.6g,J\nann,%s,energy_per_recall_gpt3_rate,%.6g,J\n",
					mode, res.Recalls, mode, res.FLOPsPerRecall(), mode, res.JoulesPerRecall(ann.JoulesPerFLOPH100), mode, res.JoulesPerRecall(ann.JoulesPerFLOPGPT3))
				fmt.Fprintf(w, "ann,%s,flops_run,%d,FLOP\nann,%s,energy_h100_run,%.6g,J\nann,%s,energy_gpt3_rate_run,%.6g,J\n",
					mode, res.FLOPs.Total(), mode, res.Energy(ann.JoulesPerFLOPH100), mode, res.Energy(ann.JoulesPerFLOPGPT3))
			}
		}
	}); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "swr_events.csv"), "night,swr_events,swr_per_s,replays", func(w *bufio.Writer) {
		for _, d := range dn.Brain.Days {
			fmt.Fprintf(w, "%d,%d,%.4f,%d\n", d.Day+1, d.SWR, d.SWRPerS, d.Replays)
		}
	}); err != nil {
		return err
	}
	if err := writeReplays(dir, dn.Brain); err != nil {
		return err
	}
	var figs []figure
	add := func(stem, caption string, draw func(string) error) error {
		if err := draw(filepath.Join(dir, stem)); err != nil {
			return fmt.Errorf("figure %s: %w", stem, err)
		}
		figs = append(figs, figure{stem, caption})
		return nil
	}
	if len(dn.Brain.Days) > 0 {
		if err := add("summary", "Brain vs AI memory in this run: short-term store, long-term consolidation, selection (one gate), energy per recall.",
			func(s string) error { return viz.Summary(s, dn.Brain, dn.ANN, r.Scenario.Brain.MgMM) }); err != nil {
			return err
		}
		if err := add("brain_vs_ann", "Recall of the first day's episodes over the days: brain (left) and Transformer (right), same cues, same score.",
			func(s string) error { return viz.BrainVsANN(s, dn.Brain, dn.ANN) }); err != nil {
			return err
		}
		if err := add("brain_retention", "Brain: mean recall of every episode learned so far, by readout, and the sharp-wave ripples of each night.",
			func(s string) error { return viz.RetentionCurves(s, dn.Brain) }); err != nil {
			return err
		}
		if dn.WeightsAfter != nil {
			if err := add("cortex_weights", "Cortex: mean synaptic weight between item assemblies before the first day and after the last night; a learned route is a chain just above the diagonal.",
				func(s string) error {
					return viz.WeightMatrices(s, dn.WeightsBefore, dn.WeightsAfter, dn.Task.Params.EpisodeLen,
						"cortex before day 1", fmt.Sprintf("cortex after night %d", len(dn.Brain.Days)))
				}); err != nil {
				return err
			}
		}
		if dn.Lesion != nil {
			if err := add("ribot", "Ribot gradient: each episode's recall against its age at the hippocampal lesion — before the lesion, after it, and in an intact control brain.",
				func(s string) error { return viz.RibotGradient(s, *dn.Lesion) }); err != nil {
				return err
			}
		}
	}
	if len(dn.ANN) > 0 {
		if err := add("ann_recall", "Transformer: recall of the day-1 episodes in each memory mode.",
			func(s string) error { return viz.ANNRecall(dn.ANN, s) }); err != nil {
			return err
		}
		if err := add("ann_loss", "Transformer: training loss (pre-training, then after each day).",
			func(s string) error { return viz.ANNLoss(dn.ANN, s) }); err != nil {
			return err
		}
	}
	md := reportMarkdown(r, m, figs)
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(md), 0o644); err != nil {
		return err
	}
	page, err := reportHTML(dir, r, m, figs)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.html"), page, 0o644)
}

func writeCSV(path, header string, rows func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, header)
	rows(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func reportMarkdown(r *Result, m DayNightMetrics, figs []figure) string {
	var b strings.Builder
	s := r.Scenario
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", s.Name, strings.TrimSpace(s.Description))
	if !r.Complete {
		fmt.Fprintf(&b, "**This run was interrupted: it holds the %d days that finished.**\n\n", m.Days)
	}
	fmt.Fprintf(&b, "Seed %d; %d days of %d episode(s) of %d items; chance recall %.2f.\n\n", s.Seed, s.Task.Days, s.Task.EpisodesPerDay, s.Task.EpisodeLen, m.Chance)
	b.WriteString("## Brain and AI, measured in this run\n\n")
	if len(m.Table) == 0 {
		b.WriteString("This scenario runs the Transformer alone; run `day-night` for the comparison table.\n\n")
	} else {
		b.WriteString("| dimension | brain model | ANN counterpart |\n|---|---|---|\n")
	}
	for _, row := range m.Table {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", row.Dimension, row.Brain, row.ANN)
	}
	b.WriteString("\nThe validation suite (`simulate validate`) checks the phenomena behind these rows: V4 (NMDA-gated plasticity), V5–V7 (hippocampal buffering, ripples, replay), V8–V11 (consolidation, lesion, pruning, [Mg²⁺]), V12 (ANN memory), V13 (energy).\n\n")
	b.WriteString("## Figures\n\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "![%s](%s.png)\n\n%s\n\n", f.stem, f.stem, f.caption)
	}
	b.WriteString("## Files\n\n`metrics.json` (all numbers above), `recall.csv` (day, system, mode, episode, score), `energy.csv`, `swr_events.csv` (per night), `replays.csv` (per sharp-wave ripple: its replay test), `timing.json` (wall time), figures as PNG and SVG.\n")
	return b.String()
}

func reportHTML(dir string, r *Result, m DayNightMetrics, figs []figure) ([]byte, error) {
	var b bytes.Buffer
	s := r.Scenario
	esc := html.EscapeString
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>\n", esc(s.Name))
	b.WriteString("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;line-height:1.45}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.4em;vertical-align:top}th{background:#eee}img{max-width:100%}</style></head><body>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p>%s</p>\n", esc(s.Name), esc(strings.TrimSpace(s.Description)))
	if !r.Complete {
		fmt.Fprintf(&b, "<p><strong>This run was interrupted: it holds the %d days that finished.</strong></p>\n", m.Days)
	}
	fmt.Fprintf(&b, "<p>Seed %d; %d days of %d episode(s) of %d items; chance recall %.2f.</p>\n", s.Seed, s.Task.Days, s.Task.EpisodesPerDay, s.Task.EpisodeLen, m.Chance)
	b.WriteString("<h2>Brain and AI, measured in this run</h2>\n<table><tr><th>dimension</th><th>brain model</th><th>ANN counterpart</th></tr>\n")
	for _, row := range m.Table {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(row.Dimension), esc(row.Brain), esc(row.ANN))
	}
	b.WriteString("</table>\n<h2>Figures</h2>\n")
	for _, f := range figs {
		png, err := os.ReadFile(filepath.Join(dir, f.stem+".png"))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "<figure><img alt=\"%s\" src=\"data:image/png;base64,%s\"><figcaption>%s</figcaption></figure>\n",
			esc(f.stem), base64.StdEncoding.EncodeToString(png), esc(f.caption))
	}
	b.WriteString("</body></html>\n")
	return b.Bytes(), nil
}
