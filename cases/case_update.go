package cases

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Update saves an edit made on the copy at version. A save on a stale copy
// is refused with the newer case attached, never applied over it. The
// operation, OCU and raising country are fixed at creation (the reference
// depends on them), and so is who raised it.
func (s *Store) Update(ctx context.Context, reference string, version int, in Input) (*Case, error) {
	cur, err := s.Get(ctx, reference)
	if err != nil {
		return nil, err
	}
	if p := principal(ctx); !p.MayChangeCase(cur.UnitID, cur.RaisingCountry) {
		return nil, readOnly(p, cur)
	}
	if cur.Status == Closed {
		return nil, ocu.Errorf(ocu.Conflict, "error.case_closed", cur.Reference)
	}
	if version != cur.Version {
		return nil, staleError(cur)
	}
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	in.Operation, in.Unit = snap.OperationByID(cur.OperationID).Code, snap.UnitByID(cur.UnitID).Code
	in.RaisingCountry, in.RaisedBy = cur.RaisingCountry, cur.RaisedBy
	r, err := validate(snap, &in, s.now())
	if err != nil {
		return nil, err
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Case{}).Where("id = ? AND version = ?", cur.ID, version).Updates(map[string]any{
			"title": in.Title, "summary": in.Summary, "place": in.Place, "country_iso2": in.Country,
			"raid_at": r.raidAt, "raid_day": r.raidAt.In(r.unit.Location()).Format(time.DateOnly),
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errStale
		}
		if err := writeDetails(tx, cur, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "case.update", Subject: "case:" + cur.Reference,
			Details: audit.Changed(InputFrom(cur, in.Operation, in.Unit, r.unit.Location()), in, auditCaseValues...)})
	})
	if errors.Is(err, errStale) {
		if newer, gerr := s.Get(ctx, reference); gerr == nil {
			return nil, staleError(newer)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, reference)
}

// writeDetails replaces a case's forms and linked countries.
func writeDetails(tx *gorm.DB, c *Case, in Input) error {
	if err := tx.Exec("DELETE FROM case_forms WHERE case_id = ?", c.ID).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM case_countries WHERE case_id = ?", c.ID).Error; err != nil {
		return err
	}
	var forms []caseForm
	for _, f := range formsOf(in) {
		forms = append(forms, caseForm{CaseID: c.ID, OperationID: c.OperationID, UnitID: c.UnitID, Form: f})
	}
	return insertDetails(tx, forms, linksOf(c.ID, in))
}

var errStale = errors.New("stale version")

func staleError(newer *Case) error {
	return &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.stale", newer.Reference, newer.Version), Current: newer}
}
