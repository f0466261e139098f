package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/matching"
	"github.com/ocu-project/ocu/units"
)

// seedScale adds n generated cases (about six people each) to the demo
// operation, through the same validation and workflow as users' cases:
// the data set of the load tool and the benchmarks.
func seedScale(ctx context.Context, d *db.DB, n int, seed uint64, stdout io.Writer) error {
	start := time.Now()
	if err := demo.GenerateWithPeople(ctx, d, n, scalePeopleFactor, seed); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if err := matching.IndexStale(ctx, d); err != nil {
		return err
	}
	var cases, people int64
	d.Read.WithContext(ctx).Raw("SELECT COUNT(*) FROM cases").Scan(&cases)
	d.Read.WithContext(ctx).Raw("SELECT COUNT(*) FROM people").Scan(&people)
	fmt.Fprintf(stdout, "generated %d cases in %s; the database holds %d cases and %d people\n",
		n, time.Since(start).Round(100*time.Millisecond), cases, people)
	return nil
}

// scalePeopleFactor brings the generator's crowds to about six people per
// case, the shape of the load targets (100,000 cases, 600,000 people).
const scalePeopleFactor = 1.25

// Load accounts: officersPerUnit officers (of the OCU's first attached
// countries by name) and supervisorsPerUnit supervisors for each OCU, 32
// in all for the four OCUs of the demo operation.
const (
	officersPerUnit    = 6
	supervisorsPerUnit = 2
)

// writeLoadUsers creates (or resets the password of) the load tool's
// accounts and writes them, passwords included, to path as CSV readable by
// its owner only: username,role,unit,country,password. They are ordinary
// accounts, scoped like any other; disable them after a load test on a
// database people use.
func writeLoadUsers(ctx context.Context, d *db.DB, path string, stdout io.Writer) error {
	ctx = ocu.SystemContext(ctx)
	us := units.NewStore(d)
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return err
	}
	op, ok := snap.Operation(demo.Operation.Code)
	if !ok {
		return fmt.Errorf("operation %s is missing: seed it first", demo.Operation.Code)
	}
	byUnit := map[string][]units.AttachedCountry{}
	for _, a := range snap.Attached(op.ID) { // sorted by name
		byUnit[a.UnitCode] = append(byUnit[a.UnitCode], a)
	}
	var ins []accounts.UserInput
	for _, u := range snap.Units() {
		for i, a := range byUnit[u.Code] {
			if i == officersPerUnit {
				break
			}
			ins = append(ins, accounts.UserInput{Username: "load.officer." + strings.ToLower(a.ISO2),
				DisplayName: "Load test officer (" + a.Name + ")", Role: ocu.RoleOfficer, Unit: u.Code, Country: a.ISO2})
		}
		for i := 1; i <= supervisorsPerUnit; i++ {
			ins = append(ins, accounts.UserInput{Username: fmt.Sprintf("load.supervisor.%s.%d", strings.ToLower(u.Code), i),
				DisplayName: fmt.Sprintf("Load test supervisor %d (%s)", i, u.City), Role: ocu.RoleSupervisor, Unit: u.Code})
		}
	}

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"username", "role", "unit", "country", "password"})
	s := accountStore(d)
	for _, in := range ins {
		pw := accounts.GeneratePassword()
		if u, err := s.User(ctx, in.Username); err == nil {
			err = s.SetPassword(ctx, u.Username, pw)
			if err != nil {
				f.Close()
				return fmt.Errorf("load user %s: %w", in.Username, explain(err))
			}
		} else if _, err := s.CreateUser(ctx, in, pw); err != nil {
			f.Close()
			return fmt.Errorf("load user %s: %w", in.Username, explain(err))
		}
		w.Write([]string{in.Username, in.Role, in.Unit, in.Country, pw})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d load test accounts written to %s (passwords inside: keep it private)\n", len(ins), path)
	return nil
}
