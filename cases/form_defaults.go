package cases

import (
	"slices"
	"time"

	"github.com/ocu-project/ocu/units"
)

// What the raise form fills in before anyone types: each default saves a
// field under time pressure, and none guesses a figure (a raid time outside
// the operation would be refused, so it is left to be typed).

// raidAtDefault is now in the OCU's zone, as the form's datetime-local
// value, when today there is one of the operation's days; "" otherwise.
func raidAtDefault(now time.Time, u units.Unit, op units.Operation) string {
	local := now.In(u.Location())
	if !slices.Contains(op.Days(), local.Format(time.DateOnly)) {
		return ""
	}
	return local.Format(LocalTimeLayout)
}

// raisingUnit is the OCU a new case will go to, when the form knows it:
// the raising country's in the operation, else the user's own; ok is false
// when neither is known (ocu itself, with no country chosen).
func raisingUnit(ref *units.Snapshot, op units.Operation, country string, ownUnit int64) (units.Unit, bool) {
	if a, ok := ref.Attachment(op.ID, country); ok {
		return ref.UnitByID(a.UnitID), true
	}
	if ownUnit != 0 {
		return ref.UnitByID(ownUnit), true
	}
	return units.Unit{}, false
}
