package cases

import (
	"context"
	"time"

	"github.com/ocu-project/ocu/units"
)

// StaleScreeningAfter is how long a case may sit in screening before an
// officer's home page and the dashboards ask about it.
const StaleScreeningAfter = 48 * time.Hour

// StaleScreeningCutoff is the time before which a case must have entered
// screening to count as in screening too long, at now, in operation op.
// The rule measures the operation's pace, so its clock stops when the
// operation ends (the end of its last day wherever that day ends last):
// reading a past operation (the demo, or last year's operation) shows the
// cases that had waited more than 48 hours by its close, the same
// tomorrow as today, rather than every case it left in screening.
func StaleScreeningCutoff(now time.Time, op units.Operation) time.Time {
	if _, end := op.Span(lastZone); op.LastDay != "" && now.After(end) {
		now = end
	}
	return now.Add(-StaleScreeningAfter)
}

// lastZone is where a calendar day ends last (UTC−12).
var lastZone = time.FixedZone("UTC-12", -12*60*60)

// attentionLimit bounds each list on the home page; the counts say how
// many there are in all.
const attentionLimit = 10

// AttentionCase is a case the home page points at: n people unscreened, or
// in screening since a time.
type AttentionCase struct {
	Reference, Title string
	N                int
	Since            *time.Time
}

// CountryAttention is what needs the officers of one country now, in the
// cases of theirs that the reader sees.
type CountryAttention struct {
	Unscreened       []AttentionCase // open cases with people unscreened, most first
	UnscreenedCases  int
	UnscreenedPeople int
	Stale            []AttentionCase // in screening for more than 48 hours, oldest first
	StaleCount       int
}

// CountryAttention reads what needs the officers of country in the
// operation: people left unscreened and cases in screening for too long.
// The reader's case scope applies (access.go), so nobody learns about cases
// they do not see. Four small reads on the tallies index.
func (s *Store) CountryAttention(ctx context.Context, operationID int64, country string) (CountryAttention, error) {
	var a CountryAttention
	scope, args := principal(ctx).Cases().SQL("cases")
	where := "cases.operation_id = ? AND cases.raising_country = ? AND " + scope
	args = append([]any{operationID, country}, args...)
	q := s.db.Read.WithContext(ctx)

	var un struct{ Cases, People int }
	if err := q.Raw("SELECT COUNT(*) AS cases, COALESCE(SUM(unscreened), 0) AS people FROM cases WHERE "+where+
		" AND unscreened > 0 AND status != 'closed'", args...).Scan(&un).Error; err != nil {
		return a, err
	}
	a.UnscreenedCases, a.UnscreenedPeople = un.Cases, un.People
	if err := q.Raw("SELECT reference, title, unscreened AS n FROM cases WHERE "+where+
		" AND unscreened > 0 AND status != 'closed' ORDER BY unscreened DESC, reference LIMIT ?", append(args, attentionLimit)...).
		Scan(&a.Unscreened).Error; err != nil {
		return a, err
	}

	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return a, err
	}
	staleArgs := append(append([]any{}, args...), StaleScreeningCutoff(s.now(), snap.OperationByID(operationID)))
	if err := q.Raw("SELECT COUNT(*) FROM cases WHERE "+where+" AND status = 'screening' AND screening_since < ?", staleArgs...).
		Scan(&a.StaleCount).Error; err != nil {
		return a, err
	}
	if err := q.Raw("SELECT reference, title, screening_since AS since FROM cases WHERE "+where+
		" AND status = 'screening' AND screening_since < ? ORDER BY screening_since LIMIT ?", append(staleArgs, attentionLimit)...).
		Scan(&a.Stale).Error; err != nil {
		return a, err
	}
	return a, nil
}
