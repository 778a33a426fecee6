package param

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Error is a parameter value outside what its key allows. Every check of
// a parameter reports one, so that a caller can find the key (and its line
// in a file) without reading the message.
type Error struct {
	// Key is the dotted key ("brain.mg_mm").
	Key string
	// Value is the value as written in TOML, with its unit ("12 mM"); empty
	// when the message is about the key alone.
	Value string
	// Want says what is allowed ("0 ≤ mg_mm ≤ 10 mM").
	Want string
}

func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", e.Key, e.Want)
	}
	return fmt.Sprintf("%s = %s: want %s", e.Key, e.Value, e.Want)
}

// Within returns the *Error that err is (or wraps, the text around it
// dropped) with prefix put before its key, so that a table's check
// reports the key as written in the file that holds the table ("n_pc"
// checked in "brain.hippocampus." becomes "brain.hippocampus.n_pc"). Any
// other error, and nil, are returned as they are.
func Within(prefix string, err error) error {
	var pe *Error
	if !errors.As(err, &pe) {
		return err
	}
	return &Error{Key: prefix + pe.Key, Value: pe.Value, Want: pe.Want}
}

// Field is one parameter of a struct.
type Field struct {
	// Path is the dotted key ("coba.duration_ms").
	Path string
	// Unit, Range, OneOf and Doc come from the field's tags.
	Unit, Range, OneOf, Doc string
	// Tag is the field's whole tag.
	Tag reflect.StructTag
	// Value is the field itself (settable when the struct was passed by
	// pointer).
	Value reflect.Value
}

// Fields returns the parameters of the struct v points to (or of the
// struct v), in declaration order, their paths prefixed with prefix.
func Fields(v any, prefix string) []Field {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	var out []Field
	walk(rv, prefix, &out)
	return out
}

func walk(v reflect.Value, prefix string, out *[]Field) { walkHiding(v, prefix, nil, out) }

// walkHiding is walk leaving out the names in hidden: the keys of an
// embedded struct that the struct embedding it declares itself (as in
// encoding/json and the TOML decoder, the shallower field wins).
func walkHiding(v reflect.Value, prefix string, hidden map[string]bool, out *[]Field) {
	t := v.Type()
	own := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name, ok := keyName(f); ok {
			own[name] = true
		}
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		_, tagged := f.Tag.Lookup("toml")
		if f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct {
			h := maps.Clone(own)
			maps.Copy(h, hidden)
			walkHiding(v.Field(i), prefix, h, out)
			continue
		}
		name, ok := keyName(f)
		if !ok || hidden[name] {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Map, reflect.Pointer, reflect.Func, reflect.Chan, reflect.Interface:
			continue
		case reflect.Struct:
			walk(v.Field(i), prefix+name+".", out)
			continue
		}
		*out = append(*out, Field{Path: prefix + name, Unit: f.Tag.Get("unit"), Range: f.Tag.Get("range"),
			OneOf: f.Tag.Get("oneof"), Doc: f.Tag.Get("doc"), Tag: f.Tag, Value: v.Field(i)})
	}
}

// keyName returns the key of an exported field with a `toml` tag that
// names one.
func keyName(f reflect.StructField) (string, bool) {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name, name != "" && name != "-" && f.IsExported()
}

// Lookup returns the parameter at path (without prefix) of the struct v
// points to.
func Lookup(v any, path string) (Field, bool) {
	for _, f := range Fields(v, "") {
		if f.Path == path {
			return f, true
		}
	}
	return Field{}, false
}

// Validator is a table that checks more than its fields' tags: values
// that must fit together (a threshold above a reset), reported as an
// *Error whose key is relative to the table.
type Validator interface {
	Validate() error
}

// Check reports the first parameter of v (a struct or a pointer to one)
// outside its range or set, then the first error of a table of v that is
// a Validator (its key prefixed with the table's path), as an *Error, its
// key prefixed with prefix. A Validator's Validate is what checks the
// tables inside it; a table that is not one is searched for tables that
// are. A Validate method typically calls Check on its own struct first.
func Check(v any, prefix string) error {
	for _, f := range Fields(v, prefix) {
		if err := f.Check(); err != nil {
			return err
		}
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	return checkTables(rv, prefix)
}

// checkTables validates the tables of the struct v that are Validators.
func checkTables(v reflect.Value, prefix string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type.Kind() != reflect.Struct || !f.IsExported() {
			continue
		}
		tag, tagged := f.Tag.Lookup("toml")
		name, _, _ := strings.Cut(tag, ",")
		path := prefix + name + "."
		switch {
		case f.Anonymous && !tagged:
			path = prefix
		case name == "" || name == "-":
			continue
		}
		if val, ok := v.Field(i).Interface().(Validator); ok {
			if err := val.Validate(); err != nil {
				return Within(path, err)
			}
			continue
		}
		if err := checkTables(v.Field(i), path); err != nil {
			return err
		}
	}
	return nil
}

// Invalid is the *Error of a value that its range allows but another
// parameter does not (VthMV above VresetMV, say): st points to a struct,
// field to one of its parameters, and want says what is allowed. The key
// is the parameter's path in st.
func Invalid(st, field any, want string) *Error {
	p := reflect.ValueOf(field)
	for _, f := range Fields(st, "") {
		if f.Value.CanAddr() && f.Value.Addr().Pointer() == p.Pointer() && f.Value.Addr().Type() == p.Type() {
			return &Error{Key: f.Path, Value: Format(f.Value) + f.unit(), Want: want}
		}
	}
	return &Error{Key: fmt.Sprintf("%T", field), Value: fmt.Sprint(p.Elem()), Want: want}
}

