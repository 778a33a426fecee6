package param

import (
	"fmt"
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

// Field is one parameter of a struct.
type Field struct {
	// Path is the dotted key ("coba.duration_ms").
	Path string
	// Unit, Range, OneOf and Doc come from the field's tags.
	Unit, Range, OneOf, Doc string
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

func walk(v reflect.Value, prefix string, out *[]Field) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" || f.Type.Kind() == reflect.Map {
			continue
		}
		path := prefix + name
		if f.Type.Kind() == reflect.Struct {
			walk(v.Field(i), path+".", out)
			continue
		}
		*out = append(*out, Field{Path: path, Unit: f.Tag.Get("unit"), Range: f.Tag.Get("range"),
			OneOf: f.Tag.Get("oneof"), Doc: f.Tag.Get("doc"), Value: v.Field(i)})
	}
}

// Check reports the first parameter of v (a struct or a pointer to one)
// outside its range or set, as an *Error, its key prefixed with prefix.
func Check(v any, prefix string) error {
	for _, f := range Fields(v, prefix) {
		if err := f.Check(); err != nil {
			return err
		}
	}
	return nil
}

// Check reports whether the field's value is inside its range or set (an
// *Error when not). A number must also be finite.
func (f Field) Check() error {
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
	lo, hi, err := bounds(f.Range)
	if err != nil {
		return fmt.Errorf("%s: bad range tag %q: %w", f.Path, f.Range, err)
	}
	if !(x >= lo && x <= hi) {
		return f.RangeError(Format(f.Value))
	}
	return nil
}

// RangeError is the *Error of value (TOML text) outside the field's range.
func (f Field) RangeError(value string) *Error {
	lo, hi, _ := strings.Cut(f.Range, "..")
	name := f.Path[strings.LastIndex(f.Path, ".")+1:]
	var want string
	switch {
	case lo == "":
		want = fmt.Sprintf("%s ≤ %s%s", name, hi, f.unit())
	case hi == "":
		want = fmt.Sprintf("%s ≥ %s%s", name, lo, f.unit())
	default:
		want = fmt.Sprintf("%s ≤ %s ≤ %s%s", lo, name, hi, f.unit())
	}
	return &Error{Key: f.Path, Value: value + f.unit(), Want: want}
}

// Allowed says in a few characters what the field allows ("0 … 10", "a, b").
func (f Field) Allowed() string {
	if f.OneOf != "" {
		return strings.ReplaceAll(f.OneOf, "|", ", ")
	}
	lo, hi, ok := strings.Cut(f.Range, "..")
	switch {
	case !ok:
		return ""
	case lo == "":
		return "≤ " + hi
	case hi == "":
		return "≥ " + lo
	}
	return lo + " … " + hi
}

func (f Field) unit() string {
	if f.Unit == "" {
		return ""
	}
	return " " + f.Unit
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

// bounds reads a range tag "lo..hi"; an empty side is open.
func bounds(r string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(r, "..")
	if !ok {
		return 0, 0, fmt.Errorf("want lo..hi")
	}
	lo, hi = math.Inf(-1), math.Inf(1)
	if a != "" {
		if lo, err = strconv.ParseFloat(a, 64); err != nil {
			return
		}
	}
	if b != "" {
		hi, err = strconv.ParseFloat(b, 64)
	}
	return
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
