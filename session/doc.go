// Package session runs a day-night scenario live, for a viewer: the very
// stepper the batch run uses (scenarios.DayNight), paced against the wall
// clock, steered by commands (pause, sleep now, lesion, [Mg²⁺], α, …) and
// published as immutable snapshots a viewer can draw from another
// goroutine.
package session
