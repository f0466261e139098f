package db_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
)

func TestMigrateAppliesEveryVersionOnce(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t)
	if v, err := d.Version(ctx); err != nil || v != 0 {
		t.Fatalf("new database at version %d (%v)", v, err)
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	v, err := d.Version(ctx)
	if err != nil || v != db.LatestVersion() || v < 2 {
		t.Fatalf("version %d, latest %d (%v)", v, db.LatestVersion(), err)
	}
	var n int
	d.Read.Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&n)
	if n != v {
		t.Fatalf("%d rows in schema_migrations for version %d", n, v)
	}
}

func TestRefusesDatabaseNewerThanBinary(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	d.Write.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 'x')", db.LatestVersion()+1)
	if err := d.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "newer ocu") {
		t.Fatalf("want refusal, got %v", err)
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	d := dbtest.New(t)
	for name, q := range map[string]*struct {
		pool *db.DB
	}{"read": {d}, "write": {d}} {
		pool := q.pool.Read
		if name == "write" {
			pool = q.pool.Write
		}
		var mode string
		var fk, timeout int
		pool.Raw("PRAGMA journal_mode").Scan(&mode)
		pool.Raw("PRAGMA foreign_keys").Scan(&fk)
		pool.Raw("PRAGMA busy_timeout").Scan(&timeout)
		if mode != "wal" || fk != 1 || timeout < 1000 {
			t.Errorf("%s pool: journal_mode=%s foreign_keys=%d busy_timeout=%d", name, mode, fk, timeout)
		}
	}
	if err := d.Read.Exec("CREATE TABLE nope (x)").Error; err == nil {
		t.Error("the read pool accepted a write")
	}
}

// TestUpgradeKeepsEveryRow builds, for each fixture testdata/upgrade/NNNN.sql,
// a database at version NNNN holding the fixture's rows, upgrades it to the
// latest version and checks every row of every table is still there with
// the same values. Add a fixture for each new version.
func TestUpgradeKeepsEveryRow(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/upgrade/*.sql")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no upgrade fixtures (%v)", err)
	}
	covered := map[int]bool{}
	for _, f := range fixtures {
		v, err := strconv.Atoi(strings.TrimSuffix(filepath.Base(f), ".sql"))
		if err != nil {
			t.Fatalf("fixture %s: name must be the version number", f)
		}
		covered[v] = true
		t.Run(filepath.Base(f), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.Open(t)
			if err := d.MigrateTo(ctx, v); err != nil {
				t.Fatal(err)
			}
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Write.Exec(string(body)).Error; err != nil {
				t.Fatalf("load fixture: %v", err)
			}
			before := snapshot(t, d)
			if err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			after := snapshot(t, d)
			for table, rows := range before {
				if len(rows) == 0 {
					continue
				}
				got := after[table]
				for i, row := range rows {
					if i >= len(got) || !strings.HasPrefix(got[i], row) {
						t.Fatalf("table %s row %d changed or lost:\nbefore %s\nafter  %v", table, i, row, got)
					}
				}
			}
		})
	}
	// Every version but the latest needs a fixture showing the next
	// migration keeps its data.
	for v := 1; v < db.LatestVersion(); v++ {
		if !covered[v] {
			t.Errorf("no upgrade fixture for version %d: add testdata/upgrade/%04d.sql", v, v)
		}
	}
}

// snapshot renders every row of every table, ordered by rowid or primary
// key, as text. Columns added later are appended at the end of a row, so a
// row before an upgrade must be a prefix of the same row after it.
func snapshot(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	var tables []string
	d.Read.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'").Scan(&tables)
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := d.Read.Raw(fmt.Sprintf("SELECT * FROM %q ORDER BY 1, 2", table)).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, c := range cols {
				fmt.Fprintf(&b, "%s=%v;", c, vals[i])
			}
			out[table] = append(out[table], b.String())
		}
		rows.Close()
	}
	return out
}
