package cases

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Every rule a case's input must pass, in one place: its text and codes
// (checkText) and its fit with the reference data (validate).

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
// that need the reference data (attachment, country list, operation days)
// are validate's, which adds to the same FieldErrors.
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
	in.Found.groups(fe)
	if in.Country == "" {
		fe.Add("country", "error.required")
	} else if !iso2Pattern.MatchString(in.Country) {
		fe.Add("country", "error.country_code", in.Country)
	}
}

// resolved is the reference data an input was checked against.
type resolved struct {
	op     units.Operation
	unit   units.Unit
	raidAt time.Time
}

// validate normalises in and checks every rule against the reference data,
// collecting all field errors at once so the officer can fix the form in one
// go. It reads no database: the snapshot holds what it needs, which lets a
// bulk load validate thousands of inputs cheaply.
func validate(snap *units.Snapshot, in *Input, now time.Time) (resolved, error) {
	in.normalise()
	fe := ocu.FieldErrors{}
	in.checkText(fe)
	var r resolved

	opOK, unitOK := false, false
	if in.Operation == "" {
		fe.Add("operation", "error.required")
	} else if r.op, opOK = snap.Operation(in.Operation); !opOK {
		fe.Add("operation", "error.operation_not_found", in.Operation)
	}
	if in.Unit == "" && opOK && in.RaisingCountry != "" {
		// The OCU follows from the raising country's attachment; forms
		// ask only for the country, the API may name both.
		if a, ok := snap.Attachment(r.op.ID, in.RaisingCountry); ok {
			in.Unit = snap.UnitByID(a.UnitID).Code
		}
	}
	// With neither OCU nor raising country, the raising country's error
	// alone says what to fix: the form has no OCU field to point to.
	if in.Unit != "" {
		if r.unit, unitOK = snap.Unit(in.Unit); !unitOK {
			fe.Add("unit", "error.unit_not_found", in.Unit)
		}
	}

	switch a, attached := snap.Attachment(r.op.ID, in.RaisingCountry); {
	case in.RaisingCountry == "":
		fe.Add("raising_country", "error.required")
	case !opOK:
	case !attached:
		fe.Add("raising_country", "error.country_not_participating", in.RaisingCountry, r.op.Code)
	case unitOK && a.UnitID != r.unit.ID:
		fe.Add("raising_country", "error.country_other_unit", in.RaisingCountry, r.unit.Code)
	}

	if in.Country != "" && iso2Pattern.MatchString(in.Country) && snap.CountryName(in.Country) == "" {
		fe.Add("country", "error.country_unknown", in.Country)
	}
	for _, role := range LinkRoles {
		for _, code := range in.Linked[role] {
			if snap.CountryName(code) == "" {
				fe.Add("linked_countries", "error.country_unknown", code)
			}
		}
	}

	if in.RaidAt != "" {
		// A local time means nothing until we know the OCU's zone; without
		// it only the format can be checked.
		loc := time.UTC
		if unitOK {
			loc = r.unit.Location()
		}
		t, ok := parseRaidAt(in.RaidAt, loc)
		switch {
		case !ok:
			fe.Add("raid_at", "error.datetime_format")
		case !unitOK:
		case t.After(now.Add(5 * time.Minute)):
			fe.Add("raid_at", "error.raid_in_future")
		case opOK:
			checkRaidWindow(fe, r.op, r.unit, t) // followup_case.go
		}
		r.raidAt = t
	}
	return r, fe.Err()
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
