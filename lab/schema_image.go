package lab

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// A new database is written from an image of a database made once per
// process with the same schema, instead of running the schema's statements
// again: in a campaign of thousands of runs, the CREATEs were a tenth of the
// CPU. The image is a real SQLite file, made by SQLite from that schema and
// closed cleanly, so a run gets byte for byte the database it would have made.
var images struct {
	sync.Mutex
	m map[string][]byte // by schema
}

// seed writes the image of schema at path if nothing is there yet, and
// reports whether it did. An existing file (a --db directory, a resumed run)
// is left alone, for openSQLite to apply its schema as before.
func seed(path, schema string) (bool, error) {
	if schema == "" {
		return false, nil
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	img, err := image(schema)
	if err != nil {
		return false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return false, fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(img); err != nil {
		f.Close()
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	return true, f.Close()
}

func image(schema string) ([]byte, error) {
	images.Lock()
	defer images.Unlock()
	if img, ok := images.m[schema]; ok {
		return img, nil
	}
	dir, err := os.MkdirTemp(TempRoot(), "dualwrite-schema-")
	if err != nil {
		return nil, fmt.Errorf("make a schema image: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "image.db")
	db, err := createSQLite(path, schema)
	if err != nil {
		return nil, err
	}
	// Closing the only connection checkpoints the WAL into the file.
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("make a schema image: %w", err)
	}
	img, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("make a schema image: %w", err)
	}
	if images.m == nil {
		images.m = map[string][]byte{}
	}
	images.m[schema] = img
	return img, nil
}
