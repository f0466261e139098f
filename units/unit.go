// Package units owns ocu's reference data: operations, the operational
// coordination units (OCUs), the countries and which OCU each participating
// country reports to during an operation. It never imports cases: the few
// case figures its pages show come through the CaseCounts interface.
package units

import (
	"sync"
	"time"
)

// Operation is one international operation, such as Liberterra II. Days are
// calendar dates (YYYY-MM-DD); each OCU reads them in its own time zone.
type Operation struct {
	ID       int64
	Code     string
	Name     string
	FirstDay string
	LastDay  string
	// FollowUpUntil is the last day of the follow-up period after the
	// operational days ("" when there is none): see followup.go.
	FollowUpUntil string `gorm:"column:followup_until"`
	CreatedAt     time.Time
	// Demo: a demonstration operation, partly generated; pages and
	// exports say so.
	Demo bool
}

// Days lists the operation's calendar days, first to last.
func (o Operation) Days() []string {
	first, err1 := time.Parse(time.DateOnly, o.FirstDay)
	last, err2 := time.Parse(time.DateOnly, o.LastDay)
	if err1 != nil || err2 != nil {
		return nil
	}
	var days []string
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(time.DateOnly))
	}
	return days
}

// Span returns the instants the operation covers in loc: from midnight of
// its first day to midnight after its last day.
func (o Operation) Span(loc *time.Location) (from, until time.Time) {
	first, _ := time.ParseInLocation(time.DateOnly, o.FirstDay, loc)
	last, _ := time.ParseInLocation(time.DateOnly, o.LastDay, loc)
	return first, last.AddDate(0, 0, 1)
}

// Unit is an operational coordination unit (OCU): a room in a host city where
// officers of the attached countries work the operation together.
type Unit struct {
	ID          int64
	Code        string
	City        string
	HostCountry string
	TimeZone    string
}

// Location is the unit's time zone; times on its pages are shown in it.
// The zone database is embedded in the binary (time/tzdata), so a zone
// that fails to load is a data error: fall back to UTC rather than fail a page.
func (u Unit) Location() *time.Location {
	if loc, ok := locations.Load(u.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(u.TimeZone)
	if err != nil {
		return time.UTC
	}
	locations.Store(u.TimeZone, loc)
	return loc
}

// locations caches loaded time zones: time.LoadLocation reads and parses
// the zone's file every time, and pages ask for it on every request.
var locations sync.Map

// Country is an ISO 3166-1 country or territory.
type Country struct {
	ISO2 string `gorm:"column:iso2;primaryKey" json:"iso2"`
	ISO3 string `gorm:"column:iso3" json:"iso3"`
	Name string `json:"name"`
}

// Attendance modes: officers in the OCU's room, or joining it online.
const (
	InPerson = "in_person"
	Online   = "online"
)

// Attachment says which OCU a participating country reports to during an
// operation, and how its officers take part.
type Attachment struct {
	OperationID int64  `gorm:"primaryKey;autoIncrement:false"`
	CountryISO2 string `gorm:"column:country_iso2;primaryKey"`
	UnitID      int64
	Mode        string
}
