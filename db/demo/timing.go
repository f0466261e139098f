package demo

import (
	"time"

	"github.com/ocu-project/ocu/units"
)

// The demo is a past operation: its records are dated within the
// operation week, as an officer would have recorded them then, not at the
// moment the demo was loaded. A named case is raised an hour after its
// raid, its people and seizures recorded within the next two, its
// screening started four hours after the raid and its referral the next
// day, never later than the end of the operation's last day in its OCU's
// zone.

// timeline gives the times a case's records are dated by.
type timeline struct{ raid, end time.Time }

func newTimeline(op units.Operation, loc *time.Location, raidLocal string) timeline {
	raid, err := time.ParseInLocation("2006-01-02T15:04", raidLocal, loc)
	if err != nil {
		panic("demo raid time " + raidLocal + ": " + err.Error()) // the demo's own data: a bug, caught by its tests
	}
	_, until := op.Span(loc)
	return timeline{raid: raid.UTC(), end: until.Add(-time.Minute).UTC()}
}

// after is d after the raid, capped at the end of the operation.
func (t timeline) after(d time.Duration) time.Time {
	at := t.raid.Add(d)
	if at.After(t.end) {
		return t.end
	}
	return at
}

func (t timeline) raised() time.Time    { return t.after(time.Hour) }
func (t timeline) recorded() time.Time  { return t.after(90 * time.Minute) }
func (t timeline) seized() time.Time    { return t.after(2 * time.Hour) }
func (t timeline) screening() time.Time { return t.after(4 * time.Hour) }
func (t timeline) referred() time.Time  { return t.after(26 * time.Hour) }
