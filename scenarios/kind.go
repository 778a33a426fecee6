package scenarios

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A Kind is one kind of scenario, named by a scenario's `model` key: what
// runs, which of the scenario's keys it reads, what it costs, and the
// Outcome it produces. Each kind is one file (kind_*.go) and one line of
// Kinds; nothing else in Engram switches on a kind's name.
type Kind interface {
	// Name is the value of `model` that selects the kind.
	Name() string
	// Doc says in a line what a run of the kind does.
	Doc() string
	// Reads lists the keys the kind reads besides name, description,
	// seed and model: top-level keys ("dt_ms") and tables ("brain"). A key
	// a scenario sets outside these is refused (it would change nothing).
	Reads() []string
	// Estimate returns roughly how long a run of s takes on one core of
	// this machine class, seconds, and how much memory it needs, bytes.
	Estimate(s Scenario) (seconds float64, bytes int64)
	// Run runs s, telling progress (may be nil) of its steps. When ctx is
	// cancelled it stops within about a second and returns what finished,
	// with Complete false.
	Run(ctx context.Context, s Scenario, progress Progress) (Outcome, error)
}

// An Outcome is what a run produced: plain data (recordings and numbers,
// no live model), which writes itself and names its headline numbers.
type Outcome interface {
	// Complete is false when the run was interrupted.
	Complete() bool
	// Write writes the outcome's files into the empty folder dir.
	Write(dir string) error
	// Headline is the one-line summary simulate prints.
	Headline() string
	// Numbers are the headline numbers: the columns of a sweep's
	// sweep.csv and the lines of its figure. Every outcome of a kind
	// names the same numbers, NaN where a run did not measure one.
	Numbers() []Number
	// SimulatedMs is the simulated time of the run's networks, ms (0 when
	// it simulates none).
	SimulatedMs() float64
}

// Number is one headline number of an outcome.
type Number struct {
	// Name is a column name, e.g. "brain_cortex".
	Name string
	// Value is the number, NaN when not measured.
	Value float64
}

// Kinds lists every kind of scenario, in the order -describe shows them.
var Kinds = []Kind{dayNightKind{}, annKind{}, cobaKind{}, hippocampusKind{}, pruningKind{}, mgKind{}, kimKind{}}

// KindOf returns the kind named model.
func KindOf(model string) (Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.Name() == model })
	if i < 0 {
		return nil, false
	}
	return Kinds[i], true
}

// kindNames returns the names of every kind.
func kindNames() []string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = k.Name()
	}
	return names
}

// reads reports whether kind k reads the key at path.
func reads(k Kind, path string) bool {
	switch path {
	case "name", "description", "seed", "seeds", "model":
		return true
	}
	for _, r := range k.Reads() {
		if inTable(path, r) {
			return true
		}
	}
	return false
}

// inTable reports whether the key at path is table itself or lies in it.
func inTable(path, table string) bool {
	return path == table || strings.HasPrefix(path, table+".")
}

// Progress is told of a run's progress: done of total steps (days of the
// brain, days of each ANN mode) have finished. It may be called from
// several goroutines.
type Progress func(done, total int)

// Result is a run: the scenario, what it produced, and how long it took.
type Result struct {
	Scenario Scenario
	Outcome  Outcome
	// WallSeconds is how long the run took (written to timing.json only:
	// every other file depends on the scenario and its seed alone).
	WallSeconds float64
}

// Complete reports whether the run went to its end.
func (r *Result) Complete() bool { return r.Outcome.Complete() }

// Run runs a scenario. When ctx is cancelled it stops, and returns what
// it has with Complete false.
func Run(ctx context.Context, s Scenario) (*Result, error) { return RunProgress(ctx, s, nil) }

// RunProgress is Run telling progress (nil: no one) of the run's steps.
func RunProgress(ctx context.Context, s Scenario, progress Progress) (*Result, error) {
	k, ok := KindOf(s.Model)
	if !ok {
		return nil, fmt.Errorf("model %q: no such kind of scenario (want %s)", s.Model, strings.Join(kindNames(), ", "))
	}
	start := time.Now()
	o, err := k.Run(ctx, s, progress)
	if err != nil {
		return nil, err
	}
	return &Result{Scenario: s, Outcome: o, WallSeconds: time.Since(start).Seconds()}, nil
}

// Headline is the one-line summary of a result that simulate prints.
func Headline(r *Result) string {
	return fmt.Sprintf("%s: %s (%.1f s wall)", r.Scenario.Name, r.Outcome.Headline(), r.WallSeconds)
}
