package cases

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Share lets another OCU read a case (a Dakar case with suspects in the
// United Kingdom, say). Only a supervisor of the case's own OCU may share
// it; every share and unshare goes into the audit trail.
func (s *Store) Share(ctx context.Context, reference, unitCode string) error {
	return s.setShare(ctx, reference, unitCode, true)
}

// Unshare stops another OCU reading a case.
func (s *Store) Unshare(ctx context.Context, reference, unitCode string) error {
	return s.setShare(ctx, reference, unitCode, false)
}

func (s *Store) setShare(ctx context.Context, reference, unitCode string, share bool) error {
	p := principal(ctx)
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return err
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seeable(tx, p, reference)
		if err != nil {
			return err
		}
		if !p.MaySupervise(c.UnitID) {
			return ocu.Errorf(ocu.Forbidden, "error.share_supervisors")
		}
		u, ok := snap.Unit(unitCode)
		if !ok {
			return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"unit": ocu.Msg("error.unit_not_found", unitCode)}}
		}
		if u.ID == c.UnitID {
			return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"unit": ocu.Msg("error.share_own_unit")}}
		}
		action := "case.share"
		if share {
			err = tx.Exec(
				"INSERT INTO case_shares (case_id, unit_id, shared_by, shared_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				c.ID, u.ID, p.Name(), s.now()).Error
		} else {
			action = "case.unshare"
			err = tx.Exec("DELETE FROM case_shares WHERE case_id = ? AND unit_id = ?", c.ID, u.ID).Error
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "case:" + c.Reference,
			Details: map[string]any{"unit": u.Code}})
	})
}

// SharedWith lists the codes of the OCUs a case is shared with.
func (s *Store) SharedWith(ctx context.Context, c *Case) ([]string, error) {
	var codes []string
	err := s.db.Read.WithContext(ctx).Raw(`SELECT u.code FROM case_shares cs JOIN units u ON u.id = cs.unit_id
		WHERE cs.case_id = ? ORDER BY u.id`, c.ID).Scan(&codes).Error
	return codes, err
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
