package validation

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options are the settings shared by every row.
type Options struct {
	// Seed seeds every random draw of every row (each row derives its own
	// streams from it). The suite is deterministic for a seed.
	Seed uint64
	// Quick shortens the slowest rows (for example V3 runs only its 1 s
	// network) so the suite fits in a unit test. `simulate validate` runs
	// the full rows.
	Quick bool
}

// Row is one phenomenon of the suite.
type Row struct {
	// ID is "V1" … "V14".
	ID string
	// Title names the phenomenon.
	Title string
	// Run measures the phenomenon and returns its checks.
	Run func(Options) ([]Check, error)
}

// Check is one measured quantity and its acceptance range [Min, Max]
// (JSON: MarshalJSON).
type Check struct {
	Name  string
	Value float64
	Unit  string
	Min   float64
	Max   float64
	Pass  bool
}

// Within returns a Check of value against [min, max] (inclusive; use
// ±Inf for an open side). NaN never passes.
func Within(name string, value float64, unit string, min, max float64) Check {
	return Check{Name: name, Value: value, Unit: unit, Min: min, Max: max,
		Pass: value >= min && value <= max}
}

// Positive returns a Check that value is a finite number above 0.
func Positive(name string, value float64, unit string) Check {
	return Within(name, value, unit, math.SmallestNonzeroFloat64, math.MaxFloat64)
}

// True returns a Check of a yes/no finding (value 1 for yes), which passes
// when it is yes.
func True(name string, ok bool) Check {
	v := 0.0
	if ok {
		v = 1
	}
	return Check{Name: name, Value: v, Min: 1, Max: 1, Pass: ok}
}

// Result is the outcome of one row.
type Result struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Pass    bool    `json:"pass"`
	Checks  []Check `json:"checks"`
	Error   string  `json:"error,omitempty"`
	Seconds float64 `json:"wall_seconds"`
}

var rows []Row

// register adds a row to the suite; row files call it from init.
func register(r Row) { rows = append(rows, r) }

// Register adds a row to the suite, after the rows of this package (which
// register themselves): a program or a test may measure a phenomenon of
// its own with the same machinery. The ID must not be taken.
func Register(r Row) error {
	if slices.ContainsFunc(rows, func(o Row) bool { return o.ID == r.ID }) || r.Run == nil {
		return fmt.Errorf("validation: row %q is already in the suite or has no Run", r.ID)
	}
	register(r)
	return nil
}

// Rows returns the rows of the suite in order V1, V2, …
func Rows() []Row {
	out := slices.Clone(rows)
	slices.SortFunc(out, func(a, b Row) int { return rowNumber(a.ID) - rowNumber(b.ID) })
	return out
}

func rowNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "V"))
	return n
}

// Select returns the rows named in ids (for example "V1,V3"), or every row
// when ids is empty. An unknown id is an error that lists the known ones.
func Select(ids string) ([]Row, error) {
	all := Rows()
	if strings.TrimSpace(ids) == "" {
		return all, nil
	}
	var out []Row
	for _, id := range strings.Split(ids, ",") {
		id = strings.ToUpper(strings.TrimSpace(id))
		i := slices.IndexFunc(all, func(r Row) bool { return r.ID == id })
		if i < 0 {
			known := make([]string, len(all))
			for k, r := range all {
				known[k] = r.ID
			}
			return nil, fmt.Errorf("validation: no row %q; the suite has %s", id, strings.Join(known, ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// Exec runs one row and times it. A row that returns an error fails.
func (r Row) Exec(opt Options) Result {
	start := time.Now()
	checks, err := r.Run(opt)
	res := Result{ID: r.ID, Title: r.Title, Checks: checks, Pass: err == nil && len(checks) > 0,
		Seconds: time.Since(start).Seconds()}
	if err != nil {
		res.Error = err.Error()
	}
	for _, c := range checks {
		res.Pass = res.Pass && c.Pass
	}
	return res
}

// MarshalJSON writes a check with an open side of its range (±Inf) and a
// value that is not a finite number as null, which JSON can carry.
func (c Check) MarshalJSON() ([]byte, error) {
	finite := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		Name  string   `json:"name"`
		Value *float64 `json:"value"`
		Unit  string   `json:"unit,omitempty"`
		Min   *float64 `json:"min"`
		Max   *float64 `json:"max"`
		Pass  bool     `json:"pass"`
	}{c.Name, finite(c.Value), c.Unit, finite(c.Min), finite(c.Max), c.Pass})
}

// String formats a check as "name = value unit (want min–max)".
func (c Check) String() string {
	want := ""
	switch {
	case c.Min == 1 && c.Max == 1 && c.Unit == "":
		return fmt.Sprintf("%s: %s", c.Name, map[bool]string{true: "yes", false: "no"}[c.Value == 1])
	case math.IsInf(c.Min, -1) && math.IsInf(c.Max, 1):
		want = "any"
	case c.Min == math.SmallestNonzeroFloat64 && c.Max == math.MaxFloat64:
		want = "> 0"
	case math.IsInf(c.Min, -1):
		want = "≤ " + num(c.Max)
	case math.IsInf(c.Max, 1):
		want = "≥ " + num(c.Min)
	default:
		want = num(c.Min) + "–" + num(c.Max)
	}
	u := ""
	if c.Unit != "" {
		u = " " + c.Unit
	}
	return fmt.Sprintf("%s = %s%s (want %s%s)", c.Name, num(c.Value), u, want, u)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
