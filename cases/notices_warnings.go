package cases

import (
	"context"

	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// Warnings gives the alerts page the operation's notices (the alerts
// package cannot import cases, which raises alerts).
type Warnings struct {
	Store *Store
	Units *units.Store
}

// OperationWarnings are the notices on operation code as the alerts page
// shows them; none for an unknown operation.
func (w Warnings) OperationWarnings(ctx context.Context, code string) ([]views.NoticeRow, error) {
	r, err := loadSnapshot(ctx, w.Units)
	if err != nil {
		return nil, err
	}
	op, ok := r.Operation(code)
	if !ok {
		return nil, nil
	}
	list, err := w.Store.OperationNotices(ctx, op.ID)
	if err != nil {
		return nil, err
	}
	out := make([]views.NoticeRow, 0, len(list))
	for _, n := range list {
		out = append(out, noticeRow(ctx, r, n, nil))
	}
	return out, nil
}
