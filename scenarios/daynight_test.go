package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"engram/report"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"engram/brain"
)

// TestDayNightDeterministic runs a two-day day-night scenario with one and
// two workers and requires byte-identical metrics and tables, and a report
// that fills the comparison table.
func TestDayNightDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the brain and the ANN twice")
	}
	src := `name = "tiny"
model = "day-night"
[task]
days = 2
vocab = 10
[brain]
sleep_ms = 1000
[ann]
modes = ["none", "replay"]
steps_per_day = 20
`
	dir := t.TempDir()
	out := map[int]map[string][]byte{}
	for _, workers := range []int{1, 2} {
		s, err := Parse([]byte(src), "tiny.toml")
		if err != nil {
			t.Fatal(err)
		}
		s.Workers = workers
		r, err := Run(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		d := filepath.Join(dir, "w", string(rune('0'+workers)))
		if _, err := WriteTo(d, r); err != nil {
			t.Fatal(err)
		}
		out[workers] = map[string][]byte{}
		for _, f := range []string{"metrics.json", "recall.csv", "energy.csv", "swr_events.csv", "report.md"} {
			b, err := os.ReadFile(filepath.Join(d, f))
			if err != nil {
				t.Fatal(err)
			}
			out[workers][f] = b
		}
	}
	for f, b := range out[1] {
		if !bytes.Equal(b, out[2][f]) {
			t.Errorf("%s differs between 1 and 2 workers", f)
		}
	}
	md := string(out[1]["report.md"])
	for _, want := range []string{"| short-term store |", "| long-term consolidation |", "| selection |", "| energy |", "brain_vs_ann.png"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if n := strings.Count(string(out[1]["recall.csv"]), "\n"); n < 1+2*3+2*2 {
		t.Errorf("recall.csv has %d lines", n)
	}
	// Energy per recall: the brain's tests recalled 1 + 2 episodes, each
	// CortexTrials times by the cortex and once by the hippocampus, the
	// ANN's 1 + 2 episodes; a recall costs less than the run.
	var m report.DayNightMetrics
	if err := json.Unmarshal(out[1]["metrics.json"], &m); err != nil {
		t.Fatal(err)
	}
	if rc := m.BrainRecall; rc == nil || rc.Recalls != (brain.DefaultParams().CortexTrials+1)*3 || rc.JoulesPerRecall <= 0 || rc.JoulesPerRecall*float64(rc.Recalls) >= m.Brain[1].Joules ||
		rc.HumanBrainJoulesPerRecall <= 0 {
		t.Errorf("brain energy per recall %+v, whole run %v J", rc, m.Brain[len(m.Brain)-1].Joules)
	}
	for mode, a := range m.ANN {
		if a.Recalls != 3 || a.RecallFLOPs <= 0 || a.RecallFLOPs > a.FLOPs || a.JoulesPerRecallH100 <= 0 || a.JoulesPerRecallGPT3 <= a.JoulesPerRecallH100 {
			t.Errorf("%s: %+v", mode, a)
		}
	}
	for _, want := range []string{"brain,all,energy_per_recall,", "brain,all,energy_run,", "ann,replay,energy_per_recall_h100,", "ann,replay,energy_h100_run,"} {
		if !strings.Contains(string(out[1]["energy.csv"]), want) {
			t.Errorf("energy.csv lacks %q", want)
		}
	}
	if !strings.Contains(md, "| energy | per recall: ") {
		t.Error("the report's energy row does not start with the energy per recall")
	}
}

// TestLesionRibot runs a tiny lesion scenario: the runner pairs it with an
// intact control, writes the Ribot gradient and the cortex weights, and
// metrics.json holds one Ribot point per episode.
func TestLesionRibot(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two tiny brains")
	}
	s, err := Parse([]byte(`name = "tiny-lesion"
model = "day-night"
[task]
days = 2
vocab = 10
[brain]
sleep_ms = 1000
lesion_day = 2
[ann]
modes = ["none"]
`), "tiny-lesion.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "lesion")
	if _, err := WriteTo(dir, r); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"ribot.png", "ribot.svg", "cortex_weights.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	var m report.DayNightMetrics
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Ribot) != 2 || m.Ribot[0].AgeDays != 1 || m.Ribot[1].AgeDays != 0 {
		t.Errorf("ribot points %+v, want ages 1 and 0", m.Ribot)
	}
	les := r.Outcome.(*dayNightOutcome).report.Lesion
	if les == nil || les.Control.Days[1].Lesioned || !les.Lesioned.Days[1].Lesioned {
		t.Fatalf("lesion result %+v", les)
	}
	if got := m.Ribot[0].After; got != les.Lesioned.Days[1].Recall[0].Both {
		t.Errorf("metrics after-lesion recall %v, run %v", got, les.Lesioned.Days[1].Recall[0].Both)
	}
}
