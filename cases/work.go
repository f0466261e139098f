package cases

import (
	"context"
	"net/url"
	"slices"
	"time"

	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/work"
)

// WorkSource is the cases' part of each user's queue, in the current
// operation: people unscreened in their cases, cases in screening past
// StaleScreeningAfter, and, for an officer who files them, their
// country's return for today when it is an operation day and not filed.
// An officer's cases are those their country raised in their OCU; a
// supervisor's, those of their OCU. Coordinators follow the
// operation on the dashboards and have nothing here.
func (s *Store) WorkSource() work.Source { return workSource{s} }

// workSource is Store's work.Source, and its work.Counter for the header.
type workSource struct{ s *Store }

func (w workSource) Waiting(ctx context.Context) ([]work.Item, error) { return w.s.waiting(ctx) }

// Count is what Waiting's items add up to, in two statements on the
// indexes of unscreened and screening cases (and one for the return):
// every page's header asks for it.
func (w workSource) Count(ctx context.Context) (int, error) {
	s := w.s
	wq, ok, err := s.workScope(ctx)
	if !ok || err != nil {
		return 0, err
	}
	q := s.db.Read.WithContext(ctx)
	var people, stale int
	// case_rollup is kept by triggers in every write transaction: its
	// key (operation, OCU, country) finds the few rows to add up.
	if err := q.Raw("SELECT COALESCE(SUM(unscreened), 0) FROM case_rollup AS cases WHERE "+wq.where+
		" AND status != 'closed'", wq.args...).Scan(&people).Error; err != nil {
		return 0, err
	}
	if err := q.Raw("SELECT COUNT(*) FROM cases WHERE "+wq.where+" AND status = 'screening' AND screening_since < ?",
		append(wq.args, StaleScreeningCutoff(s.now(), wq.op))...).Scan(&stale).Error; err != nil {
		return 0, err
	}
	n := people + stale
	due, err := s.returnDueItem(ctx, wq)
	if due != nil {
		n++
	}
	return n, err
}

// workQuery is whose cases a queue reads, in which operation.
type workQuery struct {
	op      units.Operation
	country string // an officer's country; "" for a supervisor's OCU
	where   string
	args    []any
}

// workScope is the cases the principal in ctx is asked about; ok is false
// when nothing of the cases waits on them (coordinators, administrators,
// no operation yet).
func (s *Store) workScope(ctx context.Context) (workQuery, bool, error) {
	p := principal(ctx)
	country := p.RaisesFor()
	own := p.UnitID != 0 && p.MaySupervise(p.UnitID)
	if (country == "" && !own) || p.UnitID == 0 {
		return workQuery{}, false, nil
	}
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return workQuery{}, false, err
	}
	// The current operation, as units.Store.CurrentOperation picks it,
	// from the cached reference data rather than a query per page.
	var op units.Operation
	for _, o := range snap.Operations() {
		if op.ID == 0 || o.FirstDay > op.FirstDay || (o.FirstDay == op.FirstDay && o.ID > op.ID) {
			op = o
		}
	}
	if op.ID == 0 {
		return workQuery{}, false, nil
	}
	// Their OCU's cases (for an officer, those their country raised):
	// all in their scope (access.go CaseScope.Sees), and what the
	// rollup the dashboards read keeps a count of, so the header's count
	// is one lookup on its key.
	wq := workQuery{op: op, country: country, where: "cases.operation_id = ? AND cases.unit_id = ?", args: []any{op.ID, p.UnitID}}
	if country != "" {
		wq.where += " AND cases.raising_country = ?"
		wq.args = append(wq.args, country)
	}
	return wq, true, nil
}

// returnDueItem is the item for today's return of an officer's country
// when today is an operation day where its OCU is, they may file it, and
// it is not filed; nil otherwise.
func (s *Store) returnDueItem(ctx context.Context, wq workQuery) (*work.Item, error) {
	p := principal(ctx)
	if wq.country == "" || !p.MayFileReturnFor(wq.country, 0) {
		return nil, nil
	}
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	if u, ok := raisingUnit(snap, wq.op, wq.country, p.UnitID); ok {
		loc = u.Location()
	}
	today := s.now().In(loc).Format(time.DateOnly)
	if !slices.Contains(wq.op.Days(), today) {
		return nil, nil
	}
	_, filed, err := s.units.ReturnAt(ctx, wq.op.ID, wq.country, today)
	if err != nil || filed {
		return nil, err
	}
	return &work.Item{Kind: work.ReturnDue, Count: 1, Title: views.T(ctx, "work.return_due", today),
		Href: "/returns/" + wq.country + "/" + today + "?op=" + url.QueryEscape(wq.op.Code)}, nil
}

// workLimit bounds the cases listed per kind; one more item says how many
// more there are.
const workLimit = 10

func (s *Store) waiting(ctx context.Context) ([]work.Item, error) {
	wq, ok, err := s.workScope(ctx)
	if !ok || err != nil {
		return nil, err
	}
	op, country, where, args := wq.op, wq.country, wq.where, wq.args
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
				Title: views.T(ctx, "work.unscreened_more", views.NumIn(ctx, int64(n)), views.NumIn(ctx, int64(rest.Cases-workLimit)))})
			break
		}
		items = append(items, work.Item{Kind: work.PeopleUnscreened, Count: c.N, At: c.UpdatedAt,
			Href: "/cases/" + c.Reference + "#people", Title: views.TN(ctx, "work.unscreened", int64(c.N), views.NumIn(ctx, int64(c.N)), c.Reference)})
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
				Title: views.T(ctx, "work.stale_more", views.NumIn(ctx, int64(n-workLimit)))})
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

	due, err := s.returnDueItem(ctx, wq)
	if err != nil {
		return nil, err
	}
	if due != nil {
		items = append(items, *due)
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
