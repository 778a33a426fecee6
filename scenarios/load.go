package scenarios

import (
	"bytes"
	"engram/param"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Limits of a scenario file: larger or deeper input is refused before it
// is parsed, so that no file can make the loader run for long.
const (
	// MaxFileBytes is the largest scenario file read, bytes.
	MaxFileBytes = 1 << 20
	// MaxNesting is the deepest nesting of arrays and inline tables.
	MaxNesting = 16
)

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
// names no file but a shipped scenario ("coba"). Only regular files are
// read (not folders, pipes or devices), of at most MaxFileBytes.
func Load(path string) (Scenario, error) {
	if strings.ContainsRune(path, 0) {
		return Scenario{}, fmt.Errorf("%q: a file name cannot contain NUL", path)
	}
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
	switch {
	case st.IsDir():
		return Scenario{}, fmt.Errorf("%s: is a directory, want a .toml scenario file", path)
	case !st.Mode().IsRegular():
		return Scenario{}, fmt.Errorf("%s: not a regular file (a pipe, socket or device); give a .toml scenario file", path)
	case st.Size() > MaxFileBytes:
		return Scenario{}, fmt.Errorf("%s: %d bytes, larger than a scenario can be (%d bytes)", path, st.Size(), MaxFileBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return Scenario{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return Scenario{}, err
	}
	if len(data) > MaxFileBytes {
		return Scenario{}, fmt.Errorf("%s: larger than a scenario can be (%d bytes)", path, MaxFileBytes)
	}
	return Parse(data, path)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// Parse decodes a scenario strictly: unknown keys, wrong types, values out
// of range and keys that do not apply to the model are errors that name
// the file, the line and the key.
func Parse(data []byte, file string) (Scenario, error) {
	s := Default()
	s.File = file
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return s, fmt.Errorf("%s: the file is empty; a scenario needs at least a name", file)
	case !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0:
		return s, fmt.Errorf("%s: not a text file (a TOML scenario is UTF-8 text)", file)
	case len(data) > MaxFileBytes:
		return s, fmt.Errorf("%s: %d bytes, larger than a scenario can be (%d bytes)", file, len(data), MaxFileBytes)
	}
	if line, depth := nesting(data); depth > MaxNesting {
		return s, fmt.Errorf("%s:%d: arrays and tables nested %d deep; a scenario nests at most %d", file, line, depth, MaxNesting)
	}
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return s, fmt.Errorf("%s:%d:%d: %s", file, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return s, fmt.Errorf("%s: %w", file, err)
	}
	if err := checkTypes(raw, md, &s); err != nil {
		return s, located(data, file, err)
	}
	if _, err := toml.Decode(string(data), &s); err != nil {
		return s, fmt.Errorf("%s: %w", file, err) // checkTypes let through a type the decoder refuses
	}
	for _, k := range md.Keys() {
		if len(k) > 0 && k[0] != "sweep" {
			if _, ok := lookup(&s, k.String()); ok {
				s.mark(k.String())
			}
		}
	}
	if err := s.Validate(); err != nil {
		return s, located(data, file, err)
	}
	return s, nil
}

// located prefixes err with the file and, for a *ParamError or an
// *UnknownKeyError, the line where its key is set.
func located(data []byte, file string, err error) error {
	var path string
	var pe *ParamError
	var ue *UnknownKeyError
	switch {
	case errors.As(err, &pe):
		path = pe.Key
	case errors.As(err, &ue):
		path = ue.Key
	default:
		return fmt.Errorf("%s: %w", file, err)
	}
	key := toml.Key(strings.Split(path, "."))
	if rest, ok := strings.CutPrefix(path, "sweep."); ok {
		key = toml.Key{"sweep", rest}
	}
	if line := keyLine(data, key); line > 0 {
		return fmt.Errorf("%s:%d: %w", file, line, err)
	}
	return fmt.Errorf("%s: %w", file, err)
}

// tables are the tables of a scenario file: sweep, and every table that
// holds a key of the schema ("brain", "brain.hippocampus",
// "brain.hippocampus.stdp", …).
var tables = func() map[string]bool {
	t := map[string]bool{"sweep": true}
	d := Default()
	for _, k := range Keys(&d) {
		for i, c := range k.Path {
			if c == '.' {
				t[k.Path[:i]] = true
			}
		}
	}
	return t
}()

// checkTypes checks every key of a decoded file against the schema, in
// the order of the file: it must be a key of the schema and hold a value
// of its type. A negative value of a key that takes only values ≥ 0 is a
// range error. The error is a *ParamError or an *UnknownKeyError.
func checkTypes(raw map[string]any, md toml.MetaData, s *Scenario) error {
	for _, k := range md.Keys() {
		v := rawValue(raw, k)
		switch {
		case k[0] != "sweep" && tables[k.String()] || len(k) == 1 && k[0] == "sweep":
			if _, ok := v.(map[string]any); !ok {
				return &ParamError{Key: k.String(), Want: fmt.Sprintf("%s where a table ([%s]) is wanted", tomlWords(v), k)}
			}
		case k[0] == "sweep":
			if len(k) > 2 {
				return &ParamError{Key: "sweep." + strings.Join(k[1:], "."), Want: `sweep keys quoted whole, e.g. "brain.mg_mm" = [0.5, 1]`}
			}
			key, ok := lookup(s, k[1])
			if !ok {
				ue := unknownKey(k[1])
				ue.Key = "sweep." + k[1]
				return ue
			}
			vals, ok := v.([]any)
			if !ok {
				return &ParamError{Key: "sweep." + k[1], Want: fmt.Sprintf("%s where an array of values is wanted, e.g. [1, 2]", tomlWords(v))}
			}
			for _, x := range vals {
				if err := checkValue(key, x); err != nil {
					return &ParamError{Key: "sweep." + k[1], Want: err.(*ParamError).Want}
				}
			}
		default:
			key, ok := lookup(s, k.String())
			if !ok {
				return unknownKey(k.String())
			}
			if err := checkValue(key, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkValue reports whether v, as decoded from TOML, fits key.
func checkValue(key Key, v any) error {
	t := key.Value.Type()
	fits := false
	switch t.Kind() {
	case reflect.String:
		_, fits = v.(string)
	case reflect.Float32, reflect.Float64:
		_, isF := v.(float64)
		_, isI := v.(int64)
		fits = isF || isI
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		var i int64
		i, fits = v.(int64)
		if fits && i < 0 && t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64 {
			return key.RangeError(fmt.Sprint(i))
		}
	case reflect.Bool:
		_, fits = v.(bool)
	case reflect.Slice:
		vals, ok := v.([]any)
		fits = ok
		for _, x := range vals {
			if checkValue(Key{Field: param.Field{Path: key.Path, Value: reflect.New(t.Elem()).Elem()}}, x) != nil {
				fits = false
			}
		}
	}
	if !fits {
		return &ParamError{Key: key.Path, Want: fmt.Sprintf("%s where %s is wanted", tomlWords(v), kindWords(t))}
	}
	return nil
}

// rawValue returns the value of key k in a decoded document (nil inside
// an array of tables).
func rawValue(raw map[string]any, k toml.Key) any {
	var v any = raw
	for _, seg := range k {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[seg]
	}
	return v
}

// tomlWords names the TOML type of a decoded value in words.
func tomlWords(v any) string {
	switch x := v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables ([[…]])"
	case []any:
		if len(x) > 0 {
			if _, ok := x[0].(map[string]any); ok {
				return "an array of tables"
			}
		}
		return "an array"
	case time.Time:
		return "a date or time"
	}
	return "a value of another kind"
}

// keyLine returns the line (from 1) where key is set in a TOML document,
// or 0 when it is not written there. It finds the first prefix of the
// document, ending at a line that names the key's last part, in which the
// key is defined: so dotted keys (a.b = 1), inline tables (a = {b = 1}),
// tables and arrays of tables all give their line.
func keyLine(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	lines := strings.SplitAfter(string(data), "\n")
	name := key[len(key)-1]
	end := 0
	for i, l := range lines {
		end += len(l)
		if !strings.Contains(l, name) {
			continue
		}
		// A construct may span lines (an array, a multi-line string):
		// extend the prefix until it parses, a few lines at most.
		stop := end
		for j := i; j < min(len(lines), i+32); j++ {
			if j > i {
				stop += len(lines[j])
			}
			var m map[string]any
			md, err := toml.Decode(string(data[:stop]), &m)
			if err != nil {
				continue
			}
			if md.IsDefined(key...) {
				return i + 1
			}
			break
		}
	}
	return 0
}

// nesting returns the deepest nesting of arrays and inline tables in a TOML
// document and the line where it is reached, ignoring brackets in strings
// and comments.
func nesting(data []byte) (line, depth int) {
	cur, ln := 0, 1
	var quote string // the open string's delimiter: ", ', """ or '''
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			ln++
		}
		if quote != "" {
			switch {
			case c == '\\' && quote[0] == '"':
				i++
			case bytes.HasPrefix(data[i:], []byte(quote)):
				i += len(quote) - 1
				quote = ""
			case c == '\n' && len(quote) == 1:
				quote = "" // an unterminated one-line string; the parser reports it
			}
			continue
		}
		switch c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i-- // let the newline be counted
		case '"', '\'':
			quote = string(c)
			if bytes.HasPrefix(data[i:], bytes.Repeat([]byte{c}, 3)) {
				quote = strings.Repeat(string(c), 3)
				i += 2
			}
		case '[', '{':
			cur++
			if cur > depth {
				line, depth = ln, cur
			}
		case ']', '}':
			cur = max(0, cur-1)
		}
	}
	return line, depth
}
