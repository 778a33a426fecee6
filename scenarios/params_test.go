package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"engram/param"
	"engram/sim"
)

// TestModelParamReachesModel sets parameters of every region in nested
// tables and checks that the models built from the scenario carry them.
func TestModelParamReachesModel(t *testing.T) {
	src := `name = "nested"
model = "day-night"
[brain.cortex.stdp]
a_plus_mv = 3.1
[brain.hippocampus]
n_bc = 140
[brain.hippocampus.pc]
c_pf = 170
[brain]
driver.cue_hz = 120
[ann]
modes = ["replay"]
d_ff = 48
pretrain.steps = 0
`
	s, err := Parse([]byte(src), "nested.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := Set(&s, "brain.hippocampus.stdp.tau_plus_ms", "40"); err != nil {
		t.Fatal(err)
	}
	d, err := NewDayNight(s)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	b := d.Brain
	if got := b.C.Params().STDP.APlusMV; got != 3.1 {
		t.Errorf("cortex A+ = %v, want 3.1", got)
	}
	if got := b.H.BC.Size(); got != 140 {
		t.Errorf("CA3 basket cells: %d, want 140", got)
	}
	if got := b.H.CA3.Params().CpF; got != 170 {
		t.Errorf("CA3 pyramidal cell C = %v pF, want 170", got)
	}
	if got := b.H.P.STDP.TauPlusMs; got != 40 {
		t.Errorf("CA3 τ+ = %v ms, want 40 (set by -set)", got)
	}
	if got := b.P.Driver.CueHz; got != 120 {
		t.Errorf("driver cue rate %v Hz, want 120", got)
	}
	if ap := annParams(s); ap.DFF != 48 || ap.Pretrain.Steps != 0 || ap.Seed != s.Seed {
		t.Errorf("ann d_ff %d, pretrain.steps %d, seed %d; want 48, 0, %d", ap.DFF, ap.Pretrain.Steps, ap.Seed, s.Seed)
	}
	// The parameters nobody set are the packages' defaults.
	def := Default()
	if bp, dp := brainParams(s), brainParams(def); bp.Cortex.STDP.TauPlusMs != dp.Cortex.STDP.TauPlusMs || bp.Hippocampus.NPC != dp.Hippocampus.NPC {
		t.Errorf("unset parameters moved: %+v", bp.Cortex.STDP)
	}

	// The stand-alone kinds read their own tables.
	src = `name = "alone"
model = "cortex-pruning"
[pruning]
rules = ["none", "random"]
[pruning.style]
reverse_frac = 0.3
[pruning.cortex.stdp]
sleep_rate = 4
`
	s, err = Parse([]byte(src), "alone.toml")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Pruning.config(s)
	if c.Style.ReverseFrac != 0.3 || c.Cortex.STDP.SleepRate != 4 || len(c.Rules) != 2 || c.Seed != s.Seed || c.DtMs != s.DtMs {
		t.Errorf("pruning config: style %+v, sleep rate %v, rules %v, seed %d, dt %v", *c.Style, c.Cortex.STDP.SleepRate, c.Rules, c.Seed, c.DtMs)
	}
	src = "name = \"h\"\nmodel = \"hippocampus\"\n[hippocampus]\nsleep_ms = 2000\ntheta_hz = 7\n[hippocampus.release_inhibition]\nhill = 3\n"
	if s, err = Parse([]byte(src), "h.toml"); err != nil || s.Hippocampus.ThetaHz != 7 || s.Hippocampus.ReleaseInhibition.Hill != 3 {
		t.Errorf("hippocampus: θ %v Hz, Hill %v, %v", s.Hippocampus.ThetaHz, s.Hippocampus.ReleaseInhibition.Hill, err)
	}
	src = "name = \"c\"\nmodel = \"coba\"\n[coba.cell]\ntref_ms = 4\n[coba]\nw_i_ns = 60\n"
	if s, err = Parse([]byte(src), "c.toml"); err != nil || s.COBA.Cell.TrefMs != 4 || s.COBA.WInS != 60 {
		t.Errorf("coba: tref %v ms, wI %v nS, %v", s.COBA.Cell.TrefMs, s.COBA.WInS, err)
	}
}

