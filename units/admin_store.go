package units

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Administrators' changes to reference data: which country reports to
// which OCU here, the operations themselves in admin_store_operations.go.
// Each change is audited in the transaction that makes it, and drops the
// cached Snapshot once committed so that the next page, validation or
// sign-in sees it.

// mayAdminister refuses anyone but an administrator or ocu itself. The
// handlers check too; the store checks again because a wrong attachment
// sends an officer's cases to the wrong room.
func mayAdminister(ctx context.Context) error {
	p, ok := ocu.PrincipalFrom(ctx)
	if !ok || !p.MayAdminister() {
		return ocu.Errorf(ocu.Forbidden, "error.admin_only")
	}
	return nil
}

// attachmentView is what the audit trail records of an attachment.
func attachmentView(snap *Snapshot, a Attachment) map[string]any {
	return map[string]any{"country": a.CountryISO2, "unit": snap.UnitByID(a.UnitID).Code, "mode": a.Mode}
}

// SetAttachment makes a country report to an OCU in an operation, taking
// part in the room or online: it attaches a country that was not taking
// part, or moves one. Cases already raised stay with the OCU they were
// raised in; only new ones follow the country.
func (s *Store) SetAttachment(ctx context.Context, operationID int64, iso2, unitCode, mode string) error {
	if err := mayAdminister(ctx); err != nil {
		return err
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return err
	}
	op := snap.OperationByID(operationID)
	if op.ID == 0 {
		return ocu.Errorf(ocu.NotFound, "error.operation_not_found", operationID)
	}
	iso2, unitCode, mode = norm(iso2), norm(unitCode), strings.TrimSpace(mode)
	fe := ocu.FieldErrors{}
	if snap.CountryName(iso2) == "" {
		fe.Add("country", "error.country_unknown", iso2)
	}
	unit, ok := snap.Unit(unitCode)
	switch {
	case unitCode == "":
		fe.Add("unit", "error.required")
	case !ok:
		fe.Add("unit", "error.unit_not_found", unitCode)
	}
	if mode != InPerson && mode != Online {
		fe.Add("mode", "error.attachment_mode", mode)
	}
	if err := fe.Err(); err != nil {
		return err
	}

	after := Attachment{OperationID: op.ID, CountryISO2: iso2, UnitID: unit.ID, Mode: mode}
	changed := false
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var before Attachment
		err := tx.Where("operation_id = ? AND country_iso2 = ?", op.ID, iso2).Take(&before).Error
		found := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if found && before.UnitID == after.UnitID && before.Mode == after.Mode {
			return nil // saving what is there changes nothing, and records nothing
		}
		err = tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "operation_id"}, {Name: "country_iso2"}},
			DoUpdates: clause.AssignmentColumns([]string{"unit_id", "mode"}),
		}).Create(&after).Error
		if err != nil {
			return fmt.Errorf("attach %s in %s: %w", iso2, op.Code, err)
		}
		details := map[string]any{"operation": op.Code, "after": attachmentView(snap, after)}
		if found {
			details["before"] = attachmentView(snap, before)
		}
		changed = true
		return audit.Record(ctx, tx, audit.Entry{Action: "attachment.update",
			Subject: "attachment:" + op.Code + ":" + iso2, Details: details})
	})
	if changed {
		s.invalidate()
	}
	return err
}

// Detach takes a country out of an operation. A country that has raised
// cases or filed daily returns in it keeps its attachment: those records
// name its OCU, and the dashboards count them by it.
func (s *Store) Detach(ctx context.Context, operationID int64, iso2 string) error {
	if err := mayAdminister(ctx); err != nil {
		return err
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return err
	}
	op := snap.OperationByID(operationID)
	if op.ID == 0 {
		return ocu.Errorf(ocu.NotFound, "error.operation_not_found", operationID)
	}
	iso2 = norm(iso2)
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a Attachment
		err := tx.Where("operation_id = ? AND country_iso2 = ?", op.ID, iso2).Take(&a).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.attachment_not_found", iso2)
		}
		if err != nil {
			return err
		}
		var cases, returns int64
		if err := tx.Raw("SELECT COUNT(*) FROM cases WHERE operation_id = ? AND raising_country = ?", op.ID, iso2).Scan(&cases).Error; err != nil {
			return err
		}
		if err := tx.Raw("SELECT COUNT(*) FROM daily_returns WHERE operation_id = ? AND country_iso2 = ?", op.ID, iso2).Scan(&returns).Error; err != nil {
			return err
		}
		if cases > 0 || returns > 0 {
			return ocu.Errorf(ocu.Conflict, "error.detach_has_records", snap.CountryName(iso2), op.Code, cases, returns)
		}
		if err := tx.Where("operation_id = ? AND country_iso2 = ?", op.ID, iso2).Delete(&Attachment{}).Error; err != nil {
			return fmt.Errorf("detach %s from %s: %w", iso2, op.Code, err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "attachment.delete",
			Subject: "attachment:" + op.Code + ":" + iso2,
			Details: map[string]any{"operation": op.Code, "before": attachmentView(snap, a)}})
	})
	if err != nil {
		return err
	}
	s.invalidate()
	return nil
}
