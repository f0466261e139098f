package work

import (
	"cmp"
	"context"
	"slices"
)

// kindOrder is the order of kinds on the page: what has a deadline and
// what others wait on first, reminders last.
var kindOrder = []string{RequestOverdue, RequestToAnswer, TransferToDecide, RequestAnswered, MatchToReview,
	AlertUnread, ReturnDue, ScreeningStale, PeopleUnscreened}

// Queue is a principal's items from every source, in page order.
type Queue struct {
	Items []Item
}

// Gather asks every source for what waits on the principal in ctx and
// orders the answers: by kind (kindOrder; unknown kinds last), overdue
// first, then newest first. The first error stops it: a queue that
// silently left a source out would tell the reader there is nothing when
// there is.
func Gather(ctx context.Context, sources []Source) (Queue, error) {
	var q Queue
	for _, s := range sources {
		items, err := s.Waiting(ctx)
		if err != nil {
			return Queue{}, err
		}
		q.Items = append(q.Items, items...)
	}
	rank := func(kind string) int {
		if i := slices.Index(kindOrder, kind); i >= 0 {
			return i
		}
		return len(kindOrder)
	}
	slices.SortStableFunc(q.Items, func(a, b Item) int {
		if c := cmp.Compare(rank(a.Kind), rank(b.Kind)); c != 0 {
			return c
		}
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		return b.At.Compare(a.At)
	})
	return q, nil
}

// CountOf is how many things wait on the principal in ctx from sources:
// what each Counter counts, and the items of the others.
func CountOf(ctx context.Context, sources []Source) (int, error) {
	n := 0
	for _, s := range sources {
		if c, ok := s.(Counter); ok {
			k, err := c.Count(ctx)
			if err != nil {
				return 0, err
			}
			n += k
			continue
		}
		items, err := s.Waiting(ctx)
		if err != nil {
			return 0, err
		}
		n += Queue{Items: items}.Count()
	}
	return n, nil
}

// Count is how many things wait in all: each item stands for Count things
// (at least one).
func (q Queue) Count() int {
	n := 0
	for _, it := range q.Items {
		n += max(it.Count, 1)
	}
	return n
}
