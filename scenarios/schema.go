package scenarios

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// The schema of a scenario is the Scenario struct itself: every key is a
// field with a `toml` name, and its `unit`, `range` ("lo..hi", inclusive)
// or `oneof` ("a|b") and `doc` tags. Validation, `simulate -describe`
// and the "did you mean" of unknown keys all read these tags, so the
// documentation cannot drift from the code.

// Key is one key of the schema.
type Key struct {
	// Path is the dotted TOML key ("coba.duration_ms").
	Path string
	// Unit, Range, OneOf and Doc come from the field's tags.
	Unit, Range, OneOf, Doc string
	// Default is the value in Default(), formatted as TOML.
	Default string
	value   reflect.Value
}

// Keys returns the schema's keys in declaration order, with the values
// of s (use Default() for the defaults).
func Keys(s *Scenario) []Key {
	var keys []Key
	walk(reflect.ValueOf(s).Elem(), "", &keys)
	return keys
}

func walk(v reflect.Value, prefix string, keys *[]Key) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		if f.Type.Kind() == reflect.Map {
			continue // [sweep]: not a parameter
		}
		if f.Type.Kind() == reflect.Struct {
			walk(v.Field(i), path+".", keys)
			continue
		}
		*keys = append(*keys, Key{Path: path, Unit: f.Tag.Get("unit"), Range: f.Tag.Get("range"),
			OneOf: f.Tag.Get("oneof"), Doc: f.Tag.Get("doc"), Default: tomlValue(v.Field(i)), value: v.Field(i)})
	}
}

// tomlValue formats a field's value as it would be written in TOML.
func tomlValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if strings.Contains(s, "\n") {
			return `"""…"""`
		}
		return strconv.Quote(s)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = tomlValue(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}

// check reports whether the key's value is inside its range or set.
func (k Key) check() error {
	if k.OneOf != "" {
		opts := strings.Split(k.OneOf, "|")
		for _, o := range opts {
			if k.value.String() == o {
				return nil
			}
		}
		return fmt.Errorf("%s = %q: want one of %s", k.Path, k.value.String(), strings.Join(quoteAll(opts), ", "))
	}
	if k.Range == "" {
		return nil
	}
	lo, hi, err := parseRange(k.Range)
	if err != nil {
		return fmt.Errorf("%s: bad range tag %q: %w", k.Path, k.Range, err)
	}
	var x float64
	switch k.value.Kind() {
	case reflect.Float32, reflect.Float64:
		x = k.value.Float()
	case reflect.Int, reflect.Int64, reflect.Int32:
		x = float64(k.value.Int())
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		x = float64(k.value.Uint())
	default:
		return nil
	}
	if !(x >= lo && x <= hi) {
		u := ""
		if k.Unit != "" {
			u = " " + k.Unit
		}
		return fmt.Errorf("%s = %s%s: want %s ≤ %s ≤ %s%s", k.Path, tomlValue(k.value), u,
			fmtNum(lo), k.Path[strings.LastIndex(k.Path, ".")+1:], fmtNum(hi), u)
	}
	return nil
}

func parseRange(r string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(r, "..")
	if !ok {
		return 0, 0, fmt.Errorf("want lo..hi")
	}
	if lo, err = strconv.ParseFloat(a, 64); err != nil {
		return
	}
	hi, err = strconv.ParseFloat(b, 64)
	return
}

func fmtNum(x float64) string {
	if math.Abs(x) >= 1e5 && x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strconv.Quote(x)
	}
	return out
}

// Describe writes every key of the schema with its default, unit, allowed
// values and meaning.
func Describe(w io.Writer) {
	d := Default()
	fmt.Fprintf(w, "%-26s %-12s %-6s %-22s %s\n", "key", "default", "unit", "allowed", "meaning")
	for _, k := range Keys(&d) {
		allowed := k.Range
		if k.OneOf != "" {
			allowed = strings.ReplaceAll(k.OneOf, "|", ", ")
		}
		if lo, hi, err := parseRange(allowed); err == nil {
			allowed = fmtNum(lo) + " … " + fmtNum(hi)
		}
		fmt.Fprintf(w, "%-26s %-12s %-6s %-22s %s\n", k.Path, k.Default, k.Unit, allowed, k.Doc)
	}
}

// suggest returns the valid key closest to key (edit distance ≤ 3 or a
// shared last segment), or "".
func suggest(key string, valid []string) string {
	best, bestD := "", 4
	last := key[strings.LastIndex(key, ".")+1:]
	for _, v := range valid {
		d := editDistance(key, v)
		if vl := v[strings.LastIndex(v, ".")+1:]; vl == last && d > 1 {
			d = 1 // right name in the wrong table
		}
		if d < bestD {
			best, bestD = v, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Set sets the key at path (e.g. "brain.mg_mm") of s to v, a TOML value as
// decoded (int64, float64, string, bool) or its text form. The caller
// validates s afterwards.
func Set(s *Scenario, path string, v any) error {
	var keys []string
	for _, k := range Keys(s) {
		keys = append(keys, k.Path)
		if k.Path != path {
			continue
		}
		f := k.value
		if text, ok := v.(string); ok && f.Kind() != reflect.String {
			v = parseScalar(text)
		}
		bad := fmt.Errorf("%s: %v (%T) is not a %s", path, v, v, f.Kind())
		switch f.Kind() {
		case reflect.String:
			x, ok := v.(string)
			if !ok {
				return bad
			}
			f.SetString(x)
		case reflect.Float32, reflect.Float64:
			switch x := v.(type) {
			case float64:
				f.SetFloat(x)
			case int64:
				f.SetFloat(float64(x))
			default:
				return bad
			}
		case reflect.Int, reflect.Int64, reflect.Int32:
			x, ok := v.(int64)
			if !ok {
				return bad
			}
			f.SetInt(x)
		case reflect.Uint, reflect.Uint64, reflect.Uint32:
			x, ok := v.(int64)
			if !ok || x < 0 {
				return bad
			}
			f.SetUint(uint64(x))
		case reflect.Bool:
			x, ok := v.(bool)
			if !ok {
				return bad
			}
			f.SetBool(x)
		default:
			return fmt.Errorf("%s: a %s key cannot be swept", path, f.Kind())
		}
		return nil
	}
	msg := fmt.Sprintf("no key %q", path)
	if sug := suggest(path, keys); sug != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	}
	return fmt.Errorf("%s", msg)
}

// parseScalar reads a value written on the command line: an integer, a
// float, true/false, or else a string.
func parseScalar(t string) any {
	if i, err := strconv.ParseInt(t, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		return f
	}
	if b, err := strconv.ParseBool(t); err == nil {
		return b
	}
	return t
}
