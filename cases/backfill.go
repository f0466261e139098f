package cases

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Backfill fills what a migration could not compute in SQL: the raid day,
// which needs each OCU's time-zone rules. It touches only rows that lack it,
// so it costs nothing once done.
func (s *Store) Backfill(ctx context.Context) error {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return err
	}
	var rows []struct {
		ID     int64
		UnitID int64
		RaidAt time.Time
	}
	if err := s.db.Read.WithContext(ctx).Raw("SELECT id, unit_id, raid_at FROM cases WHERE raid_day = ''").Scan(&rows).Error; err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, r := range rows {
			day := r.RaidAt.In(snap.UnitByID(r.UnitID).Location()).Format(time.DateOnly)
			if err := tx.Exec("UPDATE cases SET raid_day = ? WHERE id = ?", day, r.ID).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
