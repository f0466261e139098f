package cases

import (
	"context"
	"strconv"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/work"
)

// TransferWork is the transfers' part of My work: cases other OCUs
// propose to move to the reader's OCU, for its supervisors to decide.
func TransferWork(s *Store) work.Source {
	return work.SourceFunc(func(ctx context.Context) ([]work.Item, error) {
		p := principal(ctx)
		if p.Role != ocu.RoleSupervisor {
			return nil, nil
		}
		var list []Transfer
		if err := s.db.Read.WithContext(ctx).Raw(transferSelect+` WHERE t.to_unit = ? AND t.status = 'proposed' ORDER BY t.id DESC LIMIT 100`,
			p.UnitID).Scan(&list).Error; err != nil {
			return nil, err
		}
		out := make([]work.Item, 0, len(list))
		for _, t := range list {
			out = append(out, work.Item{Kind: work.TransferToDecide, Href: "/transfers/" + strconv.FormatInt(t.ID, 10), Count: 1,
				At: t.CreatedAt, Title: views.T(ctx, "transfers.work", t.CaseRef, t.FromCode)})
		}
		return out, nil
	})
}
