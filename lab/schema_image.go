package lab

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// A new database is written from an image of a database with the same
// schema, instead of running the schema's statements again: in a campaign of
// thousands of runs, the CREATEs were a tenth of the CPU. The images of the
// schemas the lab uses are built into the binary (schema/images), so a
// process does not make them either: a `dualwrite run` spent 3 to 9 ms of
// its 80 making two. Each is a real SQLite file, made by SQLite from its
// schema and closed cleanly, so a run gets byte for byte the database it
// would have made; TestSchemaImagesAreWhatSQLiteMakes checks that they still
// are, and remakes them with -update. Any other schema's image is made once
// per process.
var images struct {
	sync.Mutex
	m map[string][]byte // by schema
}

//go:embed schema/images/*.db
var builtImages embed.FS

// builtImage is the file in schema/images of each schema the lab uses.
func builtImage() map[string]string {
	return map[string]string{
		ordersSchema:                   "orders.db",
		ordersSchema + ChangelogSchema: "orders-changelog.db",
		ordersSchema + OutboxLogSchema: "orders-outbox-log.db",
		shippingSchema:                 "shipping.db",
	}
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
	var img []byte
	var err error
	if name, ok := builtImage()[schema]; ok {
		img, err = builtImages.ReadFile("schema/images/" + name)
	} else {
		img, err = makeImage(schema)
	}
	if err != nil {
		return nil, fmt.Errorf("make a schema image: %w", err)
	}
	if images.m == nil {
		images.m = map[string][]byte{}
	}
	images.m[schema] = img
	return img, nil
}

// makeImage makes the image of schema with SQLite.
func makeImage(schema string) ([]byte, error) {
	dir, err := os.MkdirTemp(TempRoot(), "dualwrite-schema-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "image.db")
	db, err := createSQLite(path, schema)
	if err != nil {
		return nil, err
	}
	// Closing the only connection checkpoints the WAL into the file.
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}
