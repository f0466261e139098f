package reports

import (
	"context"
	"sort"
	"time"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/units"
)

// attentionLimit bounds each list; the counts say how many there are.
const attentionLimit = 20

// CaseNote is a case the attention list points at.
type CaseNote struct {
	Reference, Title string
	Since            time.Time
	N                int
}

// MissingReturn is a country that filed no return for some days.
type MissingReturn struct {
	ISO2, Name, Unit string
	Days             []string
}

// Attention is what a supervisor should look at now.
type Attention struct {
	StaleScreening      []CaseNote // in screening for more than 48 hours, oldest first
	StaleScreeningCount int
	Unscreened          []CaseNote // cases with people still unscreened, most first
	UnscreenedPeople    int
	UnscreenedCases     int
	MissingReturns      []MissingReturn
	MissingReturnCount  int // country-days without a return
	MissingCountries    int // countries with at least one missing
	// ReturnsDueUpTo is the last day a return is due for: the day before
	// today in the dashboard's time zone, capped at the operation's last day.
	ReturnsDueUpTo string
}

func (s *Service) attention(ctx context.Context, ref *units.Snapshot, op units.Operation, unitID int64, loc *time.Location, returns []returnRow) (Attention, error) {
	var a Attention
	now := s.Now()
	db := s.DB.Read.WithContext(ctx)
	scope, args := "operation_id = ?", []any{op.ID}
	if unitID != 0 {
		scope += " AND unit_id = ?"
		args = append(args, unitID)
	}

	// The same span as an officer's home page: one rule, in cases.
	cutoff := cases.StaleScreeningCutoff(now, op)
	staleArgs := append(append([]any{}, args...), cutoff)
	if err := db.Raw("SELECT COUNT(*) FROM cases WHERE "+scope+" AND status = 'screening' AND screening_since < ?", staleArgs...).
		Scan(&a.StaleScreeningCount).Error; err != nil {
		return a, err
	}
	if err := db.Raw("SELECT reference, title, screening_since AS since FROM cases WHERE "+scope+
		" AND status = 'screening' AND screening_since < ? ORDER BY screening_since LIMIT ?", append(staleArgs, attentionLimit)...).
		Scan(&a.StaleScreening).Error; err != nil {
		return a, err
	}

	var un struct{ People, Cases int }
	if err := db.Raw("SELECT COALESCE(SUM(unscreened), 0) AS people, COALESCE(SUM(unscreened_cases), 0) AS cases FROM case_rollup WHERE "+scope+
		" AND status != 'closed'", args...).Scan(&un).Error; err != nil {
		return a, err
	}
	a.UnscreenedPeople, a.UnscreenedCases = un.People, un.Cases
	if err := db.Raw("SELECT reference, title, unscreened AS n FROM cases WHERE "+scope+
		" AND unscreened > 0 AND status != 'closed' ORDER BY unscreened DESC LIMIT ?", append(args, attentionLimit)...).
		Scan(&a.Unscreened).Error; err != nil {
		return a, err
	}

	// Returns are due for every day of the operation up to yesterday, in
	// the dashboard's zone (the OCU's, or UTC for the whole operation).
	yesterday := now.In(loc).AddDate(0, 0, -1).Format(time.DateOnly)
	if yesterday > op.LastDay {
		yesterday = op.LastDay
	}
	a.ReturnsDueUpTo = yesterday
	filed := map[string]bool{}
	for _, r := range returns {
		filed[r.Country+" "+r.Day] = true
	}
	for _, c := range ref.Attached(op.ID) {
		if unitID != 0 && c.UnitID != unitID {
			continue
		}
		m := MissingReturn{ISO2: c.ISO2, Name: c.Name, Unit: c.UnitCode}
		for _, day := range op.Days() {
			if day <= yesterday && !filed[c.ISO2+" "+day] {
				m.Days = append(m.Days, day)
			}
		}
		if len(m.Days) > 0 {
			a.MissingReturnCount += len(m.Days)
			a.MissingReturns = append(a.MissingReturns, m)
		}
	}
	// Countries missing the most recent day first: that is the return a
	// supervisor can still chase today.
	sort.SliceStable(a.MissingReturns, func(i, j int) bool {
		li, lj := a.MissingReturns[i].Days, a.MissingReturns[j].Days
		return li[len(li)-1] > lj[len(lj)-1]
	})
	a.MissingCountries = len(a.MissingReturns)
	if len(a.MissingReturns) > attentionLimit {
		a.MissingReturns = a.MissingReturns[:attentionLimit]
	}
	return a, nil
}

func sortBy[T any](s []T, less func(a, b T) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}
