// Package scenarios loads Engram's TOML scenarios, runs them and writes
// their results. A scenario describes one whole experiment; the shipped
// ones are embedded in the binary, so `simulate` works from any folder.
package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

//go:embed *.toml
var shipped embed.FS

// DefaultName is the scenario `simulate` runs with no argument.
const DefaultName = "coba"

// Scenario is one experiment. Every field has a default (Default) and an
// allowed range (Validate).
type Scenario struct {
	// Name names the results folder, results/<name>/.
	Name string `toml:"name"`
	// Description is the teaching story of the scenario.
	Description string `toml:"description"`
	// Seed seeds every random draw of the run.
	Seed uint64 `toml:"seed"`
	// DtMs is the integration time step, ms (0.01–0.5).
	DtMs float64 `toml:"dt_ms"`
	// Workers is the number of goroutines that step the network (1–64);
	// results do not depend on it.
	Workers int `toml:"workers"`
	// Model is what the scenario runs: "coba" (the benchmark network) or
	// "hippocampus" (a day and a night of the hippocampus).
	Model string `toml:"model"`
	// COBA configures the benchmark network run.
	COBA COBA `toml:"coba"`
	// Hippocampus configures the hippocampus-only run.
	Hippocampus Hippocampus `toml:"hippocampus"`

	// File is where the scenario was read from ("embedded:coba.toml").
	File string `toml:"-"`
}

// COBA configures a run of the COBA benchmark network.
type COBA struct {
	// DurationMs is the simulated time, ms (1–600 000).
	DurationMs float64 `toml:"duration_ms"`
}

// Hippocampus configures a hippocampus-only run: the first day of the
// default task (two episodes of five items, one salient), then a night.
type Hippocampus struct {
	// SleepMs is the length of the night, ms (1000–600 000).
	SleepMs float64 `toml:"sleep_ms"`
}

// Default returns the defaults every scenario file starts from.
func Default() Scenario {
	return Scenario{Name: "unnamed", Seed: 1, DtMs: 0.1, Workers: 1, Model: "coba",
		COBA: COBA{DurationMs: 1000}, Hippocampus: Hippocampus{SleepMs: 30000}}
}

// Validate reports the first value outside its allowed range.
func (s Scenario) Validate() error {
	switch {
	case s.Name == "" || strings.ContainsAny(s.Name, `/\:*?"<>|`) || s.Name == "." || s.Name == "..":
		return fmt.Errorf("name = %q: want a non-empty name usable as a folder name (no / \\ : * ? \" < > |)", s.Name)
	case !(s.DtMs >= 0.01 && s.DtMs <= 0.5):
		return fmt.Errorf("dt_ms = %v: want 0.01 ≤ dt_ms ≤ 0.5", s.DtMs)
	case s.Workers < 1 || s.Workers > 64:
		return fmt.Errorf("workers = %d: want 1 ≤ workers ≤ 64", s.Workers)
	case !(s.COBA.DurationMs >= 1 && s.COBA.DurationMs <= 600000) || math.IsNaN(s.COBA.DurationMs):
		return fmt.Errorf("coba.duration_ms = %v: want 1 ≤ duration_ms ≤ 600000", s.COBA.DurationMs)
	case s.Model != "coba" && s.Model != "hippocampus":
		return fmt.Errorf("model = %q: want \"coba\" or \"hippocampus\"", s.Model)
	case !(s.Hippocampus.SleepMs >= 1000 && s.Hippocampus.SleepMs <= 600000):
		return fmt.Errorf("hippocampus.sleep_ms = %v: want 1000 ≤ sleep_ms ≤ 600000", s.Hippocampus.SleepMs)
	}
	return nil
}

// Shipped returns the names of the scenarios embedded in the binary.
func Shipped() []string {
	ents, _ := shipped.ReadDir(".")
	var names []string
	for _, e := range ents {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return names
}

// Load reads a scenario from a file, or a shipped one by name when path
// names no file but a shipped scenario ("coba").
func Load(path string) (Scenario, error) {
	if data, err := shipped.ReadFile(path + ".toml"); err == nil && !fileExists(path) {
		return Parse(data, "embedded:"+path+".toml")
	}
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Scenario{}, fmt.Errorf("%s: no such file (shipped scenarios: %s)", path, strings.Join(Shipped(), ", "))
		}
		return Scenario{}, err
	}
	if st.IsDir() {
		return Scenario{}, fmt.Errorf("%s: is a directory, want a .toml scenario file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Scenario{}, err
	}
	return Parse(data, path)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// Parse decodes a scenario strictly: unknown keys, wrong types and values
// out of range are errors that name the file, line and key.
func Parse(data []byte, file string) (Scenario, error) {
	s := Default()
	s.File = file
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return s, fmt.Errorf("%s: the file is empty; a scenario needs at least a name", file)
	case !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0:
		return s, fmt.Errorf("%s: not a text file (a TOML scenario is UTF-8 text)", file)
	}
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return s, fmt.Errorf("%s:%d:%d: %s", file, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return s, fmt.Errorf("%s: %w", file, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return s, fmt.Errorf("%s:%d: unknown key %q", file, keyLine(data, k), k.String())
	}
	if err := s.Validate(); err != nil {
		key, _, _ := strings.Cut(err.Error(), " ")
		return s, fmt.Errorf("%s:%d: %w", file, keyLine(data, toml.Key(strings.Split(key, "."))), err)
	}
	return s, nil
}

// keyLine returns the line (from 1) where key is set in a TOML document,
// or 0 when it is not written there (a default).
func keyLine(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	table := ""
	want := strings.Join(key[:len(key)-1], ".")
	name := key[len(key)-1]
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") {
			table = strings.Trim(l, "[] ")
			continue
		}
		if table != want {
			continue
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == name {
			return i + 1
		}
	}
	return 0
}
