// Package validation is Engram's validation suite: the phenomena of docs/model.md
// §6 (rows V1–V14), each run on the model itself and judged against the
// acceptance range written beside it. `simulate validate` prints the rows;
// tests run the quick ones.
//
// A row measures, then compares: every Check carries the measured value,
// its unit and the allowed range, so a reader sees what the model did, not
// only whether it passed.
package validation
