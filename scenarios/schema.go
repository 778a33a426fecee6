package scenarios

import (
	"engram/param"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The schema of a scenario is the Scenario struct itself: every key is a
// field with a `toml` name and its `unit`, `range` and `oneof` and `doc`
// tags (package param). Its tables embed the models' Params structs
// (brain.Params in [brain], with hippocampus.Params in
// [brain.hippocampus], cortex.Params in [brain.cortex], …), whose fields
// carry the same tags, so every model parameter is a key the moment it is
// declared. Validation (param.Check, and each table's Validate for values
// that must fit together), `simulate -describe` and the "did you mean" of
// unknown keys all read these tags, so the documentation cannot drift
// from the code.

// Key is one key of the schema.
type Key struct {
	param.Field
	// Default is the value in Default(), formatted as TOML.
	Default string
}

// ParamError is a value outside what its key allows (param.Error).
type ParamError = param.Error

// Keys returns the schema's keys in declaration order, with the values
// of s (use Default() for the defaults).
func Keys(s *Scenario) []Key {
	fs := param.Fields(s, "")
	keys := make([]Key, len(fs))
	for i, f := range fs {
		keys[i] = Key{Field: f, Default: param.Format(f.Value)}
	}
	return keys
}

// Describe writes every key of the schema with its default, unit, allowed
// values and meaning, then every kind of scenario with the keys it reads.
// Given tables or keys ("brain.cortex.stdp"), it writes only the keys in
// them, and an *UnknownKeyError for one that names no key of the schema.
func Describe(w io.Writer, tables ...string) error {
	d := Default()
	var keys []Key
	for _, k := range Keys(&d) {
		if len(tables) == 0 || slices.ContainsFunc(tables, func(t string) bool { return inTable(k.Path, t) }) {
			keys = append(keys, k)
		}
	}
	for _, t := range tables {
		if !slices.ContainsFunc(keys, func(k Key) bool { return inTable(k.Path, t) }) {
			return unknownKey(t)
		}
	}
	kw, dw := len("key"), len("default")
	for _, k := range keys {
		kw = max(kw, utf8.RuneCountInString(k.Path))
		dw = max(dw, min(utf8.RuneCountInString(k.Default), 16))
	}
	line := func(key, def, unit, allowed, doc string) {
		fmt.Fprintf(w, "%s  %s  %s  %s  %s\n", pad(key, kw), pad(def, dw), pad(unit, 5), pad(allowed, 18), doc)
	}
	line("key", "default", "unit", "allowed", "meaning")
	for _, k := range keys {
		allowed := k.Allowed()
		if k.Path == "model" {
			allowed = strings.Join(kindNames(), ", ")
		}
		line(k.Path, k.Default, k.Unit, allowed, k.Doc)
	}
	if len(tables) > 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%-16s %-36s %s\n", "model", "reads (besides name, description, seed)", "runs")
	for _, k := range Kinds {
		fmt.Fprintf(w, "%-16s %-36s %s\n", k.Name(), strings.Join(k.Reads(), ", "), k.Doc())
	}
	return nil
}

// pad pads s with spaces to n characters (runes).
func pad(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return s + strings.Repeat(" ", n-c)
	}
	return s
}

// suggest returns the valid key closest to key: the closest within 3
// edits, or else the closest with the same last segment (the right name in
// the wrong table); or "".
func suggest(key string, valid []string) string {
	best, bestD := "", 4.0
	last := key[strings.LastIndex(key, ".")+1:]
	for _, v := range valid {
		d := float64(editDistance(key, v))
		if vl := v[strings.LastIndex(v, ".")+1:]; vl == last && d > 3 {
			d = 3.5 + d/1000 // after every close match, the nearest first
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

// Set sets the key at path (e.g. "brain.mg_mm") of s to v: a TOML value
// as decoded (int64, float64, string, bool), or the text of a command-line
// value, which is read as the key's type (so "123" sets a string key to
// "123" and a number key to 123). The caller validates s afterwards.
func Set(s *Scenario, path string, v any) error {
	k, ok := lookup(s, path)
	if !ok {
		return unknownKey(path)
	}
	f := k.Value
	if text, ok := v.(string); ok && f.Kind() != reflect.String {
		v = parseScalar(text)
	}
	bad := &ParamError{Key: path, Value: fmt.Sprint(v), Want: kindWords(f.Type())}
	if text, ok := v.(string); ok {
		bad.Value = strconv.Quote(text)
	}
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
		if !ok {
			return bad
		}
		if x < 0 {
			return k.RangeError(strconv.FormatInt(x, 10))
		}
		f.SetUint(uint64(x))
	case reflect.Bool:
		x, ok := v.(bool)
		if !ok {
			return bad
		}
		f.SetBool(x)
	default:
		return &ParamError{Key: path, Want: "a list; set it in the scenario file, it cannot be set or swept from the command line"}
	}
	s.mark(path)
	return nil
}

// Get returns the value of the key at path of s (float64, int, uint64,
// string, bool or a slice), or false when there is no such key.
func Get(s *Scenario, path string) (any, bool) {
	k, ok := lookup(s, path)
	if !ok {
		return nil, false
	}
	return k.Value.Interface(), true
}

// CheckKey reports whether the key at path of s holds a value its tags
// allow (a *ParamError when not, an *UnknownKeyError for no such key):
// for a value set outside the scenario's file, such as a command-line
// flag, checked against the one declaration of its range.
func CheckKey(s *Scenario, path string) error {
	k, ok := lookup(s, path)
	if !ok {
		return unknownKey(path)
	}
	return k.Check()
}

// lookup returns the key at path of s.
func lookup(s *Scenario, path string) (Key, bool) {
	f, ok := param.Lookup(s, path)
	if !ok {
		return Key{}, false
	}
	return Key{Field: f, Default: param.Format(f.Value)}, true
}

// UnknownKeyError is a key the schema does not have.
type UnknownKeyError struct {
	// Key is the key as written; Suggest the closest key of the schema, or "".
	Key, Suggest string
}

func (e *UnknownKeyError) Error() string {
	if e.Suggest == "" {
		return fmt.Sprintf("unknown key %q", e.Key)
	}
	return fmt.Sprintf("unknown key %q (did you mean %q?)", e.Key, e.Suggest)
}

// unknownKey is the error for a key the schema does not have, with the
// closest key or table it has.
func unknownKey(path string) *UnknownKeyError {
	d := Default()
	var keys []string
	for _, k := range Keys(&d) {
		keys = append(keys, k.Path)
	}
	for t := range tables {
		keys = append(keys, t)
	}
	slices.Sort(keys[len(keys)-len(tables):])
	return &UnknownKeyError{Key: path, Suggest: suggest(path, keys)}
}

// kindWords says in words what a field of type t takes.
func kindWords(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "an integer ≥ 0"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(kindWords(t.Elem()), "a "), "an ") + "s"
	case reflect.Struct, reflect.Map:
		return "a table"
	}
	return t.String()
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
