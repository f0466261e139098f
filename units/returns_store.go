package units

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// FileReturn files a country's return for a day, or corrects the one filed
// already: the replaced figures go to the history, the version goes up and
// filed_by/filed_at name the correction. created says which happened. When
// in.Version is set it must match the stored return (0: none filed yet);
// otherwise the answer is a Conflict carrying the stored Return. Filing the
// very figures already stored changes nothing, so loading the same returns
// twice leaves no trace.
func (s *Store) FileReturn(ctx context.Context, in ReturnInput) (Return, bool, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return Return{}, false, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if err := mayFile(ctx, snap, &in); err != nil {
		return Return{}, false, err
	}
	r, err := validateReturn(snap, &in, now)
	if err != nil {
		return Return{}, false, err
	}
	var created bool
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var changed bool
		if r, created, changed, err = fileReturn(tx, r, in.Version, now); err != nil || !changed {
			return err
		}
		return audit.Record(ctx, tx, returnEntry(r, created))
	})
	if err != nil {
		return Return{}, false, err
	}
	return r, created, nil
}

// FileReturns files many returns by the rules of FileReturn in one
// transaction: all of them, or none. Every input is validated before
// anything is written. An error names the input's position (1-based).
func (s *Store) FileReturns(ctx context.Context, ins []ReturnInput) error {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	rs := make([]Return, len(ins))
	for i := range ins {
		if err := mayFile(ctx, snap, &ins[i]); err != nil {
			return err
		}
		if rs[i], err = validateReturn(snap, &ins[i], now); err != nil {
			return fmt.Errorf("return %d of %d: %w", i+1, len(ins), err)
		}
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i, r := range rs {
			r, created, changed, err := fileReturn(tx, r, ins[i].Version, now)
			if err != nil {
				return fmt.Errorf("return %d of %d: %w", i+1, len(ins), err)
			}
			if changed {
				if err := audit.Record(ctx, tx, returnEntry(r, created)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// returnEntry is the audit entry of a return filed or corrected: its
// figures are counts, not personal data, and are kept as values.
func returnEntry(r Return, created bool) audit.Entry {
	action := "return.correct"
	if created {
		action = "return.file"
	}
	return audit.Entry{Action: action, Subject: "return:" + r.CountryISO2 + ":" + r.Day, Details: audit.Details{
		"version": r.Version, "database_checks": r.DatabaseChecks, "flights_monitored": r.FlightsMonitored,
		"border_points": r.BorderPoints, "officers_deployed": r.OfficersDeployed}}
}

// fileReturn writes one validated return inside tx, reporting whether it
// was created and whether anything changed. The single writer and its
// IMMEDIATE transactions mean nobody can file the same day between the
// read and the write.
func fileReturn(tx *gorm.DB, r Return, expect *int, now time.Time) (Return, bool, bool, error) {
	cur, found, err := findReturn(tx, r.OperationID, r.CountryISO2, r.Day)
	if err != nil {
		return r, false, false, err
	}
	if !found {
		if expect != nil && *expect != 0 {
			return r, false, false, ocu.FieldErrors{"version": ocu.Msg("error.return_version_none", *expect)}.Err()
		}
		r.FiledAt, r.Version = now, 1
		if err := tx.Create(&r).Error; err != nil {
			return r, false, false, fmt.Errorf("insert return: %w", err)
		}
		return r, true, true, nil
	}
	if expect != nil && *expect != cur.Version {
		return r, false, false, &ocu.Error{Kind: ocu.Conflict, Current: cur,
			Message: ocu.Msg("error.return_stale", cur.CountryISO2, cur.Day, cur.Version)}
	}
	if sameFigures(cur, r) {
		return cur, false, false, nil
	}
	rev := ReturnRevision{
		ReturnID: cur.ID, Version: cur.Version,
		DatabaseChecks: cur.DatabaseChecks, FlightsMonitored: cur.FlightsMonitored,
		BorderPoints: cur.BorderPoints, OfficersDeployed: cur.OfficersDeployed,
		FiledBy: cur.FiledBy, FiledAt: cur.FiledAt.UTC(), ReplacedAt: now,
	}
	if err := tx.Create(&rev).Error; err != nil {
		return r, false, false, fmt.Errorf("keep replaced return: %w", err)
	}
	r.ID, r.FiledAt, r.Version = cur.ID, now, cur.Version+1
	if err := tx.Model(&Return{}).Where("id = ?", cur.ID).Updates(map[string]any{
		"database_checks": r.DatabaseChecks, "flights_monitored": r.FlightsMonitored,
		"border_points": r.BorderPoints, "officers_deployed": r.OfficersDeployed,
		"filed_by": r.FiledBy, "filed_at": r.FiledAt, "version": r.Version,
	}).Error; err != nil {
		return r, false, false, fmt.Errorf("correct return: %w", err)
	}
	return r, false, true, nil
}

// findReturn loads the return of a country for a day, if one was filed.
func findReturn(q *gorm.DB, operationID int64, iso2, day string) (Return, bool, error) {
	var r Return
	err := q.Where("operation_id = ? AND country_iso2 = ? AND day = ?", operationID, norm(iso2), day).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, false, nil
	}
	return r, err == nil, err
}

// ReturnAt is the return of a country for a day, found false when none was
// filed yet.
func (s *Store) ReturnAt(ctx context.Context, operationID int64, iso2, day string) (Return, bool, error) {
	return findReturn(s.db.Read.WithContext(ctx), operationID, iso2, day)
}

// Returns lists an operation's returns by country code, then day. unitID 0
// means every OCU; country "" every country.
func (s *Store) Returns(ctx context.Context, operationID int64, unitID int64, country string) ([]Return, error) {
	q := s.db.Read.WithContext(ctx).Table("daily_returns AS r").Select("r.*").Where("r.operation_id = ?", operationID)
	if unitID != 0 {
		q = q.Joins("JOIN attachments a ON a.operation_id = r.operation_id AND a.country_iso2 = r.country_iso2").
			Where("a.unit_id = ?", unitID)
	}
	if country != "" {
		q = q.Where("r.country_iso2 = ?", norm(country))
	}
	var rs []Return
	err := q.Order("r.country_iso2, r.day").Find(&rs).Error
	return rs, err
}

// ReturnHistory lists the figures a return held before each correction,
// newest first.
func (s *Store) ReturnHistory(ctx context.Context, returnID int64) ([]ReturnRevision, error) {
	var revs []ReturnRevision
	err := s.db.Read.WithContext(ctx).Where("return_id = ?", returnID).Order("version DESC, id DESC").Find(&revs).Error
	return revs, err
}