// Check reports whether the field's value is inside its range or set (an
// *Error when not). A number must also be finite; each element of a list
// must fit.
func (f Field) Check() error {
	if f.Value.Kind() == reflect.Slice {
		for i := 0; i < f.Value.Len(); i++ {
			e := f
			e.Value = f.Value.Index(i)
			if err := e.Check(); err != nil {
				pe := err.(*Error)
				if f.Value.Len() > 1 {
					pe.Value = "[…, " + strings.TrimSuffix(pe.Value, f.unit()) + ", …]" + f.unit()
				} else {
					pe.Value = "[" + strings.TrimSuffix(pe.Value, f.unit()) + "]" + f.unit()
				}
				return pe
			}
		}
		return nil
	}
	if f.OneOf != "" {
		opts := strings.Split(f.OneOf, "|")
		for _, o := range opts {
			if f.Value.String() == o {
				return nil
			}
		}
		q := make([]string, len(opts))
		for i, o := range opts {
			q[i] = strconv.Quote(o)
		}
		return &Error{Key: f.Path, Value: strconv.Quote(f.Value.String()), Want: "one of " + strings.Join(q, ", ")}
	}
	x, ok := number(f.Value)
	if !ok {
		return nil
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return &Error{Key: f.Path, Value: Format(f.Value) + f.unit(), Want: "a finite number"}
	}
	if f.Range == "" {
		return nil
	}
	r, err := parseRange(f.Range)
	if err != nil {
		return &Error{Key: f.Path, Want: fmt.Sprintf("a valid range tag, not %q: %v", f.Range, err)}
	}
	if !r.contains(x) {
		return f.RangeError(Format(f.Value))
	}
	return nil
}

// RangeError is the *Error of value (TOML text) outside the field's range.
func (f Field) RangeError(value string) *Error {
	r, _ := parseRange(f.Range)
	name := f.Path[strings.LastIndex(f.Path, ".")+1:]
	return &Error{Key: f.Path, Value: value + f.unit(), Want: r.words(name) + f.unit()}
}

// Allowed says in a few characters what the field allows ("0 … 10",
// "> 0", "a, b").
func (f Field) Allowed() string {
	if f.OneOf != "" {
		return strings.ReplaceAll(f.OneOf, "|", ", ")
	}
	r, err := parseRange(f.Range)
	if err != nil {
		return ""
	}
	switch {
	case r.lo == "" && r.hi == "":
		return ""
	case r.lo == "":
		return r.hiOp() + " " + r.hi
	case r.hi == "":
		return r.loOp() + " " + r.lo
	case !r.loOpen && !r.hiOpen:
		return r.lo + " … " + r.hi
	}
	return r.loOp() + " " + r.lo + ", " + r.hiOp() + " " + r.hi
}

func (f Field) unit() string {
	if f.Unit == "" {
		return ""
	}
	return " " + f.Unit
}

// interval is a range tag: its bounds as written ("" when unbounded) and
// whether each excludes its end.
type interval struct {
	lo, hi         string
	loOpen, hiOpen bool
	l, h           float64
}

// parseRange reads a range tag "lo..hi", "lo<..hi" or "lo..<hi".
func parseRange(r string) (interval, error) {
	a, b, ok := strings.Cut(r, "..")
	if !ok {
		return interval{}, fmt.Errorf("want lo..hi")
	}
	iv := interval{l: math.Inf(-1), h: math.Inf(1)}
	iv.lo, iv.loOpen = strings.CutSuffix(a, "<")
	iv.hi, iv.hiOpen = strings.CutPrefix(b, "<")
	var err error
	if iv.lo != "" {
		if iv.l, err = strconv.ParseFloat(iv.lo, 64); err != nil {
			return iv, err
		}
	}
	if iv.hi != "" {
		if iv.h, err = strconv.ParseFloat(iv.hi, 64); err != nil {
			return iv, err
		}
	}
	return iv, nil
}

func (r interval) contains(x float64) bool {
	return (x > r.l || !r.loOpen && x == r.l) && (x < r.h || !r.hiOpen && x == r.h)
}

func (r interval) loOp() string {
	if r.loOpen {
		return ">"
	}
	return "≥"
}

func (r interval) hiOp() string {
	if r.hiOpen {
		return "<"
	}
	return "≤"
}

// words says what the interval allows of name: "0 < name ≤ 1".
func (r interval) words(name string) string {
	lt := map[bool]string{false: "≤", true: "<"}
	switch {
	case r.lo == "" && r.hi == "":
		return "a finite " + name
	case r.lo == "":
		return fmt.Sprintf("%s %s %s", name, lt[r.hiOpen], r.hi)
	case r.hi == "":
		return fmt.Sprintf("%s %s %s", name, r.loOp(), r.lo)
	}
	return fmt.Sprintf("%s %s %s %s %s", r.lo, lt[r.loOpen], name, lt[r.hiOpen], r.hi)
}

// number returns the value of a numeric field.
func number(v reflect.Value) (float64, bool) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int16, reflect.Int8:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint64, reflect.Uint32, reflect.Uint16, reflect.Uint8:
		return float64(v.Uint()), true
	}
	return 0, false
}

// Format writes a value as it would be written in TOML.
func Format(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if strings.Contains(s, "\n") {
			return `"""…"""`
		}
		return strconv.Quote(s)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int16, reflect.Int8:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint64, reflect.Uint32, reflect.Uint16, reflect.Uint8:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = Format(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}
