package scenarios

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		if err := Write(d, r); err != nil {
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
}