// TestSweepModelParam sweeps a nested key from the file and from -set.
func TestSweepModelParam(t *testing.T) {
	src := "name = \"sw\"\n[sweep]\n\"brain.cortex.stdp.a_plus_mv\" = [2.0, 3.5]\n"
	s, err := Parse([]byte(src), "sw.toml")
	if err != nil {
		t.Fatal(err)
	}
	key, vals, err := ParseSet("brain.hippocampus.learning_rate=3,6")
	if err != nil {
		t.Fatal(err)
	}
	s.Sweep[key] = vals
	pts, err := Points(s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pts {
		bp := brainParams(p.Scenario)
		got = append(got, fmt.Sprintf("%g/%g", bp.Cortex.STDP.APlusMV, bp.Hippocampus.LearningRate))
		if p.Scenario.Seed != s.Seed {
			t.Errorf("point %s: seed %d, want the scenario's %d", p.Label(), p.Scenario.Seed, s.Seed)
		}
	}
	if want := []string{"2/3", "2/6", "3.5/3", "3.5/6"}; !slices.Equal(got, want) {
		t.Errorf("points %v, want %v", got, want)
	}
	if l := pts[0].Label(); l != "brain.cortex.stdp.a_plus_mv=2,brain.hippocampus.learning_rate=3" {
		t.Errorf("label %q", l)
	}
	s.Sweep = map[string][]any{"brain.cortex.stdp.a_plus_mv": {"2", "11"}}
	if _, err := Points(s); err == nil || !strings.Contains(err.Error(), "brain.cortex.stdp.a_plus_mv = 11 mV: want 0 ≤ a_plus_mv ≤ 10 mV") {
		t.Errorf("out-of-range sweep value: %v", err)
	}
}

// TestNestedParamErrors: errors in nested tables name the file, the line,
// the key, the value and what is allowed; unknown keys get a suggestion.
func TestNestedParamErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"range", "name = \"x\"\n\n[brain.cortex.stdp]\ntau_plus_ms = 8\na_plus_mv = 11\n",
			"f.toml:5: brain.cortex.stdp.a_plus_mv = 11 mV: want 0 ≤ a_plus_mv ≤ 10 mV"},
		{"dotted", "name = \"x\"\nbrain.hippocampus.pc_pc.p = 1.5\n",
			"f.toml:2: brain.hippocampus.pc_pc.p = 1.5: want 0 ≤ p ≤ 1"},
		{"inline", "name = \"x\"\n[brain]\nca1_input = {p = 0.2, delay_ms = 30}\n",
			"f.toml:3: brain.ca1_input.delay_ms = 30 ms: want 0 ≤ delay_ms ≤ 20 ms"},
		{"exclusive", "name = \"x\"\n[brain.hippocampus]\ndepression_u = 0\n",
			"f.toml:3: brain.hippocampus.depression_u = 0: want 0 < depression_u ≤ 1"},
		{"cross-field", "name = \"x\"\n[brain.hippocampus.pc]\nvpeak_mv = -30\n",
			"f.toml:3: brain.hippocampus.pc.vpeak_mv = -30 mV: want vpeak_mv > vth_mv (-24.43 mV) when delta_t_mv > 0"},
		{"cross-table", "name = \"x\"\n[brain.cortex]\nw_ee_max_mv = 5\nw_ee_init_mv = 6\n",
			"f.toml:4: brain.cortex.w_ee_init_mv = 6 mV: want ≤ w_ee_max_mv (5 mV)"},
		{"list", "name = \"x\"\nmodel = \"cortex-mg\"\n[mg_sweep]\nmg_mm = [0.5, 12]\n",
			"f.toml:4: mg_sweep.mg_mm = […, 12, …] mM: want 0 ≤ mg_mm ≤ 10 mM"},
		{"oneof", "name = \"x\"\n[brain.cortex]\npruning = \"often\"\n",
			`f.toml:3: brain.cortex.pruning = "often": want one of "usage", "depressed", "random", "none"`},
		{"type", "name = \"x\"\n[ann]\nlayers = 1.5\n", "f.toml:3: ann.layers: a float where an integer is wanted"},
		{"table", "name = \"x\"\n[brain]\nhippocampus = 3\n", "f.toml:3: brain.hippocampus: an integer where a table ([brain.hippocampus]) is wanted"},
		{"unknown", "name = \"x\"\n[brain.cortex.stdp]\na_plus = 2\n",
			`f.toml:3: unknown key "brain.cortex.stdp.a_plus" (did you mean "brain.cortex.stdp.a_plus_mv"?)` + "\x00"},
		{"unknown table", "name = \"x\"\n[brain.cortex.stpd]\na_plus_mv = 2\n",
			`f.toml:2: unknown key "brain.cortex.stpd" (did you mean "brain.cortex.stdp"?)` + "\x00"},
		{"wrong table", "name = \"x\"\n[brain.hippocampus]\nsoft_bound = true\n", `f.toml:3: unknown key "brain.hippocampus.soft_bound" (did you mean "brain.hippocampus.stdp.soft_bound"?)`},
		{"other model", "name = \"x\"\nmodel = \"coba\"\n[brain.cortex.stdp]\na_plus_mv = 2\n",
			`f.toml:4: brain.cortex.stdp.a_plus_mv: it does not apply to model "coba"`},
		{"hippocampus size", "name = \"x\"\nmodel = \"hippocampus\"\n[hippocampus]\nn_pc = 500\n",
			"f.toml:4: hippocampus.n_pc = 500: want ≥ 800: the day's 10 items × assembly_pc (80)"},
		{"ann vocab", "name = \"x\"\n[ann]\nvocab = 20\n", "f.toml:3: ann.vocab = 20 tokens: want ≥ task.vocab (25)"},
		{"modes", "name = \"x\"\n[ann]\nmodes = [\"none\", \"dream\"]\n",
			`f.toml:3: ann.modes = […, "dream", …]: want one of "none", "finetune", "replay", "rag"`},
	}
	for _, c := range cases {
		err := parseError(t, c.name, c.src, c.want)
		var pe *ParamError
		var ue *UnknownKeyError
		if err != nil && !errors.As(err, &pe) && !errors.As(err, &ue) {
			t.Errorf("%s: %T is neither a *ParamError nor an *UnknownKeyError", c.name, err)
		}
	}
	s := Default()
	if err := Set(&s, "brain.cortex.stdp.a_plus", "2"); err == nil || !strings.Contains(err.Error(), `did you mean "brain.cortex.stdp.a_plus_mv"`) {
		t.Errorf("-set of an unknown key: %v", err)
	}
}

