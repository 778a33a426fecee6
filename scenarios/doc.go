// Package scenarios loads Engram's TOML scenarios, runs them and writes
// their results. A scenario describes one whole experiment; the shipped
// ones are embedded in the binary, so `simulate` works from any folder.
//
// The schema is the Scenario struct: every key a field with its TOML name,
// unit, allowed range and meaning in tags, read by validation, Describe
// and every error (ParamError, UnknownKeyError). Load and Parse are strict:
// unknown keys, wrong types, values out of range and keys the scenario's
// kind does not read are refused with the file, line and key.
//
// What runs is the scenario's kind (its `model`): each Kind, listed once
// in Kinds, reads some keys, estimates its cost and runs, returning an
// Outcome of plain data that writes itself. The day-night kinds live the
// task's days with DayNight, the stepper the live session (package
// session) drives too. Points expands sweeps and replicate seeds,
// RunSweep runs them on several goroutines, and Write and WriteSweep put
// results into folders claimed with package resultdir.
package scenarios
