package alerts

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
)

// Store reads the alerts told to the context's principal and keeps which
// of them each user has seen.
type Store struct{ DB *db.DB }

// Listed is an alert as its reader sees it: whether they have read it.
type Listed struct {
	Alert
	Unit string // the OCU told, by code; "" when only a country was
	New  bool
}

// maxListed bounds the alerts page: the newest first, enough for an
// operation's week.
const maxListed = 200

// List returns the alerts told to p, newest first (at most maxListed).
func (s *Store) List(ctx context.Context, p ocu.Principal) ([]Listed, error) {
	cond, args := p.AlertsSQL("a")
	var rows []struct {
		ID          int64
		OperationID *int64
		UnitID      *int64
		Unit        string
		Country     *string
		Kind        string
		Subject     string
		Details     string
		CreatedAt   time.Time
		Seen        bool
	}
	err := s.DB.Read.WithContext(ctx).Raw(`SELECT a.id, a.operation_id, a.unit_id, COALESCE(u.code, '') AS unit,
		a.country_iso2 AS country, a.kind, a.subject, a.details, a.created_at,
		EXISTS (SELECT 1 FROM alert_reads r WHERE r.user_id = ? AND r.alert_id = a.id) AS seen
		FROM alerts a LEFT JOIN units u ON u.id = a.unit_id
		WHERE `+cond+` ORDER BY a.id DESC LIMIT ?`, append(append([]any{p.UserID}, args...), maxListed)...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]Listed, 0, len(rows))
	for _, r := range rows {
		l := Listed{Alert: Alert{ID: r.ID, OperationID: r.OperationID, UnitID: r.UnitID, Country: r.Country, Kind: r.Kind,
			Subject: r.Subject, CreatedAt: r.CreatedAt}, Unit: r.Unit, New: !r.Seen}
		// Details are written by Raise from a map: a row that does not
		// decode shows without them rather than hiding the alert.
		_ = json.Unmarshal([]byte(r.Details), &l.Details)
		out = append(out, l)
	}
	return out, nil
}

// Unread counts the alerts told to p that p has not marked read. A
// principal without an account (ocu itself) has none.
func (s *Store) Unread(ctx context.Context, p ocu.Principal) (int, error) {
	if p.UserID == 0 {
		return 0, nil
	}
	cond, args := p.AlertsSQL("a")
	var n int
	err := s.DB.Read.WithContext(ctx).Raw(`SELECT COUNT(*) FROM alerts a WHERE `+cond+`
		AND NOT EXISTS (SELECT 1 FROM alert_reads r WHERE r.user_id = ? AND r.alert_id = a.id)`,
		append(args, p.UserID)...).Scan(&n).Error
	return n, err
}

// MarkRead marks every alert told to p up to and including upTo (the
// newest one p was shown, so that one arriving meanwhile stays new) as
// read by p. It returns how many were newly marked.
func (s *Store) MarkRead(ctx context.Context, p ocu.Principal, upTo int64) (int64, error) {
	if p.UserID == 0 {
		return 0, ocu.Errorf(ocu.Forbidden, "error.alerts_no_account")
	}
	cond, args := p.AlertsSQL("a")
	res := s.DB.Write.WithContext(ctx).Exec(`INSERT INTO alert_reads (alert_id, user_id, read_at)
		SELECT a.id, ?, ? FROM alerts a WHERE `+cond+` AND a.id <= ? ON CONFLICT DO NOTHING`,
		append(append([]any{p.UserID, time.Now().UTC()}, args...), upTo)...)
	return res.RowsAffected, res.Error
}
