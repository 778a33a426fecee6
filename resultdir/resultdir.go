package resultdir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestName is the file that marks a folder as a result written by Engram.
const ManifestName = "engram.json"

// IncompleteSuffix is appended to a folder's name for the partial result
// of an interrupted run.
const IncompleteSuffix = ".incomplete"

// Format is the manifest's format tag.
const Format = "engram-results"

// maxName is the longest file name most file systems accept, bytes.
const maxName = 255

// tmpInfix and lockSuffix name the hidden entries kept beside a folder:
// ".NAME.tmp-XXXX" while a result is written, ".NAME.lock" while a run holds it.
const (
	tmpInfix   = ".tmp-"
	lockSuffix = ".lock"
)

// MaxBaseLen is the longest folder name Open accepts, bytes: the hidden
// temporary name built from it must still fit in a file name.
const MaxBaseLen = maxName - len(".") - len(tmpInfix) - 12

// Manifest is the content of engram.json.
type Manifest struct {
	Format   string `json:"format"`
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	Complete bool   `json:"complete"`
	// Files lists the entries of the folder (files and sub-folders, not
	// the manifest itself), sorted.
	Files []string `json:"files"`
}

// Dir is a results folder claimed by this process (see Open).
type Dir struct {
	// Path is the folder of a complete result.
	Path string
	lock *os.File
}

