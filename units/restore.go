package units

import (
	"context"
	"fmt"
	"iter"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// RestoreReturn is an exported daily return, restored as it was.
type RestoreReturn struct {
	Line    int
	Input   ReturnInput
	FiledAt time.Time
	Version int
}

// RestoreAttachment is an exported attachment.
type RestoreAttachment struct {
	Line    int
	Country string
	Unit    string
	Mode    string
}

// RestoreTx puts back, inside the importer's transaction, an exported
// operation, its attachments and its daily returns, reading attachments
// and returns one at a time. An operation already present must have the
// same days; an attachment already present must name the same OCU; a
// return already present is refused. It returns the snapshot to validate
// the rest of the import against: the current one plus what was restored.
func (s *Store) RestoreTx(ctx context.Context, tx *gorm.DB, op Operation, atts iter.Seq2[RestoreAttachment, error], rets iter.Seq2[RestoreReturn, error]) (*Snapshot, error) {
	p, _ := ocu.PrincipalFrom(ctx)
	if !p.MayImport() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.import_not_allowed")
	}
	if err := validateOperation(op); err != nil {
		return nil, fieldErrors("operation.csv", 2, err)
	}
	// The code as the administrators' page requires it: references carry it.
	if !operationCode.MatchString(op.Code) {
		return nil, importError("operation.csv", 2, "code", "error.operation_code_format")
	}
	var stored Operation
	switch err := tx.Where("code = ?", op.Code).Take(&stored).Error; {
	case err == gorm.ErrRecordNotFound:
		// A new operation is reference data: an administrator's to
		// create (ocu itself restoring a whole export), never a
		// supervisor's import.
		if !p.MayAdminister() {
			return nil, ocu.Errorf(ocu.Forbidden, "error.import_new_operation", op.Code)
		}
		op.CreatedAt = time.Now().UTC()
		if err := tx.Create(&op).Error; err != nil {
			return nil, err
		}
		stored = op
	case err != nil:
		return nil, err
	case stored.FirstDay != op.FirstDay || stored.LastDay != op.LastDay:
		return nil, importError("operation.csv", 2, "first_day", "error.import_operation_days", op.Code, stored.FirstDay, stored.LastDay)
	}
	units := map[string]Unit{}
	var us []Unit
	if err := tx.Find(&us).Error; err != nil {
		return nil, err
	}
	for _, u := range us {
		units[u.Code] = u
	}
	for a, err := range atts {
		if err != nil {
			return nil, err
		}
		u, ok := units[norm(a.Unit)]
		if !ok {
			return nil, importError("attachments.csv", a.Line, "unit", "error.unit_not_found", a.Unit)
		}
		if a.Mode != InPerson && a.Mode != Online {
			return nil, importError("attachments.csv", a.Line, "mode", "error.attachment_mode", a.Mode)
		}
		var cur Attachment
		err := tx.Where("operation_id = ? AND country_iso2 = ?", stored.ID, norm(a.Country)).Take(&cur).Error
		switch {
		case err == gorm.ErrRecordNotFound && !p.MayAdminister():
			return nil, importError("attachments.csv", a.Line, "country", "error.import_attachment_missing", a.Country)
		case err == gorm.ErrRecordNotFound:
			var n int64
			tx.Model(&Country{}).Where("iso2 = ?", norm(a.Country)).Count(&n)
			if n == 0 {
				return nil, importError("attachments.csv", a.Line, "country", "error.country_unknown", a.Country)
			}
			if err := tx.Create(&Attachment{OperationID: stored.ID, CountryISO2: norm(a.Country), UnitID: u.ID, Mode: a.Mode}).Error; err != nil {
				return nil, err
			}
		case err != nil:
			return nil, err
		case cur.UnitID != u.ID:
			return nil, importError("attachments.csv", a.Line, "unit", "error.import_attachment_differs", a.Country, a.Unit)
		}
	}
	// The rest of the import is checked against what is now in the
	// transaction, not the cached snapshot.
	snap, err := s.snapshotFrom(tx)
	if err != nil {
		return nil, err
	}
	for rr, err := range rets {
		if err != nil {
			return nil, err
		}
		in := rr.Input
		r, err := validateReturn(snap, &in, rr.FiledAt.Add(48*time.Hour))
		if err != nil {
			return nil, fieldErrors("returns.csv", rr.Line, err)
		}
		// Validation has found the country attached in the operation.
		if a, _ := snap.Attachment(r.OperationID, r.CountryISO2); !p.MayImportFor(a.UnitID) {
			return nil, importError("returns.csv", rr.Line, "country", "error.return_own_unit")
		}
		r.FiledBy, r.FiledAt, r.Version = in.FiledBy, rr.FiledAt, rr.Version
		if _, found, err := findReturn(tx, r.OperationID, r.CountryISO2, r.Day); err != nil {
			return nil, err
		} else if found {
			return nil, importError("returns.csv", rr.Line, "day", "error.import_exists", r.CountryISO2+" "+r.Day)
		}
		if err := tx.Create(&r).Error; err != nil {
			return nil, err
		}
	}
	return snap, nil
}

// Invalidate drops the cached snapshot after an import committed.
func (s *Store) Invalidate() { s.invalidate() }

func importError(file string, line int, field, key string, args ...any) error {
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"),
		Fields: map[string]ocu.Message{fmt.Sprintf("%s:%d:%s", file, line, field): ocu.Msg(key, args...)}}
}

func fieldErrors(file string, line int, err error) error {
	e, ok := err.(*ocu.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"), Fields: map[string]ocu.Message{}}
	for f, m := range e.Fields {
		out.Fields[fmt.Sprintf("%s:%d:%s", file, line, f)] = m
	}
	return out
}
