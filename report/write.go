package report

import (
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"engram/ann"
	"engram/viz"
)

//go:embed templates/*.tmpl
var templates embed.FS

var (
	markdown = template.Must(template.ParseFS(templates, "templates/report.md.tmpl"))
	page     = htmltemplate.Must(htmltemplate.ParseFS(templates, "templates/report.html.tmpl"))
)

// Write writes a day-night run into the folder dir: metrics.json,
// recall.csv, energy.csv, swr_events.csv (per night), replays.csv (per
// sharp-wave ripple: night, start from the night's beginning in ms,
// duration in ms, in-event spectral peak in Hz, distinct items of the
// best-matching route, direction — forward, reverse, or none when not a
// significant replay — correlation of time and position, shuffle p, significance), the
// figures (PNG and SVG), report.md and a self-contained report.html.
func Write(dir string, dn DayNight) error {
	m := Metrics(dn)
	if err := WriteJSON(filepath.Join(dir, "metrics.json"), m); err != nil {
		return err
	}
	if err := WriteCSV(filepath.Join(dir, "recall.csv"), []string{"day", "system", "mode", "episode", "score"}, recallRows(dn)); err != nil {
		return err
	}
	if err := WriteCSV(filepath.Join(dir, "energy.csv"), []string{"system", "mode", "quantity", "value", "unit"}, energyRows(dn, m)); err != nil {
		return err
	}
	var nights [][]string
	for _, d := range dn.Brain.Days {
		nights = append(nights, []string{strconv.Itoa(d.Day + 1), strconv.Itoa(d.SWR), fmt.Sprintf("%.4f", d.SWRPerS), strconv.Itoa(d.Replays)})
	}
	if err := WriteCSV(filepath.Join(dir, "swr_events.csv"), []string{"night", "swr_events", "swr_per_s", "replays"}, nights); err != nil {
		return err
	}
	var replays [][]string
	for _, r := range dn.Brain.ReplayRows() {
		replays = append(replays, []string{strconv.Itoa(r.Night), fmt.Sprintf("%.1f", r.StartMs), fmt.Sprintf("%.1f", r.DurationMs),
			fmt.Sprintf("%.1f", r.PeakHz), strconv.Itoa(r.Items), r.Direction, fmt.Sprintf("%.4f", r.Rho), fmt.Sprintf("%.4f", r.P),
			strconv.FormatBool(r.Significant)})
	}
	if err := WriteCSV(filepath.Join(dir, "replays.csv"), []string{"night", "start_ms", "duration_ms", "peak_hz", "n_items",
		"direction", "rho", "p", "significant"}, replays); err != nil {
		return err
	}
	figs, err := figures(dir, dn)
	if err != nil {
		return err
	}
	v := view{Name: dn.Name, Description: strings.TrimSpace(dn.Description), Complete: dn.Complete, DaysDone: m.Days,
		Seed: dn.Seed, Days: dn.Task.Params.Days, EpisodesPerDay: dn.Task.Params.EpisodesPerDay, EpisodeLen: dn.Task.Params.EpisodeLen,
		Chance: fmt.Sprintf("%.2f", m.Chance), Table: m.Table, Figures: figs}
	var md bytes.Buffer
	if err := markdown.Execute(&md, v); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), md.Bytes(), 0o644); err != nil {
		return err
	}
	for i, f := range v.Figures {
		png, err := os.ReadFile(filepath.Join(dir, f.Stem+".png"))
		if err != nil {
			return err
		}
		v.Figures[i].Data = htmltemplate.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	var html bytes.Buffer
	if err := page.Execute(&html, v); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.html"), html.Bytes(), 0o644)
}

// view is what the report templates show.
type view struct {
	Name, Description                string
	Complete                         bool
	DaysDone                         int
	Seed                             uint64
	Days, EpisodesPerDay, EpisodeLen int
	Chance                           string
	Table                            []TableRow
	Figures                          []figure
}

// figure is one figure of a report: its file stem, its caption and, for
// the HTML page, the PNG as a data URL.
type figure struct {
	Stem, Caption string
	Data          htmltemplate.URL
}

// recallRows are recall.csv's rows: day (from 1), system, mode, episode,
// score.
func recallRows(dn DayNight) [][]string {
	var rows [][]string
	for _, r := range dn.Brain.RecallRows() {
		rows = append(rows, []string{strconv.Itoa(r.Day + 1), "brain", string(r.System), strconv.Itoa(r.Episode), fmt.Sprintf("%.4f", r.Score)})
	}
	for _, mode := range dn.Modes {
		res := dn.ANN[mode]
		if res == nil {
			continue
		}
		for d, scores := range res.Recall {
			for id, sc := range scores {
				rows = append(rows, []string{strconv.Itoa(d + 1), "ann", string(mode), strconv.Itoa(id), fmt.Sprintf("%.4f", sc)})
			}
		}
	}
	return rows
}

