package units

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Administrators' changes to operations: creating one, renaming it and
// moving its days. Attachments are in admin_store.go.

// operationCode is what case references can carry: LIB2-MNL-0007 is read
// back by splitting on hyphens, so the code has none.
var operationCode = regexp.MustCompile(`^[A-Z0-9]{2,12}$`)

// maxOperationName bounds an operation's name: it heads every page.
const maxOperationName = 100

// checkOperation normalises op and collects every problem with it, keyed
// by form field.
func checkOperation(op *Operation) ocu.FieldErrors {
	op.Code, op.Name = norm(op.Code), strings.TrimSpace(op.Name)
	op.FirstDay, op.LastDay = strings.TrimSpace(op.FirstDay), strings.TrimSpace(op.LastDay)
	fe := ocu.FieldErrors{}
	var e *ocu.Error
	if errors.As(validateOperation(*op), &e) {
		for f, m := range e.Fields {
			fe[f] = m
		}
	}
	if op.Code != "" && !operationCode.MatchString(op.Code) {
		fe.Add("code", "error.operation_code_format")
	}
	if utf8.RuneCountInString(op.Name) > maxOperationName {
		fe.Add("name", "error.too_long", maxOperationName)
	}
	return fe
}

// CreateOperation adds an operation, with no country taking part yet.
func (s *Store) CreateOperation(ctx context.Context, op Operation) (Operation, error) {
	if err := mayAdminister(ctx); err != nil {
		return op, err
	}
	if err := checkOperation(&op).Err(); err != nil {
		return op, err
	}
	op.ID, op.CreatedAt = 0, time.Now().UTC()
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Operation{}).Where("code = ?", op.Code).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"code": ocu.Msg("error.operation_code_taken", op.Code)}}
		}
		if err := tx.Create(&op).Error; err != nil {
			return fmt.Errorf("create operation %s: %w", op.Code, err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "operation.create", Subject: "operation:" + op.Code,
			Details: map[string]any{"after": operationView(op)}})
	})
	if err != nil {
		return op, err
	}
	s.invalidate()
	return op, nil
}

// UpdateOperation renames an operation or moves its days. The code stays:
// every case reference carries it. Days may not move so that a recorded
// case or daily return would fall outside them.
func (s *Store) UpdateOperation(ctx context.Context, code, name, firstDay, lastDay string) (Operation, error) {
	if err := mayAdminister(ctx); err != nil {
		return Operation{}, err
	}
	in := Operation{Code: code, Name: name, FirstDay: firstDay, LastDay: lastDay}
	if err := checkOperation(&in).Err(); err != nil {
		return in, err
	}
	var out Operation
	changed := false
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var before Operation
		err := tx.Where("code = ?", in.Code).Take(&before).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.operation_not_found", in.Code)
		}
		if err != nil {
			return err
		}
		out = before
		out.Name, out.FirstDay, out.LastDay = in.Name, in.FirstDay, in.LastDay
		if out == before {
			return nil
		}
		if out.HasFollowUp() && out.LastDay >= out.FollowUpUntil {
			return ocu.FieldErrors{"last_day": ocu.Msg("error.last_day_after_followup", out.FollowUpUntil)}.Err()
		}
		if err := keepsRecordsInside(tx, out, before.LastDay); err != nil {
			return err
		}
		if err := tx.Model(&Operation{}).Where("id = ?", out.ID).Updates(map[string]any{
			"name": out.Name, "first_day": out.FirstDay, "last_day": out.LastDay}).Error; err != nil {
			return fmt.Errorf("update operation %s: %w", out.Code, err)
		}
		changed = true
		return audit.Record(ctx, tx, audit.Entry{Action: "operation.update", Subject: "operation:" + out.Code,
			Details: map[string]any{"before": operationView(before), "after": operationView(out)}})
	})
	if err != nil {
		return in, err
	}
	if changed {
		s.invalidate()
	}
	return out, nil
}

func operationView(op Operation) map[string]any {
	return map[string]any{"code": op.Code, "name": op.Name, "first_day": op.FirstDay, "last_day": op.LastDay}
}

// keepsRecordsInside refuses days that would leave a case's raid or a
// daily return outside the operation. Both are dated in their OCU's time
// zone (raid_day, day), as the operation's days are, so the comparison is
// of calendar dates. A case whose raid_day is not yet filled in (before its
// back-fill) cannot be checked and is skipped.
func keepsRecordsInside(tx *gorm.DB, op Operation, formerLastDay string) error {
	type edge struct {
		N   int64
		Day *string
	}
	// cmp and agg are one of the two fixed pairs below, never input: only
	// the day is bound.
	count := func(cmp, agg, day string) (cases, returns edge, err error) {
		q := "SELECT COUNT(*) AS n, " + agg + "(raid_day) AS day FROM cases WHERE operation_id = ? AND raid_day != '' AND raid_day " + cmp + " ?"
		args := []any{op.ID, day}
		if cmp == ">" && op.HasFollowUp() {
			// Follow-up cases (after the former last day, within the
			// follow-up period: followup.go) stay follow-up cases; a week
			// case after the new last day would silently become one.
			q += " AND (raid_day <= ? OR raid_day > ?)"
			args = append(args, formerLastDay, op.FollowUpUntil)
		}
		err = tx.Raw(q, args...).Scan(&cases).Error
		if err == nil {
			err = tx.Raw("SELECT COUNT(*) AS n, "+agg+"(day) AS day FROM daily_returns WHERE operation_id = ? AND day "+cmp+" ?",
				op.ID, day).Scan(&returns).Error
		}
		return cases, returns, err
	}
	fe := ocu.FieldErrors{}
	bc, br, err := count("<", "MIN", op.FirstDay)
	if err != nil {
		return err
	}
	if bc.N+br.N > 0 {
		fe.Add("first_day", "error.operation_first_day_strands", bc.N, br.N, op.FirstDay, earliest(bc.Day, br.Day))
	}
	ac, ar, err := count(">", "MAX", op.LastDay)
	if err != nil {
		return err
	}
	if ac.N+ar.N > 0 {
		fe.Add("last_day", "error.operation_last_day_strands", ac.N, ar.N, op.LastDay, latest(ac.Day, ar.Day))
	}
	if op.HasFollowUp() && op.LastDay > formerLastDay {
		// A later last day would make follow-up cases week cases.
		var fu int64
		if err := tx.Raw("SELECT COUNT(*) FROM cases WHERE operation_id = ? AND raid_day > ? AND raid_day <= ?",
			op.ID, formerLastDay, op.LastDay).Scan(&fu).Error; err != nil {
			return err
		}
		if fu > 0 {
			fe.Add("last_day", "error.last_day_takes_followup", fu, formerLastDay)
		}
	}
	if len(fe) == 0 {
		return nil
	}
	return &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.operation_strands_records"), Fields: fe}
}

func earliest(a, b *string) string {
	switch {
	case a == nil:
		return deref(b)
	case b == nil || *a < *b:
		return *a
	}
	return *b
}

func latest(a, b *string) string {
	switch {
	case a == nil:
		return deref(b)
	case b == nil || *a > *b:
		return *a
	}
	return *b
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
