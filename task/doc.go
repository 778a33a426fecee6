// Package task is the shared memory task of Engram: a vocabulary of items,
// episodes that are ordered routes through those items, days of experience,
// cues and the one score function with which both the brain model and the
// ANN are judged.
//
// The same *Task value is handed to every memory system of a run, so the
// brain and the Transformer see the same episodes, in the same order, with the
// same cues, and are scored by the same code (Score).
package task