// energyRows are energy.csv's rows: system, mode, quantity, value, unit.
func energyRows(dn DayNight, m DayNightMetrics) [][]string {
	var rows [][]string
	add := func(system, mode, quantity, value, unit string) {
		rows = append(rows, []string{system, mode, quantity, value, unit})
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	if n := len(dn.Brain.Days); n > 0 && m.BrainRecall != nil {
		rc := m.BrainRecall
		add("brain", "all", "recalls", strconv.Itoa(rc.Recalls), "count")
		add("brain", "all", "energy_per_recall", g(rc.JoulesPerRecall), "J")
		add("brain", "all", "spikes_per_recall", g(rc.SpikesPerRecall), "count")
		add("brain", "all", "synaptic_events_per_recall", g(rc.SynapticEventsPerRecall), "count")
		add("brain", "all", "sim_time_per_recall", g(rc.SimMsPerRecall), "ms")
		add("brain", "all", "human_brain_energy_per_recall", g(rc.HumanBrainJoulesPerRecall), "J")
		e := dn.Brain.Days[n-1].Energy
		add("brain", "all", "spikes_run", strconv.FormatInt(e.Spikes, 10), "count")
		add("brain", "all", "synaptic_events_run", strconv.FormatInt(e.Events, 10), "count")
		add("brain", "all", "energy_run", g(e.Joules), "J")
		for _, p := range e.By {
			add("brain", strings.ReplaceAll(p.Name, ",", " "), "energy_run", g(p.Joules), "J")
		}
	}
	for _, mode := range dn.Modes {
		res := dn.ANN[mode]
		if res == nil {
			continue
		}
		md := string(mode)
		add("ann", md, "recalls", strconv.Itoa(res.Recalls), "count")
		add("ann", md, "flops_per_recall", g(res.FLOPsPerRecall()), "FLOP")
		add("ann", md, "energy_per_recall_h100", g(res.JoulesPerRecall(ann.JoulesPerFLOPH100)), "J")
		add("ann", md, "energy_per_recall_gpt3_rate", g(res.JoulesPerRecall(ann.JoulesPerFLOPGPT3)), "J")
		add("ann", md, "flops_run", strconv.FormatInt(res.FLOPs.Total(), 10), "FLOP")
		add("ann", md, "energy_h100_run", g(res.Energy(ann.JoulesPerFLOPH100)), "J")
		add("ann", md, "energy_gpt3_rate_run", g(res.Energy(ann.JoulesPerFLOPGPT3)), "J")
	}
	return rows
}

// figures draws the run's figures into dir and returns them with their
// captions.
func figures(dir string, dn DayNight) ([]figure, error) {
	var figs []figure
	add := func(stem, caption string, draw func(string) error) error {
		if err := draw(filepath.Join(dir, stem)); err != nil {
			return fmt.Errorf("figure %s: %w", stem, err)
		}
		figs = append(figs, figure{Stem: stem, Caption: caption})
		return nil
	}
	if len(dn.Brain.Days) > 0 && dn.Selection != nil {
		if err := add("summary", "Brain vs AI memory in this run: short-term store, long-term consolidation, selection (measured: the brain's cortical synapse paired with depolarisation, the Transformer's recall against its NMDA activation's α), energy per recall.",
			func(s string) error { return viz.Summary(s, dn.Brain, dn.ANN, *dn.Selection) }); err != nil {
			return nil, err
		}
	}
	if len(dn.Brain.Days) > 0 {
		if err := add("brain_vs_ann", "Recall of the first day's episodes over the days: brain (left) and Transformer (right), same cues, same score.",
			func(s string) error { return viz.BrainVsANN(s, dn.Brain, dn.ANN) }); err != nil {
			return nil, err
		}
		if err := add("brain_retention", "Brain: mean recall of every episode learned so far, by readout, and the sharp-wave ripples of each night.",
			func(s string) error { return viz.RetentionCurves(s, dn.Brain) }); err != nil {
			return nil, err
		}
		if dn.WeightsAfter != nil {
			if err := add("cortex_weights", "Cortex: mean synaptic weight between item assemblies before the first day and after the last night; a learned route is a chain just above the diagonal.",
				func(s string) error {
					return viz.WeightMatrices(s, dn.WeightsBefore, dn.WeightsAfter, dn.Task.Params.EpisodeLen,
						"cortex before day 1", fmt.Sprintf("cortex after night %d", len(dn.Brain.Days)))
				}); err != nil {
				return nil, err
			}
		}
		if dn.Lesion != nil {
			if err := add("ribot", "Ribot gradient: each episode's recall against its age at the hippocampal lesion — before the lesion, after it, and in an intact control brain.",
				func(s string) error { return viz.RibotGradient(s, *dn.Lesion) }); err != nil {
				return nil, err
			}
		}
	}
	if len(dn.ANN) > 0 {
		if err := add("ann_recall", "Transformer: recall of the day-1 episodes in each memory mode.",
			func(s string) error { return viz.ANNRecall(dn.ANN, s) }); err != nil {
			return nil, err
		}
		if err := add("ann_loss", "Transformer: training loss (pre-training, then after each day).",
			func(s string) error { return viz.ANNLoss(dn.ANN, s) }); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// WriteJSON writes v, indented, with a final newline.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// WriteCSV writes a CSV file: the header, then the rows.
func WriteCSV(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
