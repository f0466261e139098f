package db

import (
	"context"
	"log/slog"
	"time"
)

// Optimize refreshes the statistics SQLite's query planner uses. Without
// them the planner cannot tell that operation_id matches nearly every case
// and picks an index that forces 100,000 row lookups for a search; with
// them a reference search is a range scan. analysis_limit keeps each run to
// milliseconds on large tables at the cost of approximate statistics.
func (d *DB) Optimize(ctx context.Context) error {
	return d.Write.WithContext(ctx).Exec("PRAGMA analysis_limit = 1000; ANALYZE;").Error
}

// OptimizeEvery runs Optimize every interval until ctx ends, so plans keep
// up as an operation week fills the database.
func (d *DB) OptimizeEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := d.Optimize(ctx); err != nil && ctx.Err() == nil {
				slog.Warn("refresh planner statistics", "err", err)
			}
		}
	}
}
