package lab

import (
	"bytes"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestASeededDatabaseIsTheOneTheSchemaMakes: a database written from the
// schema image has the same tables, indexes and triggers as one made by
// running the schema, in WAL mode, and takes writes.
func TestASeededDatabaseIsTheOneTheSchemaMakes(t *testing.T) {
	dir := t.TempDir()
	schema := ordersSchema + ChangelogSchema
	made, err := createSQLite(filepath.Join(dir, "made.db"), schema)
	if err != nil {
		t.Fatal(err)
	}
	defer made.Close()
	seeded, err := openSQLite(filepath.Join(dir, "seeded.db"), schema, nil, lockWait)
	if err != nil {
		t.Fatal(err)
	}
	defer seeded.Close()
	if got, want := master(t, seeded), master(t, made); got != want || want == "" {
		t.Errorf("seeded schema:\n%s\nwant:\n%s", got, want)
	}
	var mode string
	if err := seeded.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	if _, err := seeded.Exec(`INSERT INTO orders (id, item, amount, status, version, updated_at) VALUES ('o-1', 'book', 100, 'placed', 1, 'now')`); err != nil {
		t.Errorf("write to the seeded database: %v", err)
	}
	// An existing database is opened, never overwritten by the image.
	again, err := openSQLite(filepath.Join(dir, "seeded.db"), schema, nil, lockWait)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	var n int
	if err := again.QueryRow("SELECT count(*) FROM orders").Scan(&n); err != nil || n != 1 {
		t.Errorf("reopened: %d orders (%v), want the 1 written", n, err)
	}
}

func master(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, text string
		if err := rows.Scan(&typ, &name, &text); err != nil {
			t.Fatal(err)
		}
		b.WriteString(typ + " " + name + " " + text + "\n")
	}
	return b.String()
}

// TestTemporaryRunsGoUnderTempRoot: $TMPDIR wins when set; without it a run
// goes to /dev/shm where it is writable.
func TestTemporaryRunsGoUnderTempRoot(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	if got := TempRoot(); got != dir {
		t.Errorf("with TMPDIR=%s: %s", dir, got)
	}
	t.Setenv("TMPDIR", "")
	if got := TempRoot(); got != "/dev/shm" && shm {
		t.Errorf("without TMPDIR: %s, want /dev/shm", got)
	}
}

var update = flag.Bool("update", false, "remake lab/schema/images from the schemas")

// TestSchemaImagesAreWhatSQLiteMakes: each image built into the binary is,
// byte for byte, the database SQLite makes from its schema today. After a
// change to a schema or to SQLite: go test ./lab -run TestSchemaImages -update
func TestSchemaImagesAreWhatSQLiteMakes(t *testing.T) {
	for schema, name := range builtImage() {
		made, err := makeImage(schema)
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(filepath.Join("schema", "images", name), made, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		built, err := builtImages.ReadFile("schema/images/" + name)
		if err != nil || !bytes.Equal(built, made) {
			t.Errorf("schema/images/%s is not what SQLite makes from its schema (%v): go test ./lab -run TestSchemaImages -update", name, err)
		}
	}
}
