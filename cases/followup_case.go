package cases

import (
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// A follow-up case is one raised during an operation's follow-up period
// (units/followup.go): its raid falls after the last operational day, up to
// the period's end. It is marked as such wherever it shows, and its figures
// count as follow-up results, apart from the week's (reports). Whether a
// case is one follows from its raid day, in its OCU's zone, as every per-day
// figure does: nothing is stored that could disagree with the raid.

// checkRaidWindow adds to fe when raid time t falls neither within op's
// days nor within its follow-up period, in unit's zone.
func checkRaidWindow(fe ocu.FieldErrors, op units.Operation, unit units.Unit, t time.Time) {
	loc := unit.Location()
	from, until := op.Span(loc)
	if !t.Before(from) && t.Before(until) {
		return
	}
	if _, end, ok := op.FollowUpSpan(loc); ok {
		if !t.Before(from) && t.Before(end) {
			return
		}
		fe.Add("raid_at", "error.raid_outside_followup", op.FirstDay, op.LastDay, op.FollowUpUntil, unit.TimeZone)
		return
	}
	fe.Add("raid_at", "error.raid_outside_operation", op.FirstDay, op.LastDay, unit.TimeZone)
}

// IsFollowUp reports whether c is a follow-up case of op.
func (c *Case) IsFollowUp(op units.Operation) bool { return op.IsFollowUpDay(c.RaidDay) }

// followUpBadge marks a follow-up case on its page.
func followUpBadge(op units.Operation, c *Case) views.FollowUpBadge {
	return views.FollowUpBadge{FollowUp: c.IsFollowUp(op), Until: op.FollowUpUntil}
}
