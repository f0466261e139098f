package requests

import (
	"context"
	"strconv"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/work"
)

// WorkSource is the requests' part of My work: requests sent to the
// reader's side still to answer (overdue ones marked), requests their side
// sent that were answered and wait to be closed, and, for supervisors,
// every open request of their OCU past its deadline.
func WorkSource(s *Store) work.Source {
	return work.SourceFunc(s.waiting)
}

func (s *Store) waiting(ctx context.Context) ([]work.Item, error) {
	p := principal(ctx)
	var answered, sent string
	var args, sentArgs []any
	switch p.Role {
	case ocu.RoleOfficer:
		answered, args = "r.from_country = ? AND r.from_unit = ?", []any{p.Country, p.UnitID}
		sent, sentArgs = "r.to_country = ?", []any{p.Country}
	case ocu.RoleSupervisor:
		// A supervisor answers what was sent to the OCU itself; what was
		// sent to one of its countries reaches them once it is overdue.
		answered, args = "r.from_unit = ? AND r.from_country IS NULL", []any{p.UnitID}
		sent, sentArgs = "r.to_unit = ? AND (r.to_country IS NULL OR r.escalated_at IS NOT NULL)", []any{p.UnitID}
	default:
		return nil, nil
	}
	var rows []Request
	err := s.db.Read.WithContext(ctx).Raw(requestSelect+` WHERE (r.status = 'answered' AND `+answered+`)
		OR (r.status IN ('sent', 'acknowledged') AND `+sent+`)
		ORDER BY r.id DESC LIMIT 100`, append(args, sentArgs...)...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	var overdue []Request
	if p.Role == ocu.RoleSupervisor {
		err = s.db.Read.WithContext(ctx).Raw(requestSelect+` WHERE r.escalated_at IS NOT NULL AND r.status IN ('sent', 'acknowledged')
			AND r.from_unit = ? AND r.to_unit <> ? ORDER BY r.id DESC LIMIT 100`, p.UnitID, p.UnitID).Scan(&overdue).Error
		if err != nil {
			return nil, err
		}
	}
	now := s.now()
	out := make([]work.Item, 0, len(rows)+len(overdue))
	for _, r := range rows {
		it := work.Item{Kind: work.RequestToAnswer, Href: "/requests/" + strconv.FormatInt(r.ID, 10), Count: 1, At: r.UpdatedAt,
			Title: views.T(ctx, "requests.work.to_answer", r.Subject, r.CaseRef)}
		due := r.DueAt
		it.Due, it.Overdue = &due, r.Overdue(now)
		if r.Status == Answered {
			it.Kind, it.Title, it.Due, it.Overdue = work.RequestAnswered, views.T(ctx, "requests.work.answered", r.Subject, r.CaseRef), nil, false
		} else if it.Overdue && p.Role == ocu.RoleSupervisor {
			it.Kind = work.RequestOverdue
		}
		out = append(out, it)
	}
	for _, r := range overdue {
		due := r.DueAt
		out = append(out, work.Item{Kind: work.RequestOverdue, Href: "/requests/" + strconv.FormatInt(r.ID, 10), Count: 1, At: r.UpdatedAt,
			Due: &due, Overdue: true, Title: views.T(ctx, "requests.work.overdue", r.Subject, r.CaseRef)})
	}
	return out, nil
}
