// Package cases owns the cases an OCU's officers raise during an operation:
// the record, its validation, the status workflow, storage and HTTP handlers.
package cases

import (
	"slices"
	"time"
)

// Case is one intervention (a raid, an interception, a location of a wanted
// person) raised by a country attached to an OCU.
type Case struct {
	ID             int64
	OperationID    int64
	UnitID         int64
	Seq            int
	Reference      string
	RaisingCountry string
	Title          string
	Summary        string
	Place          string
	CountryISO2    string `gorm:"column:country_iso2"`
	RaidAt         time.Time
	RaidDay        string     // the raid's date in the OCU's time zone: the per-day bucket
	ScreeningSince *time.Time // when the case last entered screening
	Status         Status
	RaisedBy       string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time

	// The people figures, written only by refreshTallies.
	Tally `gorm:"embedded;->"`

	// Marked by a supervisor for the debrief report. Changed only by
	// MarkNotable; writable on insert so a restored case keeps its mark.
	Notable     bool   `gorm:"column:notable"`
	NotableNote string `gorm:"column:notable_note"`

	Forms []Form          `gorm:"-"`
	Links []LinkedCountry `gorm:"-"`
	// Partners are the partner countries of the case (cases/partners.go),
	// loaded by seeable for the officers they may concern.
	Partners []string `gorm:"-"`
}

func (Case) TableName() string { return "cases" }

// LinkedCountry is another country tied to a case: where people came from,
// passed through or were headed.
type LinkedCountry struct {
	CaseID      int64  `json:"-"`
	CountryISO2 string `gorm:"column:country_iso2" json:"country"`
	Role        string `json:"role"`
}

func (LinkedCountry) TableName() string { return "case_countries" }

// Countries returns the linked countries with the given role.
func (c *Case) Countries(role string) []string {
	var out []string
	for _, l := range c.Links {
		if l.Role == role {
			out = append(out, l.CountryISO2)
		}
	}
	return out
}

// HasForm reports whether the case involves f.
func (c *Case) HasForm(f Form) bool { return slices.Contains(c.Forms, f) }

// caseForm is one row of case_forms; the operation and OCU are the case's,
// copied so dashboards count forms without joining cases.
type caseForm struct {
	CaseID      int64
	OperationID int64
	UnitID      int64
	Form        Form
}

func (caseForm) TableName() string { return "case_forms" }

// Input is what an officer types to raise or edit a case, kept as text so a
// form with errors can be shown again exactly as typed.
type Input struct {
	Operation      string              `json:"operation"`
	Unit           string              `json:"unit"`
	RaisingCountry string              `json:"raising_country"`
	Title          string              `json:"title"`
	Summary        string              `json:"summary"`
	Place          string              `json:"place"`
	Country        string              `json:"country"`
	RaidAt         string              `json:"raid_at"`
	Forms          []string            `json:"forms"`
	Linked         map[string][]string `json:"linked_countries"`
	RaisedBy       string              `json:"raised_by"`
	// Found is only for raising: the people found, by screening outcome.
	Found Found `json:"people_found,omitzero"`
}

// InputFrom turns a stored case back into an Input, for edit forms and for
// applying a partial API update on top of the stored values.
func InputFrom(c *Case, operationCode, unitCode string, loc *time.Location) Input {
	in := Input{
		Operation: operationCode, Unit: unitCode, RaisingCountry: c.RaisingCountry,
		Title: c.Title, Summary: c.Summary, Place: c.Place, Country: c.CountryISO2,
		RaidAt: c.RaidAt.In(loc).Format(LocalTimeLayout), RaisedBy: c.RaisedBy,
		Linked: map[string][]string{},
	}
	for _, f := range c.Forms {
		in.Forms = append(in.Forms, string(f))
	}
	for _, l := range c.Links {
		in.Linked[l.Role] = append(in.Linked[l.Role], l.CountryISO2)
	}
	return in
}

// LocalTimeLayout is how an HTML datetime-local input sends a time: no zone,
// read in the OCU's time zone.
const LocalTimeLayout = "2006-01-02T15:04"

// auditCaseValues are the fields of a case's Input the audit trail records by
// value: codes and the raid time. Title, summary, place and who raised it
// are recorded by name only (see the audit package).
var auditCaseValues = []string{"operation", "unit", "raising_country", "country", "raid_at", "forms", "linked_countries"}

func formsOf(in Input) []Form {
	var fs []Form
	for _, f := range AllForms() { // taxonomy order, whatever order was typed
		for _, g := range in.Forms {
			if string(f) == g {
				fs = append(fs, f)
			}
		}
	}
	return fs
}

func linksOf(caseID int64, in Input) []LinkedCountry {
	var ls []LinkedCountry
	for _, role := range LinkRoles {
		for _, code := range in.Linked[role] {
			ls = append(ls, LinkedCountry{CaseID: caseID, CountryISO2: code, Role: role})
		}
	}
	return ls
}
