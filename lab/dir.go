package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// markerFile marks a directory that dualwrite made; it lists the names
// dualwrite may create there, the only ones it will ever remove.
const markerFile = ".dualwrite"

// lockFile is held with flock while a run uses the directory; it holds the
// holder's pid, for the message a second run gets.
const lockFile = ".dualwrite.lock"

// labFiles are the names a run creates in its directory: the one list that
// says what is dualwrite's. A new file of the lab is added here.
var labFiles = sqliteFiles("orders.db", "shipping.db", coordinatorFile, "journal")

// sqliteFiles are the names of databases and of the files SQLite keeps
// beside each, plus the broker's store.
func sqliteFiles(dbs ...string) []string {
	names := []string{"nats"}
	for _, db := range dbs {
		names = append(names, db, db+"-wal", db+"-shm", db+"-journal")
	}
	return names
}

// marker is the content of markerFile.
type marker struct {
	MadeBy string   `json:"made_by"` // always "dualwrite"
	Files  []string `json:"files"`   // names dualwrite may create and remove here
}

// labDir is a directory a run holds: marked as dualwrite's and locked.
type labDir struct {
	path    string
	lock    *os.File
	created bool     // the lock file is new: a refusal removes it
	claimed bool     // the run took the directory: the lock holds its pid
	made    []string // the directories openLabDir created, deepest first
	empty   bool     // the directory was new or empty: abandon empties it again
}

// openLabDir takes dir for a run. It creates dir if it does not exist and
// refuses one that holds anything dualwrite did not make. An earlier run's
// files are refused too, unless fresh, which removes them (only the names
// the marker lists). The directory stays locked until release. A refused
// directory is left as it was.
func openLabDir(dir string, fresh, resume bool) (*labDir, error) {
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			to, _ := os.Readlink(dir)
			return nil, inputErrorf("cannot use --db %s: it is a symbolic link to %s, which does not exist", dir, to)
		}
	}
	made := missingDirs(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, inputErrorf("cannot use --db %s: %v", dir, errors.Unwrap(err))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, inputErrorf("cannot read --db %s: %v", dir, errors.Unwrap(err))
	}
	owned, marked, err := readMarker(dir)
	if err != nil {
		return nil, err
	}
	if !marked && len(entries) > 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return nil, inputErrorf("refusing --db %s: it is not empty and dualwrite did not make it: %s; give a new or empty directory", dir, listNames(names))
	}
	d := &labDir{path: dir, made: made, empty: len(entries) == 0}
	if err := d.lockDir(); err != nil {
		return nil, err
	}
	refuse := func(err error) (*labDir, error) {
		d.release()
		return nil, err
	}
	// Read again under the lock: a run that held it may have changed them.
	if entries, err = os.ReadDir(dir); err != nil {
		return refuse(inputErrorf("cannot read --db %s: %v", dir, errors.Unwrap(err)))
	}
	if !marked {
		owned = labFiles // the marker about to be written
	}
	var foreign, earlier []string
	for _, e := range entries {
		switch name := e.Name(); {
		case name == markerFile || name == lockFile:
		case slices.Contains(owned, name):
			earlier = append(earlier, name)
		default:
			foreign = append(foreign, name)
		}
	}
	if len(foreign) > 0 {
		return refuse(inputErrorf("refusing --db %s: dualwrite made it, but not these: %s; remove them or give a new or empty directory", dir, listNames(foreign)))
	}
	if resume {
		if !slices.Contains(earlier, journalFile) {
			return refuse(inputErrorf("cannot resume --db %s: %v: it holds no journal of a run (only a run kept with --db writes one)", dir, ErrNothingToResume))
		}
		d.claim()
		return d, nil
	}
	if len(earlier) > 0 && !fresh {
		return refuse(inputErrorf("refusing --db %s: it holds an earlier run's files (%s); add --fresh to remove them and start afresh", dir, listNames(earlier)))
	}
	// The marker goes in before the run makes a file, so every file that
	// follows is one dualwrite may remove later.
	if err := writeMarker(dir, owned, marked); err != nil {
		return refuse(err)
	}
	d.claim()
	for _, name := range earlier {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return refuse(fmt.Errorf("remove the earlier run's %s: %w", name, err))
		}
	}
	return d, nil
}

