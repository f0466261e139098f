package matching

import (
	"context"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/work"
)

// WorkSource is the matches' part of a supervisor's queue: the open
// possible matches with a side in their OCU, which they may confirm or
// dismiss (disclose's MayDecide), as one item pointing at the open list.
// Others decide none and have nothing here.
func (s *Store) WorkSource() work.Source {
	return work.SourceFunc(func(ctx context.Context) ([]work.Item, error) {
		p, _ := ocu.PrincipalFrom(ctx)
		if p.UnitID == 0 || !p.MaySupervise(p.UnitID) {
			return nil, nil
		}
		var r struct {
			N      int
			Newest *string
		}
		// matches_by_status finds the open ones; each side's case gives
		// its OCU.
		err := s.db.Read.WithContext(ctx).Raw(`SELECT COUNT(*) AS n, MAX(m.created_at) AS newest FROM matches m
			JOIN people pa ON pa.id = m.person_a JOIN cases ca ON ca.id = pa.case_id
			JOIN people pb ON pb.id = m.person_b JOIN cases cb ON cb.id = pb.case_id
			WHERE m.status = 'open' AND (ca.unit_id = ? OR cb.unit_id = ?)`, p.UnitID, p.UnitID).Scan(&r).Error
		if err != nil || r.N == 0 {
			return nil, err
		}
		it := work.Item{Kind: work.MatchToReview, Title: views.TN(ctx, "work.matches_to_review", int64(r.N), r.N),
			Href: "/matches?status=open", Count: r.N}
		if r.Newest != nil {
			// SQLite hands MAX() back as text, whatever the column's type.
			for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
				if t, err := time.Parse(layout, *r.Newest); err == nil {
					it.At = t
					break
				}
			}
		}
		return []work.Item{it}, nil
	})
}
