package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one embedded schema step. Files are named NNNN_name.sql; the
// number is the version recorded in schema_migrations once applied.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration versions must run 1, 2, 3...: found %d at position %d", m.Version, i+1)
		}
	}
	return ms, nil
}

// LatestVersion is the version a fully migrated database has.
func LatestVersion() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Version returns the highest applied migration, 0 for a new database.
func (d *DB) Version(ctx context.Context) (int, error) {
	if err := d.ensureVersionTable(ctx); err != nil {
		return 0, err
	}
	var v int
	err := d.Write.WithContext(ctx).Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v).Error
	return v, err
}

func (d *DB) ensureVersionTable(ctx context.Context) error {
	return d.Write.WithContext(ctx).Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`).Error
}

// Migrate applies every embedded migration not yet applied.
func (d *DB) Migrate(ctx context.Context) error { return d.MigrateTo(ctx, LatestVersion()) }

// MigrateTo applies migrations up to and including version target. Each
// migration runs in its own transaction together with its version row, so a
// failure leaves the database at the previous version, never half-way.
// Migrations only ever move forward; a database newer than this binary is
// refused rather than touched.
func (d *DB) MigrateTo(ctx context.Context, target int) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	current, err := d.Version(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if latest := LatestVersion(); current > latest {
		return fmt.Errorf("database is at schema version %d but this ocu knows only up to %d: use a newer ocu", current, latest)
	}
	for _, m := range ms {
		if m.Version <= current || m.Version > target {
			continue
		}
		start := time.Now()
		err := d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(m.SQL).Error; err != nil {
				return err
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)).Error
		})
		if err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		slog.Debug("migration applied", "version", m.Version, "name", m.Name, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
