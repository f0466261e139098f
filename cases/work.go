package cases

import (
	"context"
	"net/url"
	"slices"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/work"
)

// WorkSource is the cases' part of each user's queue, in the current
// operation: people unscreened in their cases, cases in screening past
// StaleScreeningAfter, and, for an officer who files them, their
// country's return for today when it is an operation day and not filed.
// An officer's cases are those their country raised that they see (as on
// /home); a supervisor's, those of their OCU. Coordinators follow the
// operation on the dashboards and have nothing here.
func (s *Store) WorkSource() work.Source {
	return work.SourceFunc(s.waiting)
}

// workLimit bounds the cases listed per kind; one more item says how many
// more there are.
const workLimit = 10

func (s *Store) waiting(ctx context.Context) ([]work.Item, error) {
	p := principal(ctx)
	country := p.RaisesFor()
	own := p.UnitID != 0 && p.MaySupervise(p.UnitID)
	if country == "" && !own {
		return nil, nil
	}
	op, err := s.units.CurrentOperation(ctx)
	if ocu.KindOf(err) == ocu.NotFound {
		return nil, nil // no operation yet: nothing waits
	} else if err != nil {
		return nil, err
	}
	scope, scopeArgs := p.Cases().SQL("cases")
	where := "cases.operation_id = ? AND " + scope
	args := append([]any{op.ID}, scopeArgs...)
	if country != "" {
		where += " AND cases.raising_country = ?"
		args = append(args, country)
	} else {
		where += " AND cases.unit_id = ?"
		args = append(args, p.UnitID)
	}
	q := s.db.Read.WithContext(ctx)
	var items []work.Item

	var un []struct {
		Reference string
		N         int
		UpdatedAt time.Time
	}
	if err := q.Raw("SELECT reference, unscreened AS n, updated_at FROM cases WHERE "+where+
		" AND unscreened > 0 AND status != 'closed' ORDER BY unscreened DESC, reference LIMIT ?", append(args, workLimit+1)...).
		Scan(&un).Error; err != nil {
		return nil, err
	}
	for i, c := range un {
		if i == workLimit {
			var rest struct{ Cases, People int }
			if err := q.Raw("SELECT COUNT(*) AS cases, COALESCE(SUM(unscreened), 0) AS people FROM cases WHERE "+where+
				" AND unscreened > 0 AND status != 'closed'", args...).Scan(&rest).Error; err != nil {
				return nil, err
			}
			listed := 0
			for _, l := range un[:workLimit] {
				listed += l.N
			}
			n := rest.People - listed
			items = append(items, work.Item{Kind: work.PeopleUnscreened, Count: n, Href: casesHref(op.Code, country),
				Title: views.T(ctx, "work.unscreened_more", views.Num(int64(n)), views.Num(int64(rest.Cases-workLimit)))})
			break
		}
		items = append(items, work.Item{Kind: work.PeopleUnscreened, Count: c.N, At: c.UpdatedAt,
			Href: "/cases/" + c.Reference + "#people", Title: views.TN(ctx, "work.unscreened", int64(c.N), views.Num(int64(c.N)), c.Reference)})
	}

	cutoff := StaleScreeningCutoff(s.now(), op)
	var stale []struct {
		Reference string
		Since     *time.Time
	}
	if err := q.Raw("SELECT reference, screening_since AS since FROM cases WHERE "+where+
		" AND status = 'screening' AND screening_since < ? ORDER BY screening_since LIMIT ?", append(args, cutoff, workLimit+1)...).
		Scan(&stale).Error; err != nil {
		return nil, err
	}
	for i, c := range stale {
		if i == workLimit {
			var n int
			if err := q.Raw("SELECT COUNT(*) FROM cases WHERE "+where+" AND status = 'screening' AND screening_since < ?",
				append(args, cutoff)...).Scan(&n).Error; err != nil {
				return nil, err
			}
			items = append(items, work.Item{Kind: work.ScreeningStale, Count: n - workLimit, Href: casesHref(op.Code, country),
				Title: views.T(ctx, "work.stale_more", views.Num(int64(n-workLimit)))})
			break
		}
		it := work.Item{Kind: work.ScreeningStale, Count: 1, Href: "/cases/" + c.Reference,
			Title: views.T(ctx, "work.stale", c.Reference), Overdue: true}
		if c.Since != nil {
			due := c.Since.Add(StaleScreeningAfter)
			it.Due, it.At = &due, *c.Since
		}
		items = append(items, it)
	}

	if country != "" && p.MayFileReturnFor(country, 0) {
		snap, err := s.units.Snapshot(ctx)
		if err != nil {
			return nil, err
		}
		loc := time.UTC
		if u, ok := raisingUnit(snap, op, country, p.UnitID); ok {
			loc = u.Location()
		}
		today := s.now().In(loc).Format(time.DateOnly)
		if slices.Contains(op.Days(), today) {
			_, filed, err := s.units.ReturnAt(ctx, op.ID, country, today)
			if err != nil {
				return nil, err
			}
			if !filed {
				items = append(items, work.Item{Kind: work.ReturnDue, Count: 1, Title: views.T(ctx, "work.return_due", today),
					Href: "/returns/" + country + "/" + today + "?op=" + url.QueryEscape(op.Code)})
			}
		}
	}
	return items, nil
}

// casesHref is the case list of the operation (and country) the queue
// reads, where the cases beyond the first workLimit are.
func casesHref(opCode, country string) string {
	h := "/cases?op=" + url.QueryEscape(opCode)
	if country != "" {
		h += "&country=" + url.QueryEscape(country)
	}
	return h
}
