package cases

import (
	"context"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// A case's partner countries work it jointly with the raising country (the
// Chile–Paraguay case): their officers read it, whichever OCU they belong
// to, and contribute people, screening, arrests, charges and seizures, as
// the raising country's officers do (access.go: CaseScope, MayContribute).
// They do not edit its details or move its status, and do not add
// partners or links: the raising country stays answerable for the case.
// Who chooses partners: the OCU's supervisors and the raising country's
// officers (MayLinkCase). Every change goes into the audit trail under the
// case's subject, so it is on the case's timeline too.

// partnersOf lists the partner countries of a case, by code.
func partnersOf(q *gorm.DB, caseID int64) ([]string, error) {
	out := []string{}
	err := q.Raw("SELECT country_iso2 FROM case_partners WHERE case_id = ? ORDER BY country_iso2", caseID).Scan(&out).Error
	return out, err
}

// Partners lists the partner countries of c.
func (s *Store) Partners(ctx context.Context, c *Case) ([]string, error) {
	return partnersOf(s.db.Read.WithContext(ctx), c.ID)
}

// AddPartner makes country a partner of the case: its officers then see
// and contribute to it.
func (s *Store) AddPartner(ctx context.Context, reference, country string) error {
	return s.setPartner(ctx, reference, country, true)
}

// RemovePartner ends country's partnership in the case.
func (s *Store) RemovePartner(ctx context.Context, reference, country string) error {
	return s.setPartner(ctx, reference, country, false)
}

func (s *Store) setPartner(ctx context.Context, reference, country string, add bool) error {
	p := principal(ctx)
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return err
	}
	country = upper(country)
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seeable(tx, p, reference)
		if err != nil {
			return err
		}
		if !p.MayLinkCase(c.UnitID, c.RaisingCountry) {
			return ocu.Errorf(ocu.Forbidden, "error.partner_who")
		}
		bad := func(key string, args ...any) error {
			return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"country": ocu.Msg(key, args...)}}
		}
		action := "case.partner_add"
		var res *gorm.DB
		if add {
			switch {
			case country == "":
				return bad("error.partner_country_missing")
			case snap.CountryName(country) == "":
				return bad("error.country_unknown", country)
			case country == c.RaisingCountry:
				return bad("error.partner_raising", country)
			}
			if _, ok := snap.Attachment(c.OperationID, country); !ok {
				return bad("error.country_not_participating", snap.CountryName(country), snap.OperationByID(c.OperationID).Code)
			}
			res = tx.Exec(`INSERT INTO case_partners (case_id, country_iso2, added_by, added_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, c.ID, country, p.Name(), s.now())
		} else {
			action = "case.partner_remove"
			res = tx.Exec("DELETE FROM case_partners WHERE case_id = ? AND country_iso2 = ?", c.ID, country)
		}
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil // already so: nothing happened, nothing to record
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "case:" + c.Reference,
			Details: map[string]any{"country": country}})
	})
}
