// Package reports computes what supervisors and analysts read: the live
// dashboards of the operation and of each OCU. Every figure is computed
// from the records when asked for: nothing is typed in or stored as a total.
package reports

import (
	"context"
	"sort"
	"time"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Service builds dashboards.
type Service struct {
	DB    *db.DB
	Units *units.Store
	// Now is the clock the attention list judges ages by; tests set it.
	Now func() time.Time
	// MaxAge is how old a dashboard Live may answer; 0 builds every time.
	MaxAge time.Duration

	live liveCache
}

// NewService returns a Service on the wall clock.
func NewService(d *db.DB, u *units.Store) *Service {
	return &Service{DB: d, Units: u, Now: func() time.Time { return time.Now().UTC() }}
}

// Figures are the operation's headline measures for some scope.
type Figures struct {
	Cases             int
	People            int
	Unscreened        int
	PotentialVictims  int
	MinorVictims      int
	IrregularMigrants int
	Suspects          int
	Arrests           int
	ArrestsHtMs       int // of which on human-trafficking or migrant-smuggling charges
	Referred          int // suspects referred for prosecution
}

func (f *Figures) add(o Figures) {
	f.Cases += o.Cases
	f.People += o.People
	f.Unscreened += o.Unscreened
	f.PotentialVictims += o.PotentialVictims
	f.MinorVictims += o.MinorVictims
	f.IrregularMigrants += o.IrregularMigrants
	f.Suspects += o.Suspects
	f.Arrests += o.Arrests
	f.ArrestsHtMs += o.ArrestsHtMs
	f.Referred += o.Referred
}

// Activity is what the daily returns add up to.
type Activity struct {
	DatabaseChecks   int64
	FlightsMonitored int64
	BorderPoints     int64
	OfficersDeployed int64
	Returns          int // returns filed
}

func (a *Activity) add(o Activity) {
	a.DatabaseChecks += o.DatabaseChecks
	a.FlightsMonitored += o.FlightsMonitored
	a.BorderPoints += o.BorderPoints
	a.OfficersDeployed += o.OfficersDeployed
	a.Returns += o.Returns
}

// Day is one day of the operation.
type Day struct {
	Day string
	Figures
	Activity
}

// Country is one participating country's line.
type Country struct {
	ISO2, Name, Unit string
	Figures
	Activity
}

// SeizureTotal sums one kind of seizure in one unit of measure.
// Seizures whose amount was not published are a line of their own
// (AmountUnknown), counted but never added to a quantity or a value.
type SeizureTotal struct {
	Kind          string
	Unit          string
	AmountUnknown bool
	Count         int
	Quantity      float64
	ValueUSD      float64
}

// FormCount is a form of exploitation or crime with the cases involving it
// and the potential victims recorded with it.
type FormCount struct {
	Form         string
	Cases        int
	Victims      int
	MinorVictims int
}

// NationalityCount is potential victims of one nationality ("" unknown).
type NationalityCount struct {
	ISO2, Name string
	Victims    int
	Minors     int
}

// Dashboard is everything a dashboard shows, for the operation or one OCU.
type Dashboard struct {
	Operation     units.Operation
	Unit          *units.Unit // nil for the whole operation
	Location      *time.Location
	GeneratedAt   time.Time
	Totals        Figures
	Activity      Activity
	CasesByStatus map[string]int
	Seizures      []SeizureTotal
	CashUSD       float64
	Days          []Day
	Countries     []Country
	Forms         []FormCount
	Nationalities []NationalityCount
	Attention     Attention
	// Persons located who were the subject of a notice, by colour.
	NoticesByColour []NoticeCount
	// Hits: checks against police databases, by database, and the
	// latest hits, which the attention list shows as leads.
	Hits Hits
	// FollowUp is what the follow-up period added (followup.go): Totals,
	// Days, Countries, Seizures, Forms and Nationalities are the
	// operation week's alone. CasesByStatus and Attention, the state of the
	// work, cover every case.
	FollowUp FollowUp
	// Final is the operation's declared results (results.go), nil while
	// they are preliminary.
	Final *Final
}

// Build computes the dashboard of an operation, or of one of its OCUs when
// unit is not nil. Per-day figures put each case on the day of its raid in
// its own OCU's time zone, so the global dashboard's days are the sum of the
// OCUs' days.
func (s *Service) Build(ctx context.Context, op units.Operation, unit *units.Unit) (*Dashboard, error) {
	ref, err := s.Units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{Operation: op, Unit: unit, Location: time.UTC, GeneratedAt: s.Now(), CasesByStatus: map[string]int{}}
	var unitID int64
	if unit != nil {
		unitID, d.Location = unit.ID, unit.Location()
	}
	for _, st := range cases.Statuses {
		d.CasesByStatus[string(st)] = 0
	}

	days := map[string]*Day{}
	for _, day := range op.Days() {
		days[day] = &Day{Day: day}
	}
	countries := map[string]*Country{}
	for _, a := range ref.Attached(op.ID) {
		if unitID == 0 || a.UnitID == unitID {
			countries[a.ISO2] = &Country{ISO2: a.ISO2, Name: a.Name, Unit: a.UnitCode}
		}
	}
	country := func(iso2 string) *Country {
		c, ok := countries[iso2]
		if !ok { // a country no longer attached still shows its records
			c = &Country{ISO2: iso2, Name: ref.CountryName(iso2), Unit: ""}
			countries[iso2] = c
		}
		return c
	}

	rows, err := s.caseTallies(ctx, op.ID, unitID)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		d.CasesByStatus[r.Status] += r.Cases
		if r.Day > op.LastDay { // a follow-up case (units/followup.go)
			d.FollowUp.Figures.add(r.Figures)
			continue
		}
		d.Totals.add(r.Figures)
		country(r.Country).Figures.add(r.Figures)
		if day, ok := days[r.Day]; ok {
			day.Figures.add(r.Figures)
		}
	}

	returns, err := s.returns(ctx, op.ID, unitID)
	if err != nil {
		return nil, err
	}
	for _, r := range returns {
		d.Activity.add(r.Activity)
		country(r.Country).Activity.add(r.Activity)
		if day, ok := days[r.Day]; ok {
			day.Activity.add(r.Activity)
		}
	}

	for _, day := range op.Days() {
		d.Days = append(d.Days, *days[day])
	}
	for _, c := range countries {
		d.Countries = append(d.Countries, *c)
	}
	sort.Slice(d.Countries, func(i, j int) bool { return d.Countries[i].Name < d.Countries[j].Name })

	if d.Seizures, err = s.seizures(ctx, op, unitID); err != nil {
		return nil, err
	}
	for _, sz := range d.Seizures {
		if !sz.AmountUnknown {
			d.CashUSD += sz.ValueUSD
		}
	}
	if d.Forms, err = s.forms(ctx, op.ID, unitID); err != nil {
		return nil, err
	}
	if d.Nationalities, err = s.nationalities(ctx, ref, op.ID, unitID); err != nil {
		return nil, err
	}
	if d.Attention, err = s.attention(ctx, ref, op, unitID, d.Location, returns); err != nil {
		return nil, err
	}
	if d.NoticesByColour, err = s.noticesByColour(ctx, op.ID, unitID); err != nil {
		return nil, err
	}
	if d.Hits, err = s.hits(ctx, op.ID, unitID); err != nil {
		return nil, err
	}
	if err := s.followUp(ctx, op, unitID, d); err != nil {
		return nil, err
	}
	if d.Final, err = s.Final(ctx, op); err != nil {
		return nil, err
	}
	return d, nil
}
