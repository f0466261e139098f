package cases

import (
	"context"
	"time"
)

// HistoryEntry is one line of a case's history: its creation, or a status
// change. (audit.Entry is a line of the audit trail.)
type HistoryEntry struct {
	ID         int64
	CaseID     int64
	FromStatus Status
	ToStatus   Status
	Actor      string
	Note       string
	At         time.Time
}

func (HistoryEntry) TableName() string { return "case_transitions" }

// History lists a case's creation and status changes, oldest first.
func (s *Store) History(ctx context.Context, caseID int64) ([]HistoryEntry, error) {
	var es []HistoryEntry
	err := s.db.Read.WithContext(ctx).Where("case_id = ?", caseID).Order("id").Find(&es).Error
	return es, err
}
