// Package db opens ocu's SQLite database, applies its versioned migrations and
// hosts the helpers tests use to get a real database in a temp file.
package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DB is the database opened as two pools on one file: many readers and a
// single writer. SQLite allows one writer at a time; funnelling every write
// through one connection (whose transactions begin IMMEDIATE) means writers
// queue in Go instead of failing with "database is locked", while WAL lets
// readers carry on beside them.
type DB struct {
	Write *gorm.DB
	Read  *gorm.DB
	Path  string
}

// pragmas go in the DSN so that every pooled connection gets them; a one-off
// Exec would set them on whichever connection ran it.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	q.Set("_loc", "UTC")
	q.Set("_cache_size", "-16000") // 16 MB page cache per connection
	// Prepared statements kept per connection by the driver: preparing
	// took a fifth of the time of bulk loads and of many pages. (gorm's
	// own PrepareStmt is left off: it is known to deadlock on a
	// one-connection pool such as the writer.)
	q.Set("_stmt_cache_size", "128")
	if readOnly {
		q.Set("_query_only", "true")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database file at path. It does not
// migrate: call Migrate.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("db: empty database path")
	}
	cfg := func() *gorm.Config {
		return &gorm.Config{
			Logger:                 newLogger(),
			NowFunc:                func() time.Time { return time.Now().UTC() },
			TranslateError:         true,
			SkipDefaultTransaction: true, // we open transactions where a write needs one
		}
	}
	w, err := gorm.Open(sqlite.Open(dsn(path, false)), cfg())
	if err != nil {
		return nil, fmt.Errorf("open %s for writing: %w", path, err)
	}
	wsql, err := w.DB()
	if err != nil {
		return nil, err
	}
	wsql.SetMaxOpenConns(1)
	wsql.SetMaxIdleConns(1)
	wsql.SetConnMaxLifetime(0)
	// Touch the file now so that a bad path fails here, with its name, and
	// WAL mode is set before readers open it.
	if err := wsql.Ping(); err != nil {
		_ = wsql.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}

	r, err := gorm.Open(sqlite.Open(dsn(path, true)), cfg())
	if err != nil {
		_ = wsql.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	rsql, err := r.DB()
	if err != nil {
		_ = wsql.Close()
		return nil, err
	}
	readers := max(8, 4*runtime.NumCPU())
	rsql.SetMaxOpenConns(readers)
	rsql.SetMaxIdleConns(readers)
	rsql.SetConnMaxLifetime(0)
	return &DB{Write: w, Read: r, Path: path}, nil
}

// Ping reports whether the database answers a query.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.Read.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error
}

// Close closes both pools. The writer closes last so that SQLite can
// checkpoint the WAL into the main file on a clean shutdown.
func (d *DB) Close() error {
	var errs []error
	if s, err := d.Read.DB(); err == nil {
		errs = append(errs, s.Close())
	}
	if s, err := d.Write.DB(); err == nil {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// slogWriter routes gorm's warnings (slow queries, errors) to slog.
type slogWriter struct{}

func (slogWriter) Printf(format string, args ...any) {
	slog.Warn("database", "detail", fmt.Sprintf(format, args...))
}

func init() {
	// gorm's Scan path traces through a recorder that has its own filter
	// and would otherwise log bound values: personal data. Drop them.
	logger.RecorderParamsFilter = func(_ context.Context, sql string, _ ...any) (string, []any) { return sql, nil }
}

// newLogger logs slow queries and errors with placeholders only
// (ParameterizedQueries): bound values can be personal data and never reach
// the logs.
func newLogger() logger.Interface {
	return logger.New(slogWriter{}, logger.Config{
		SlowThreshold:             250 * time.Millisecond,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
		Colorful:                  false,
	})
}
