package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
)

// openMigrated opens the database, applies pending migrations and makes
// sure the reference data (countries, OCUs) is there.
func openMigrated(ctx context.Context, path string) (*db.DB, error) {
	d, err := db.Open(path)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	us := units.NewStore(d)
	if err := us.SeedReference(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	if err := cases.NewStore(d, us).Backfill(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	if err := d.Optimize(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	return d, nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("migrate", "migrate [--db FILE]", getenv, stderr, false, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := d.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is at schema version %d\n", cfg.db, v)
	return nil
}

func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("seed", "seed --demo [--db FILE]", getenv, stderr, false, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !cfg.demo {
		fs.Usage()
		return errors.New("nothing to seed: pass --demo to load the demo operation")
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	return loadDemo(ctx, d, stdout)
}

func loadDemo(ctx context.Context, d *db.DB, stdout io.Writer) error {
	sum, err := demo.Load(ctx, d)
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	fmt.Fprintf(stdout, "demo operation %s: %d named cases added, %d already there; %d generated cases added\n",
		sum.Operation, sum.Added, sum.Existing, sum.Generated)
	if err := ensureDemoUsers(ctx, d, stdout); err != nil {
		return err
	}
	return d.Optimize(ctx)
}
