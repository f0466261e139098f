package cases

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/units"
)

// Create validates in and stores a new case in status raid, with the next
// reference of its operation and OCU, in one short transaction. The single
// writer and the IMMEDIATE transaction make the reservation atomic, so
// concurrent creations queue and each gets the next number.
func (s *Store) Create(ctx context.Context, in Input) (*Case, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	c, err := newCase(snap, principal(ctx), &in, s.now())
	if err != nil {
		return nil, err
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		seq, err := reserveReferences(tx, c.OperationID, c.UnitID, 1)
		if err != nil {
			return err
		}
		number(snap, c, seq)
		if err := insertCases(tx, []*Case{c}, []Input{in}); err != nil {
			return err
		}
		typed := in
		typed.Found = Found{} // recorded as the people.add that follows
		if err := audit.Record(ctx, tx, audit.Entry{Action: "case.create", Subject: "case:" + c.Reference,
			Details: audit.Changed(nil, typed, auditCaseValues...)}); err != nil {
			return err
		}
		return addFound(ctx, tx, snap, c, in.Found.groups(ocu.FieldErrors{}), c.CreatedAt)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newCase checks that p may raise the case in describes and that it passes
// every rule, and returns it ready to number and insert. It reads no
// database.
func newCase(snap *units.Snapshot, p ocu.Principal, in *Input, now time.Time) (*Case, error) {
	if !p.MayRaiseCases() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.cannot_raise")
	}
	if p.ActsInOwnName() {
		// A signed-in officer raises the case: the name is theirs, not
		// typed.
		in.RaisedBy = p.Name()
	}
	r, err := validate(snap, in, now)
	if err == nil {
		err = mayRaise(p, in, r)
	}
	if err != nil {
		return nil, err
	}
	return &Case{
		OperationID: r.op.ID, UnitID: r.unit.ID, RaisingCountry: in.RaisingCountry,
		Title: in.Title, Summary: in.Summary, Place: in.Place, CountryISO2: in.Country,
		RaidAt: r.raidAt, RaidDay: r.raidAt.In(r.unit.Location()).Format(time.DateOnly),
		Status: Raid, RaisedBy: in.RaisedBy, Version: 1,
		CreatedAt: now, UpdatedAt: now, Forms: formsOf(*in),
	}, nil
}

// mayRaise applies the raising rules (ocu.Principal.MayRaiseFor) and says
// which one a refusal broke: an officer raises cases for their own country,
// anyone else for a country of their own OCU.
func mayRaise(p ocu.Principal, in *Input, r resolved) error {
	if p.MayRaiseFor(in.RaisingCountry, r.unit.ID) {
		return nil
	}
	if !p.MayRaiseFor(in.RaisingCountry, p.UnitID) {
		// Refused even in their own OCU: the country is not theirs.
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"raising_country": ocu.Msg("error.raise_own_country", p.Country)}}
	}
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
		Fields: map[string]ocu.Message{"raising_country": ocu.Msg("error.raise_own_unit")}}
}

// insertCases inserts numbered cases, each with the forms, linked
// countries of its input in ins and the first line of its history, a few
// hundred rows a statement (one case is four statements; a bulk load's
// thousands share them).
func insertCases(tx *gorm.DB, cs []*Case, ins []Input) error {
	if err := tx.CreateInBatches(cs, 200).Error; err != nil {
		return fmt.Errorf("insert cases: %w", err)
	}
	var forms []caseForm
	var links []LinkedCountry
	history := make([]HistoryEntry, len(cs))
	for i, c := range cs {
		for _, f := range c.Forms {
			forms = append(forms, caseForm{CaseID: c.ID, OperationID: c.OperationID, UnitID: c.UnitID, Form: f})
		}
		c.Links = linksOf(c.ID, ins[i])
		links = append(links, c.Links...)
		history[i] = HistoryEntry{CaseID: c.ID, ToStatus: Raid, Actor: c.RaisedBy, At: c.CreatedAt}
	}
	if err := insertDetails(tx, forms, links); err != nil {
		return err
	}
	if err := tx.CreateInBatches(history, 500).Error; err != nil {
		return fmt.Errorf("insert history: %w", err)
	}
	return nil
}

// insertDetails inserts rows of case_forms and case_countries.
func insertDetails(tx *gorm.DB, forms []caseForm, links []LinkedCountry) error {
	if len(forms) > 0 {
		if err := tx.CreateInBatches(forms, 500).Error; err != nil {
			return fmt.Errorf("insert forms: %w", err)
		}
	}
	if len(links) > 0 {
		if err := tx.CreateInBatches(links, 500).Error; err != nil {
			return fmt.Errorf("insert linked countries: %w", err)
		}
	}
	return nil
}
