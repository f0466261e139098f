package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/matching"
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
	if err := matching.IndexStale(ctx, d); err != nil {
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
	fs, cfg := flags("seed", "seed --demo | --scale N [--seed S] [--load-users FILE] [--db FILE]", getenv, stderr, false, true)
	scale := fs.Int("scale", 0, "generate `N` more cases (about six people each) in the demo operation, for load and scale tests")
	seedValue := fs.Uint64("seed", 1, "seed of the generated cases: the same seed gives the same data")
	loadUsers := fs.String("load-users", "", "create the load tool's 32 accounts and write them, with passwords, to this CSV `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scale < 0 || *scale > 10_000_000 {
		return fmt.Errorf("--scale %d: give a number of cases between 1 and 10,000,000", *scale)
	}
	if !cfg.demo && *scale == 0 && *loadUsers == "" {
		fs.Usage()
		return errors.New("nothing to seed: pass --demo to load the demo operation, or --scale N to generate N cases")
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	if cfg.demo {
		if err := loadDemo(ctx, d, stdout); err != nil {
			return err
		}
	}
	if *scale > 0 {
		if err := seedScale(ctx, d, *scale, *seedValue, stdout); err != nil {
			return err
		}
	}
	if *loadUsers != "" {
		if err := writeLoadUsers(ctx, d, *loadUsers, stdout); err != nil {
			return err
		}
	}
	return d.Optimize(ctx)
}

func loadDemo(ctx context.Context, d *db.DB, stdout io.Writer) error {
	sum, err := demo.Load(ctx, d)
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	fmt.Fprintf(stdout, "demo operation %s: %d named cases added, %d already there; %d generated cases added\n",
		sum.Operation, sum.Added, sum.Existing, sum.Generated)
	// The loader writes people in bulk: matching indexes them now.
	if err := matching.IndexStale(ctx, d); err != nil {
		return err
	}
	if err := ensureDemoUsers(ctx, d, stdout); err != nil {
		return err
	}
	return d.Optimize(ctx)
}
