// Package report writes the results of a day-night run for people and for
// tools: metrics.json, tidy CSV files (encoding/csv), the figures, and a
// report in Markdown and in self-contained HTML, both rendered from one
// data model by text/template and html/template. It reads plain data
// (DayNight) and never drives a model.
package report
