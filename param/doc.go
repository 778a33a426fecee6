// Package param reads the parameters of Engram's models from their struct
// tags, so that each parameter's name, unit, allowed range and meaning are
// declared once, beside the field, and every check, description and error
// message reads them there.
//
// A parameter is a struct field with a `toml` tag (its key) and any of
//
//	unit:"ms"         the unit
//	range:"0.1..100"  the inclusive range of a number (either side may be
//	                  open: "0..", "..10")
//	oneof:"a|b"       the allowed values of a string
//	doc:"…"           what it means
//
// Fields of struct type are tables of their own (walked recursively, keys
// joined with dots); fields without a `toml` tag, with `toml:"-"`, or of map
// type are not parameters.
package param
