package cases

import (
	"context"
	"errors"
	"strconv"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// OperationNotices lists the notices recorded on operation operationID,
// newest first: the warnings every signed-in user is shown. A Yellow
// Notice's document number is not among what is shown (DocumentNumber is
// blanked): ocu looks for it among potential victims and tells the
// issuing country.
func (s *Store) OperationNotices(ctx context.Context, operationID int64) ([]Notice, error) {
	var out []Notice
	err := s.db.Read.WithContext(ctx).Where("operation_id = ? AND person_id IS NULL", operationID).Order("id DESC").Find(&out).Error
	for i := range out {
		out[i].DocumentNumber = blankIfSet(out[i].DocumentNumber)
	}
	return out, err
}

// blankIfSet keeps only whether a value was recorded: "*" or "".
func blankIfSet(v string) string {
	if v == "" {
		return ""
	}
	return "*"
}

// AddOperationNotice records a notice on the operation code, for every
// user to see; a Yellow Notice with a document number is matched at once
// against every potential victim's documents.
func (s *Store) AddOperationNotice(ctx context.Context, code string, in NoticeInput) (*Notice, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	who := principal(ctx)
	if !who.MayIssueOperationAlerts() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.operation_notice_forbidden")
	}
	op, ok := snap.Operation(code)
	if !ok {
		return nil, ocu.Errorf(ocu.NotFound, "error.operation_not_found", code)
	}
	var n Notice
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if n, err = validateNotice(snap, &in, true); err != nil {
			return err
		}
		var dup int64
		if err := tx.Model(&Notice{}).Where("operation_id = ? AND person_id IS NULL AND colour = ? AND control_number = ?",
			op.ID, n.Colour, n.ControlNumber).Count(&dup).Error; err != nil {
			return err
		}
		if dup > 0 {
			return ocu.Refused("control_number", ocu.Msg("error.notice_duplicate"))
		}
		n.OperationID, n.AddedBy, n.CreatedAt = op.ID, who.Name(), s.now()
		if err := tx.Create(&n).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "notice.add", Subject: "operation:" + op.Code,
			Details: map[string]any{"notice": n.ID, "colour": n.Colour, "issuing_country": n.IssuingCountry,
				"document_number": n.DocumentNumber != ""}}); err != nil {
			return err
		}
		return s.matchYellowForNotice(tx, snap, n)
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// DeleteOperationNotice removes notice id from the operation code.
func (s *Store) DeleteOperationNotice(ctx context.Context, code string, id int64) error {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return err
	}
	if !principal(ctx).MayIssueOperationAlerts() {
		return ocu.Errorf(ocu.Forbidden, "error.operation_notice_forbidden")
	}
	op, ok := snap.Operation(code)
	if !ok {
		return ocu.Errorf(ocu.NotFound, "error.operation_not_found", code)
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n Notice
		err := tx.Where("id = ? AND operation_id = ? AND person_id IS NULL", id, op.ID).Take(&n).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.notice_not_found", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(&Notice{}, n.ID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "notice.delete", Subject: "operation:" + op.Code,
			Details: map[string]any{"notice": n.ID, "colour": n.Colour}})
	})
}
