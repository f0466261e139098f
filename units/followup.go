package units

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// An operation has its operational days (FirstDay to LastDay) and may have
// a follow-up period after them, up to FollowUpUntil: cases keep moving
// (later arrests, prosecutions), and follow-up cases may be raised, their
// raid within the period. Results of the week and of the follow-up are
// counted apart (reports).

// HasFollowUp reports whether the operation has a follow-up period.
func (o Operation) HasFollowUp() bool { return o.FollowUpUntil != "" }

// FollowUpSpan returns the instants of the follow-up period in loc: from
// midnight after the last operational day to midnight after FollowUpUntil.
// ok is false when the operation has no follow-up period.
func (o Operation) FollowUpSpan(loc *time.Location) (from, until time.Time, ok bool) {
	if !o.HasFollowUp() {
		return time.Time{}, time.Time{}, false
	}
	_, from = o.Span(loc)
	end, err := time.ParseInLocation(time.DateOnly, o.FollowUpUntil, loc)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	return from, end.AddDate(0, 0, 1), true
}

// IsFollowUpDay reports whether a calendar day (a case's raid_day, in its
// OCU's zone) falls in the follow-up period rather than the week.
func (o Operation) IsFollowUpDay(day string) bool {
	return o.HasFollowUp() && day > o.LastDay && day <= o.FollowUpUntil
}

// checkFollowUp says what is wrong with until as the end of op's follow-up
// period ("" removes the period).
func checkFollowUp(op Operation, until string) ocu.FieldErrors {
	fe := ocu.FieldErrors{}
	if until == "" {
		return fe
	}
	if _, err := time.Parse(time.DateOnly, until); err != nil {
		fe.Add("followup_until", "error.date_format")
	} else if until <= op.LastDay {
		fe.Add("followup_until", "error.followup_before_end", op.LastDay)
	}
	return fe
}

// SetFollowUp sets the last day of an operation's follow-up period, or
// removes the period with "". An administrator's act, audited. A period may
// not end before a follow-up case already raised in it.
func (s *Store) SetFollowUp(ctx context.Context, code, until string) (Operation, error) {
	if err := mayAdminister(ctx); err != nil {
		return Operation{}, err
	}
	until = strings.TrimSpace(until)
	var out Operation
	changed := false
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Where("code = ?", norm(code)).Take(&out).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.operation_not_found", code)
		}
		if err != nil {
			return err
		}
		if fe := checkFollowUp(out, until); len(fe) > 0 {
			return fe.Err()
		}
		if out.FollowUpUntil == until {
			return nil
		}
		// Follow-up cases after the new end would be stranded.
		var later struct {
			N   int64
			Day *string
		}
		bound := until
		if bound == "" {
			bound = out.LastDay
		}
		if err := tx.Raw("SELECT COUNT(*) AS n, MAX(raid_day) AS day FROM cases WHERE operation_id = ? AND raid_day > ?",
			out.ID, bound).Scan(&later).Error; err != nil {
			return err
		}
		if later.N > 0 {
			return &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.operation_strands_records"),
				Fields: ocu.FieldErrors{"followup_until": ocu.Msg("error.followup_strands", later.N, deref(later.Day))}}
		}
		before := out.FollowUpUntil
		if err := tx.Model(&Operation{}).Where("id = ?", out.ID).Update("followup_until", until).Error; err != nil {
			return fmt.Errorf("follow-up of %s: %w", out.Code, err)
		}
		out.FollowUpUntil, changed = until, true
		return audit.Record(ctx, tx, audit.Entry{Action: "operation.followup", Subject: "operation:" + out.Code,
			Details: map[string]any{"before": map[string]any{"followup_until": before}, "after": map[string]any{"followup_until": until}}})
	})
	if err != nil {
		return out, err
	}
	if changed {
		s.invalidate()
	}
	return out, nil
}