// CheckName reports whether name can be the name of a results folder (or
// of a sweep point's folder): not empty, not "." or "..", no path
// separator, no NUL, at most MaxBaseLen bytes.
func CheckName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("%q is not a folder name", name)
	case strings.ContainsRune(name, 0):
		return fmt.Errorf("%q contains a NUL character", name)
	case strings.ContainsAny(name, `/\`):
		return fmt.Errorf("%q contains a path separator", name)
	case len(name) > MaxBaseLen:
		return fmt.Errorf("a folder name of %d bytes is too long (at most %d)", len(name), MaxBaseLen)
	}
	return nil
}

// Open claims path for a run's results, before the run. It refuses (with
// an error that names the path and says what to do):
//   - a path whose name CheckName refuses;
//   - the working directory or one of its ancestors;
//   - an existing path, or path+IncompleteSuffix, that is not a folder
//     written by Engram: a file, a symbolic link, a folder without a
//     manifest, or one holding entries its manifest does not list;
//   - a parent folder that cannot be created or written;
//   - an existing result folder that cannot be written (it could not be
//     replaced);
//   - a folder another run holds (until that run ends).
//
// It creates the parent folder when missing, takes the lock and removes
// temporary folders left by killed runs. Close releases the lock.
func Open(path string) (*Dir, error) {
	if path == "" {
		return nil, errors.New("-out: an empty path")
	}
	if strings.ContainsRune(path, 0) {
		return nil, fmt.Errorf("-out %q: the path contains a NUL character", path)
	}
	clean := filepath.Clean(path)
	if err := notAroundWorkDir(clean); err != nil {
		return nil, err
	}
	if err := CheckName(filepath.Base(clean)); err != nil {
		return nil, fmt.Errorf("-out %s: %v", path, err)
	}
	for _, p := range []string{clean, clean + IncompleteSuffix} {
		if err := checkOwned(p); err != nil {
			return nil, err
		}
	}
	parent := filepath.Dir(clean)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("-out %s: cannot create its parent folder: %w", path, err)
	}
	lockPath := filepath.Join(parent, "."+filepath.Base(clean)+lockSuffix)
	f, err := lock(lockPath)
	if err != nil {
		return nil, fmt.Errorf("-out %s: %w", path, err)
	}
	d := &Dir{Path: clean, lock: f}
	if err := d.writable(); err != nil {
		d.Close()
		return nil, err
	}
	d.removeStale()
	return d, nil
}

// Close releases the folder's lock and removes the lock file.
func (d *Dir) Close() error {
	if d.lock == nil {
		return nil
	}
	os.Remove(d.lock.Name()) // while still held: see lock
	err := d.lock.Close()
	d.lock = nil
	return err
}

// lock creates or opens the lock file at p and takes its lock, with this
// process's id in it. The file is removed by its holder before it lets go,
// so a lock taken on a file that is no longer at p (a race with a holder
// that was closing) is dropped and taken again on the new file.
func lock(p string) (*os.File, error) {
	for range 5 {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("cannot write in %s: %w", filepath.Dir(p), err)
		}
		if err := lockFile(f); err != nil {
			f.Close()
			owner, _ := os.ReadFile(p)
			who := ""
			if pid := strings.TrimSpace(string(owner)); pid != "" {
				who = " (process " + pid + ")"
			}
			return nil, fmt.Errorf("another run is writing to it%s; wait for it to end or choose another -out", who)
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(p)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			if err := f.Truncate(0); err == nil {
				fmt.Fprintf(f, "%d\n", os.Getpid())
			}
			return f, nil
		}
		f.Close()
	}
	return nil, fmt.Errorf("could not take the lock %s", p)
}

// Target returns where Commit puts a result: Path, or Path+IncompleteSuffix
// for an incomplete one.
func (d *Dir) Target(complete bool) string {
	if complete {
		return d.Path
	}
	return d.Path + IncompleteSuffix
}

// Commit writes a result: fill writes its files into an empty temporary
// folder beside the target, the manifest m (Files filled in here) is added,
// and the folder is put at Target(m.Complete), replacing a previous result
// there in one step. On any error the target is left as it was and the
// temporary folder is removed. It returns the target.
func (d *Dir) Commit(m Manifest, fill func(tmp string) error) (string, error) {
	target := d.Target(m.Complete)
	if err := checkOwned(target); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(d.Path), "."+filepath.Base(d.Path)+tmpInfix)
	if err != nil {
		return "", err
	}
	if err := d.fill(tmp, m, fill); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := replace(tmp, target); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("putting the result in %s: %w", target, err)
	}
	return target, nil
}

// fill writes the result and its manifest into tmp.
func (d *Dir) fill(tmp string, m Manifest, fill func(string) error) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := fill(tmp); err != nil {
		return err
	}
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	m.Format, m.Files = Format, nil
	for _, e := range ents {
		if e.Name() != ManifestName {
			m.Files = append(m.Files, e.Name())
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(tmp, ManifestName), append(b, '\n'), 0o644)
}

// replace puts the folder tmp at target. An existing target is swapped
// with tmp in one step where the system can (Linux), so that target always
// holds a whole result, and then removed.
func replace(tmp, target string) error {
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, target)
	}
	if err := exchange(tmp, target); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous result
	}
	old := tmp + ".old"
	if err := os.Rename(target, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Rename(old, target)
		return err
	}
	return os.RemoveAll(old)
}

// checkOwned reports an error unless p is missing or a folder written by
// Engram holding only what its manifest lists.
func checkOwned(p string) error {
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("-out %s: %w", p, err)
	}
	notOurs := func(why string) error {
		return fmt.Errorf("-out %s: %s, so it is not an Engram results folder and would be replaced; choose a new folder (or one written by simulate)", p, why)
	}
	if !st.IsDir() {
		if st.Mode()&fs.ModeSymlink != 0 {
			return notOurs("it is a symbolic link")
		}
		return notOurs("it exists and is a file")
	}
	b, err := os.ReadFile(filepath.Join(p, ManifestName))
	if err != nil {
		return notOurs("it exists and has no " + ManifestName)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format != Format {
		return notOurs("its " + ManifestName + " was not written by Engram")
	}
	ents, err := os.ReadDir(p)
	if err != nil {
		return fmt.Errorf("-out %s: %w", p, err)
	}
	for _, e := range ents {
		if e.Name() != ManifestName && !slices.Contains(m.Files, e.Name()) {
			return fmt.Errorf("-out %s: it holds %s, which Engram did not write there; move it out first, or choose another -out", p, e.Name())
		}
	}
	return nil
}

// notAroundWorkDir refuses a path that is the working directory or one of
// its ancestors: replacing it would replace the folder the user is in.
func notAroundWorkDir(p string) error {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil
	}
	if rel, err := filepath.Rel(abs, wd); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return fmt.Errorf("-out %s: it is the working directory or holds it; results go into a folder of their own, e.g. -out results/run1", p)
	}
	return nil
}

// writable checks, when the result folder exists, that it can be replaced
// (its entries removed): a read-only result is found before the run.
func (d *Dir) writable() error {
	for _, p := range []string{d.Path, d.Path + IncompleteSuffix} {
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		f, err := os.CreateTemp(p, ".probe-*")
		if err != nil {
			return fmt.Errorf("-out %s: it cannot be replaced (%v); make it writable or choose another -out", p, err)
		}
		f.Close()
		os.Remove(f.Name())
	}
	return nil
}

// removeStale removes the temporary folders of earlier runs of this folder
// that were killed before they finished (the lock is held, so no live run
// is writing them).
func (d *Dir) removeStale() {
	pat := filepath.Join(filepath.Dir(d.Path), "."+filepath.Base(d.Path)+tmpInfix+"*")
	stale, _ := filepath.Glob(pat)
	for _, s := range stale {
		os.RemoveAll(s)
	}
}