// readMarker returns the names the marker of dir lists, and whether there is
// one. A markerFile that is not dualwrite's is refused, not overwritten.
func readMarker(dir string) ([]string, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, markerFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, inputErrorf("cannot read %s: %v", filepath.Join(dir, markerFile), errors.Unwrap(err))
	}
	var m marker
	if json.Unmarshal(b, &m) != nil || m.MadeBy != "dualwrite" {
		return nil, false, inputErrorf("refusing --db %s: its %s is not one dualwrite wrote", dir, markerFile)
	}
	return m.Files, true, nil
}

// writeMarker writes the marker listing labFiles and the names an earlier
// marker listed, unless an earlier marker lists them all already.
func writeMarker(dir string, earlier []string, marked bool) error {
	files := slices.Clone(earlier)
	for _, name := range labFiles {
		if !slices.Contains(files, name) {
			files = append(files, name)
		}
	}
	if marked && len(files) == len(earlier) {
		return nil
	}
	b, _ := json.MarshalIndent(marker{MadeBy: "dualwrite", Files: files}, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, markerFile), append(b, '\n'), 0o644); err != nil {
		return inputErrorf("cannot write to --db %s: %v", dir, errors.Unwrap(err))
	}
	return nil
}

// lockDir takes the directory's flock, or says which process holds it. A
// lock file it had to create goes again if the directory is refused.
func (d *labDir) lockDir() error {
	path := filepath.Join(d.path, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		d.created = true
	} else if errors.Is(err, os.ErrExist) {
		f, err = os.OpenFile(path, os.O_RDWR, 0)
	}
	if err != nil {
		return inputErrorf("cannot write to --db %s: %v", d.path, errors.Unwrap(err))
	}
	d.lock = f
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		d.release()
		holder := strings.TrimSpace(string(b[:n]))
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if _, err := strconv.Atoi(holder); err != nil {
				holder = "unknown"
			}
			return inputErrorf("--db %s is in use by another dualwrite run (pid %s)", d.path, holder)
		}
		return fmt.Errorf("lock %s: %w", d.path, err)
	}
	return nil
}

// claim writes the holder's pid into the lock file: the directory is the
// run's from now on.
func (d *labDir) claim() {
	d.claimed = true
	if err := d.lock.Truncate(0); err == nil {
		d.lock.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
}

// release unlocks the directory; its files stay.
func (d *labDir) release() {
	if d == nil || d.lock == nil {
		return
	}
	switch {
	case d.claimed:
		// The pid goes first: a pid left in an unlocked file would name a
		// holder that is gone.
		d.lock.Truncate(0)
	case d.created:
		os.Remove(d.lock.Name())
	}
	d.lock.Close()
	d.lock = nil
}

// missingDirs are dir and those of its parents that do not exist yet,
// deepest first: what MkdirAll is about to create.
func missingDirs(dir string) []string {
	var missing []string
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || !errors.Is(err, os.ErrNotExist) || p == filepath.Dir(p) {
			return missing
		}
		missing = append(missing, p)
	}
}

// abandon undoes openLabDir for a run that failed before it started: in a
// directory that was new or empty, it removes what the run made there (the
// lab's own names, the marker and the lock), then the directories
// openLabDir created, each only if it is empty then. A directory that held
// files before is only released: they stay.
func (d *labDir) abandon() {
	if d == nil || !d.empty {
		d.release()
		return
	}
	for _, name := range append(slices.Clone(labFiles), markerFile) {
		os.RemoveAll(filepath.Join(d.path, name))
	}
	d.claimed, d.created = false, true // the lock file goes with the release
	d.release()
	for _, p := range d.made {
		if os.Remove(p) != nil {
			return // not empty: something else is in it now
		}
	}
}

// listNames names at most a few files, so the message stays one line.
func listNames(names []string) string {
	const most = 5
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:most], ", "), len(names)-most)
}

// takeDir gives the run its directory: a new temporary one, or --db held.
func (r *Run) takeDir() error {
	if r.cfg.Dir == "" {
		base := r.cfg.TempDir
		if base == "" {
			base = TempRoot()
		}
		dir, err := os.MkdirTemp(base, "dualwrite-")
		if err != nil {
			return fmt.Errorf("make a temporary directory: %w", err)
		}
		r.dir, r.tmp = dir, true
		return nil
	}
	d, err := openLabDir(r.cfg.Dir, r.cfg.Fresh, r.cfg.Resume)
	if err != nil {
		return err
	}
	r.dir, r.held = r.cfg.Dir, d
	return nil
}
