// Package demo loads the demo operation, Liberterra II, so a newcomer sees a
// populated ocu. Everything goes through the same stores, validation and
// workflow as an officer's input: the demo cannot hold a record the
// application would refuse.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// participantsJSON lists Liberterra II's 116 countries and the OCU each
// reports to. Only the Manila room's list and the host countries are
// published; the rest are regional defaults an administrator may change.
//
//go:embed participants.json
var participantsJSON []byte

// Operation is the demo operation.
// It is marked as a demo: part of it is generated, and every page and
// export of it says so.
// Its follow-up period runs to 6 November 2024, the day INTERPOL
// published the operation's (preliminary) results: what the reporting
// counts happened by then.
var Operation = units.Operation{Code: "LIB2", Name: "Liberterra II", FirstDay: "2024-09-29", LastDay: "2024-10-04",
	FollowUpUntil: "2024-11-06", Demo: true}

// Summary says what a load did.
type Summary struct {
	Operation       string
	Added, Existing int // named cases
	Generated       int // cases generated to reach the published totals
}

// Load adds whatever of the demo operation is missing: the named cases and
// the generated ones that bring the totals to the published results.
// Running it again adds nothing: the operation is found by code,
// attachments by country and cases by title within the operation.
func Load(ctx context.Context, d *db.DB) (Summary, error) { return load(ctx, d, true) }

// LoadNamed loads the operation, its countries, returns and the named cases
// only: a small, stable data set for tests.
func LoadNamed(ctx context.Context, d *db.DB) (Summary, error) { return load(ctx, d, false) }

func load(ctx context.Context, d *db.DB, published bool) (Summary, error) {
	ctx = ocu.SystemContext(ctx) // the demo is ocu itself acting
	us := units.NewStore(d)
	cs := cases.NewStore(d, us)
	sum := Summary{Operation: Operation.Code}
	if err := us.SeedReference(ctx); err != nil {
		return sum, err
	}
	op, err := us.EnsureOperation(ctx, Operation)
	if err != nil {
		return sum, err
	}
	if !op.Demo {
		// A database loaded before operations could say so.
		if err := d.Write.WithContext(ctx).Exec("UPDATE operations SET demo = 1 WHERE id = ?", op.ID).Error; err != nil {
			return sum, err
		}
		us.Invalidate()
		op.Demo = true
	}
	if op.FollowUpUntil == "" {
		// A database loaded before operations had a follow-up period.
		if err := d.Write.WithContext(ctx).Exec("UPDATE operations SET followup_until = ? WHERE id = ?", Operation.FollowUpUntil, op.ID).Error; err != nil {
			return sum, err
		}
		us.Invalidate()
		op.FollowUpUntil = Operation.FollowUpUntil
	}
	if err := attach(ctx, us, op); err != nil {
		return sum, err
	}
	if err := fileReturns(ctx, us, op); err != nil {
		return sum, fmt.Errorf("daily returns: %w", err)
	}
	existing, err := existingTitles(ctx, d, op.ID)
	if err != nil {
		return sum, err
	}
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return sum, err
	}
	for _, nc := range namedCases {
		if existing[nc.Input.Title] || existing[renamed[nc.Input.Title]] {
			sum.Existing++
			continue
		}
		att, ok := snap.Attachment(op.ID, nc.Input.RaisingCountry)
		if !ok {
			return sum, fmt.Errorf("demo case %q: %s is not attached", nc.Input.Title, nc.Input.RaisingCountry)
		}
		tl := newTimeline(op, snap.UnitByID(att.UnitID).Location(), nc.Input.RaidAt)
		if err := addCase(ctx, cs, op, nc, tl); err != nil {
			return sum, fmt.Errorf("demo case %q: %w", nc.Input.Title, err)
		}
		sum.Added++
	}
	if err := threads(ctx, d, cs, us, op); err != nil {
		return sum, fmt.Errorf("demo threads: %w", err)
	}
	if published {
		if sum.Generated, err = loadPublished(ctx, cs, us, op, existing); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func attach(ctx context.Context, us *units.Store, op units.Operation) error {
	var p struct {
		Participants []struct {
			ISO2 string `json:"iso2"`
			Unit string `json:"unit"`
			Mode string `json:"mode"`
		} `json:"participants"`
	}
	if err := json.Unmarshal(participantsJSON, &p); err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	byCode := map[string]int64{}
	all, err := us.Units(ctx)
	if err != nil {
		return err
	}
	for _, u := range all {
		byCode[u.Code] = u.ID
	}
	for _, c := range p.Participants {
		id, ok := byCode[c.Unit]
		if !ok {
			return fmt.Errorf("participant %s: unknown OCU %s", c.ISO2, c.Unit)
		}
		if err := us.Attach(ctx, units.Attachment{OperationID: op.ID, CountryISO2: c.ISO2, UnitID: id, Mode: c.Mode}); err != nil {
			return fmt.Errorf("attach %s: %w", c.ISO2, err)
		}
	}
	return nil
}

func existingTitles(ctx context.Context, d *db.DB, operationID int64) (map[string]bool, error) {
	var titles []string
	err := d.Read.WithContext(ctx).Raw("SELECT title FROM cases WHERE operation_id = ?", operationID).Scan(&titles).Error
	m := make(map[string]bool, len(titles))
	for _, t := range titles {
		m[t] = true
	}
	return m, err
}

// addCase creates a named case and walks it through the workflow to where
// the published reporting leaves it, each step dated by tl within the
// operation week.
func addCase(ctx context.Context, cs *cases.Store, op units.Operation, nc namedCase, tl timeline) error {
	in := nc.Input
	in.Operation = op.Code
	c, err := cs.At(cases.At(tl.raised())).Create(ctx, in)
	if err != nil {
		return err
	}
	for _, cr := range nc.People {
		if _, err := cs.At(cases.At(tl.recorded())).AddPeople(ctx, c.Reference, cr.N, cr.In); err != nil {
			return fmt.Errorf("people: %w", err)
		}
	}
	for _, sz := range nc.Seizures {
		sz.RecordedBy = in.RaisedBy
		if _, err := cs.At(cases.At(tl.seized())).AddSeizure(ctx, c.Reference, sz); err != nil {
			return fmt.Errorf("seizure: %w", err)
		}
	}
	for _, step := range nc.Steps {
		at := tl.screening()
		if step.To == cases.Referred {
			at = tl.referred()
		}
		if c, err = cs.At(cases.At(at)).Transition(ctx, c.Reference, step.To, step.Note, in.RaisedBy, nil); err != nil {
			return fmt.Errorf("move to %s: %w", step.To, err)
		}
	}
	return nil
}
