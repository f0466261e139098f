// Package dbtest gives tests a real, migrated SQLite database in a temp file.
// Never :memory:, which gives each pooled connection its own empty database.
package dbtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ocu-project/ocu/db"
)

// New opens a fresh database under t.TempDir(), migrated to the latest
// version, and closes it when the test ends.
func New(t testing.TB) *db.DB {
	t.Helper()
	d := Open(t)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

// Open opens a fresh, unmigrated database, for migration tests.
func Open(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(filepath.Join(t.TempDir(), "ocu-test.db"))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}
