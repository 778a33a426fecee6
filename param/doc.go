// Package param reads the parameters of Engram's models from their struct
// tags, so that each parameter's name, unit, allowed range and meaning are
// declared once, beside the field, and every check, description and error
// message reads them there.
//
// A parameter is a struct field with a `toml` tag (its key) and any of
//
//	unit:"ms"         the unit ("" for a dimensionless number)
//	range:"0.1..100"  the inclusive range of a number; either side may be
//	                  unbounded ("0..", "..10") or exclusive ("0<..1" is
//	                  0 < x ≤ 1, "0..<1" is 0 ≤ x < 1)
//	oneof:"a|b"       the allowed values of a string
//	doc:"…"           what it means
//
// A list (slice) of numbers or strings is checked element by element.
// Fields of struct type are tables of their own (walked recursively, keys
// joined with dots); an embedded struct without a `toml` tag lends its
// fields to the table that embeds it. Fields without a `toml` tag, with
// `toml:"-"`, or of map or pointer type are not parameters.
package param
