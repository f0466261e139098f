// Package cases owns the cases an OCU's officers raise during an operation:
// the record, its validation, the status workflow, storage and HTTP handlers.
package cases

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
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

// Entry is one line of a case's history: its creation, or a status change.
type Entry struct {
	ID         int64
	CaseID     int64
	FromStatus Status
	ToStatus   Status
	Actor      string
	Note       string
	At         time.Time
}

func (Entry) TableName() string { return "case_transitions" }

// Reference formats a case reference: operation, OCU and a sequence number
// that is never reused, e.g. LIB2-MNL-0007.
func Reference(operationCode, unitCode string, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", operationCode, unitCode, seq)
}

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

// Limits on free text, generous for real use and small enough to keep pages
// and exports sane.
const (
	maxTitle   = 200
	maxSummary = 5000
	maxPlace   = 200
	maxName    = 100
	maxNote    = 2000
	// maxCode bounds anything typed where a code is expected (operation,
	// OCU, country, form, outcome, a date): no code comes near it, and a
	// refusal that repeats the value stays short.
	maxCode = 40
	// MaxQuery bounds a search of the case list: a reference prefix or
	// words of a title (200 characters at most).
	MaxQuery = 200
)

// tooLong reports codes longer than maxCode under their field, before any
// rule that would repeat them in a message.
func tooLong(fe ocu.FieldErrors, field string, values ...string) {
	for _, v := range values {
		if utf8.RuneCountInString(v) > maxCode {
			fe.Add(field, "error.too_long", maxCode)
			return
		}
	}
}

var iso2Pattern = regexp.MustCompile(`^[A-Z]{2}$`)

// normalise trims text and upper-cases codes so that "ph " and "PH" agree.
func (in *Input) normalise() {
	in.Operation = strings.ToUpper(strings.TrimSpace(in.Operation))
	in.Unit = strings.ToUpper(strings.TrimSpace(in.Unit))
	in.RaisingCountry = strings.ToUpper(strings.TrimSpace(in.RaisingCountry))
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.Title = strings.TrimSpace(in.Title)
	in.Summary = strings.TrimSpace(in.Summary)
	in.Place = strings.TrimSpace(in.Place)
	in.RaidAt = strings.TrimSpace(in.RaidAt)
	in.RaisedBy = strings.TrimSpace(in.RaisedBy)
	var forms []string
	for _, f := range in.Forms {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	in.Forms = forms
	linked := map[string][]string{}
	for role, codes := range in.Linked {
		for _, code := range codes {
			code = strings.ToUpper(strings.TrimSpace(code))
			if code != "" && !slices.Contains(linked[role], code) {
				linked[role] = append(linked[role], code)
			}
		}
	}
	in.Linked = linked
}

// checkText validates the free-text fields and the shape of codes; rules
// that need the database (attachment, country list, operation days) are
// checked by the store, which adds to the same FieldErrors.
func (in *Input) checkText(fe ocu.FieldErrors) {
	required := func(field, v string, limit int) {
		switch n := utf8.RuneCountInString(v); {
		case n == 0:
			fe.Add(field, "error.required")
		case n > limit:
			fe.Add(field, "error.too_long", limit)
		}
	}
	tooLong(fe, "operation", in.Operation)
	tooLong(fe, "unit", in.Unit)
	tooLong(fe, "raising_country", in.RaisingCountry)
	tooLong(fe, "country", in.Country)
	tooLong(fe, "raid_at", in.RaidAt)
	tooLong(fe, "forms", in.Forms...)
	for role, codes := range in.Linked {
		tooLong(fe, "linked_countries", role)
		tooLong(fe, "linked_countries", codes...)
	}
	required("title", in.Title, maxTitle)
	required("place", in.Place, maxPlace)
	required("raised_by", in.RaisedBy, maxName)
	if utf8.RuneCountInString(in.Summary) > maxSummary {
		fe.Add("summary", "error.too_long", maxSummary)
	}
	if len(in.Forms) == 0 {
		fe.Add("forms", "error.forms_required")
	}
	for _, f := range in.Forms {
		if !Form(f).Valid() {
			fe.Add("forms", "error.form_unknown", f)
		}
	}
	for role := range in.Linked {
		if !slices.Contains(LinkRoles, role) {
			fe.Add("linked_countries", "error.link_role_unknown", role)
		}
	}
	if in.RaidAt == "" {
		fe.Add("raid_at", "error.required")
	}
	if in.Country == "" {
		fe.Add("country", "error.required")
	} else if !iso2Pattern.MatchString(in.Country) {
		fe.Add("country", "error.country_code", in.Country)
	}
}

// parseRaidAt reads an RFC 3339 time (any offset) or a datetime-local value
// in the OCU's zone, and returns it in UTC, to the minute.
func parseRaidAt(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Minute), true
	}
	for _, layout := range []string{LocalTimeLayout, "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC().Truncate(time.Minute), true
		}
	}
	return time.Time{}, false
}

func trimmed(s string) string { return strings.TrimSpace(s) }