// TestEveryKeyTagged: every key of the schema has a doc; every number a
// range, and every float a unit tag (empty for a dimensionless number);
// every string a set of values, but for the free-text keys.
func TestEveryKeyTagged(t *testing.T) {
	free := []string{"name", "description", "model", "kim.runs_dir"}
	d := Default()
	keys := Keys(&d)
	if len(keys) < 600 {
		t.Fatalf("%d keys: the model parameters are missing", len(keys))
	}
	for _, k := range keys {
		if k.Doc == "" {
			t.Errorf("%s: no doc tag", k.Path)
		}
		typ := k.Value.Type()
		if typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Float32, reflect.Float64:
			if _, ok := k.Tag.Lookup("unit"); !ok {
				t.Errorf("%s: no unit tag (unit:\"\" for a dimensionless number)", k.Path)
			}
			fallthrough
		case reflect.Int, reflect.Int64, reflect.Uint64:
			if k.Range == "" {
				t.Errorf("%s: no range tag", k.Path)
			}
		case reflect.String:
			if k.OneOf == "" && !slices.Contains(free, k.Path) && !strings.HasSuffix(k.Path, ".dendrite_receptor") {
				t.Errorf("%s: no oneof tag", k.Path)
			}
		case reflect.Bool:
		default:
			t.Errorf("%s: a key of type %s", k.Path, typ)
		}
	}
}

// TestDefaultsInRange: the defaults pass their own ranges and checks, and
// every key can be written in a file, read back with the value it had.
func TestDefaultsInRange(t *testing.T) {
	d := Default()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	model := map[string]string{"coba": "coba", "hippocampus": "hippocampus", "pruning": "cortex-pruning",
		"mg_sweep": "cortex-mg", "kim": "kim"}
	for _, k := range Keys(&d) {
		if err := k.Check(); err != nil {
			t.Errorf("default outside its range: %v", err)
		}
		if k.Path == "name" || k.Path == "model" {
			continue
		}
		table, _, _ := strings.Cut(k.Path, ".")
		m := model[table]
		if m == "" {
			m = "day-night"
		}
		src := fmt.Sprintf("name = \"rt\"\nmodel = %q\n%s = %s\n", m, k.Path, k.Default)
		s, err := Parse([]byte(src), "rt.toml")
		if err != nil {
			t.Errorf("%s = %s: %v", k.Path, k.Default, err)
			continue
		}
		if got, _ := Get(&s, k.Path); !reflect.DeepEqual(got, k.Value.Interface()) {
			t.Errorf("%s: read back %v, want %v", k.Path, got, k.Value.Interface())
		}
	}
	// [Mg²⁺] is bounded by the engine wherever it is set.
	for _, k := range Keys(&d) {
		if strings.HasSuffix(k.Path, "mg_mm") && k.Range != fmt.Sprintf("0..%g", sim.MaxMgMM) {
			t.Errorf("%s: range %q, want 0..%g (sim.MaxMgMM)", k.Path, k.Range, sim.MaxMgMM)
		}
	}
	// A table that checks its values together reports a *param.Error.
	var v param.Validator = d.Pruning
	if err := v.Validate(); err != nil {
		t.Errorf("pruning defaults: %v", err)
	}
}
