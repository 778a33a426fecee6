// Package resultdir owns the folders a run writes its results into, so
// that writing results never destroys anything.
//
// A results folder is marked as Engram's by a manifest, engram.json, that
// lists every entry the run wrote. Open claims a folder before any work is
// done: it refuses a path that exists and is not such a folder (a user's
// file or directory, the working directory, a folder to which entries
// were added by hand), a path whose parent cannot be written, and a folder
// another run is writing to (a lock file beside it). Commit fills a fresh
// temporary folder beside the target and puts it in place only when it is
// complete, atomically replacing the previous result; an interrupted run
// commits to DIR.incomplete instead and leaves DIR as it was. Temporary
// folders left by a killed run are removed by the next Open of the same
// folder.
package resultdir
