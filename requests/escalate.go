package requests

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/alerts"
)

// Escalate tells both sides' supervisors of every open, unanswered request
// past its deadline, once: the request is marked escalated in the same
// transaction, so running it again (the server's periodic job, the
// command line, two servers at once) escalates nothing twice. It returns
// how many requests it escalated. ocu itself acts.
func (s *Store) Escalate(ctx context.Context) (int, error) {
	ctx = ocu.SystemContext(ctx)
	now := s.now()
	var ids []int64
	if err := s.db.Read.WithContext(ctx).Raw(`SELECT id FROM requests
		WHERE escalated_at IS NULL AND status IN ('sent', 'acknowledged') AND due_at < ? ORDER BY id LIMIT 500`, now).
		Scan(&ids).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		done, err := s.escalate(ctx, id, now)
		if err != nil {
			return n, err
		}
		if done {
			n++
		}
	}
	return n, nil
}

// escalate escalates request id if it still needs it: one short
// transaction each, so a long run never holds the writer.
func (s *Store) escalate(ctx context.Context, id int64, now time.Time) (bool, error) {
	done := false
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE requests SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL
			AND status IN ('sent', 'acknowledged') AND due_at < ?`, now, id, now)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		var r Request
		if err := tx.Raw(requestSelect+` WHERE r.id = ?`, id).Scan(&r).Error; err != nil {
			return err
		}
		if err := tx.Create(&Message{RequestID: id, Side: "ocu", Kind: "escalate", Author: ocu.System.Name(), At: now}).Error; err != nil {
			return err
		}
		if err := s.record(ctx, tx, &r, "request.escalate", map[string]any{"due": r.DueAt.Format(time.RFC3339)}); err != nil {
			return err
		}
		for _, unit := range uniqueUnits(r.FromUnit, r.ToUnit) {
			if err := alerts.Raise(tx, alerts.Alert{OperationID: &r.OperationID, UnitID: alerts.ToUnit(unit), Kind: alerts.RequestOverdue,
				Subject: subject(id), CreatedAt: now, Details: map[string]any{"case": r.CaseRef, "due": r.DueAt.Format("2006-01-02")}}); err != nil {
				return err
			}
		}
		done = true
		return nil
	})
	return done, err
}

func uniqueUnits(a, b int64) []int64 {
	if a == b {
		return []int64{a}
	}
	return []int64{a, b}
}

// RunEscalation escalates overdue requests every interval until ctx ends:
// the server's periodic job. Failures are logged and tried again at the
// next tick.
func (s *Store) RunEscalation(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.Escalate(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			slog.Error("escalating overdue requests", "err", err)
		} else if n > 0 {
			slog.Info("escalated overdue requests", "requests", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
