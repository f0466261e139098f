package alerts

import (
	"context"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/work"
)

// WorkSource is the alerts' part of each user's queue: the alerts told to
// them that they have not read, as one item (the alerts page lists them).
func (s *Store) WorkSource() work.Source {
	return work.SourceFunc(func(ctx context.Context) ([]work.Item, error) {
		p, _ := ocu.PrincipalFrom(ctx)
		n, err := s.Unread(ctx, p)
		if err != nil || n == 0 {
			return nil, err
		}
		return []work.Item{{Kind: work.AlertUnread, Title: views.TN(ctx, "work.alerts_unread", int64(n), n),
			Href: "/alerts", Count: n}}, nil
	})
}
