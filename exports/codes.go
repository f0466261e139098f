package exports

import (
	"context"
	"sort"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// The exports write codes (raid, potential_victim, PH), stable and
// machine-readable; a reader needs what they mean. Every export that a
// person opens carries the code lists with their labels in the reader's
// language: the zip as codes.csv, the workbook as its Codes sheet. Each
// row names the list, the columns that use it, the code and its label.

// CodesFile is the code list's name in the zip; CodesSheet in the workbook.
const (
	CodesFile  = "codes.csv"
	CodesSheet = "Codes"
)

// codeColumns are the columns of the code list.
var codeColumns = []column{{"list", kText}, {"used_in", kText}, {"code", kText}, {"label", kText}}

// codeList is one list of codes and the columns that hold them.
type codeList struct {
	name   string
	usedIn string
	codes  []string
	label  func(code string) string
}

// codeLists are every list the exports use, labelled for ctx's reader.
// Currencies are ISO 4217 codes and are not repeated here.
func codeLists(ctx context.Context, snap *units.Snapshot) []codeList {
	t := func(prefix string) func(string) string {
		return func(code string) string { return views.T(ctx, prefix+code) }
	}
	strs := func(xs ...[]string) []string {
		var out []string
		for _, x := range xs {
			out = append(out, x...)
		}
		return out
	}
	var statuses, forms, outcomes, charges []string
	for _, s := range cases.Statuses {
		statuses = append(statuses, string(s))
	}
	for _, f := range cases.AllForms() {
		forms = append(forms, string(f))
	}
	for _, o := range cases.Outcomes {
		outcomes = append(outcomes, string(o))
	}
	for _, c := range cases.Charges {
		charges = append(charges, string(c))
	}
	victimForms := cases.VictimForms()
	exploitation := func(code string) string {
		if code == "other" {
			return views.T(ctx, "charge.other")
		}
		return views.T(ctx, "form."+code)
	}
	var unitCodes []string
	unitNames := map[string]string{}
	for _, u := range snap.Units() {
		unitCodes = append(unitCodes, u.Code)
		unitNames[u.Code] = views.T(ctx, "unit.name", u.City)
	}
	var countries []string
	for _, c := range snap.Countries() {
		countries = append(countries, c.ISO2)
	}
	sort.Strings(countries)
	return []codeList{
		{"status", "cases.status history.from history.to", statuses, t("status.")},
		{"form", "cases.forms", forms, t("form.")},
		{"outcome", "people.outcome", outcomes, t("outcome.")},
		{"sex", "people.sex", strs(cases.Sexes), t("sex.")},
		{"age_band", "people.age_band", strs(cases.AgeBands), t("age.")},
		{"exploitation", "people.exploitation", victimForms, exploitation},
		{"charge", "suspects.charges", charges, t("charge.")},
		{"seizure_kind", "seizures.kind", strs(cases.SeizureKinds), t("seizure.")},
		{"mode", "attachments.mode", []string{units.InPerson, units.Online}, t("mode.")},
		{"unit", "cases.unit attachments.unit", unitCodes, func(c string) string { return unitNames[c] }},
		{"country", "cases.raising_country cases.country cases.origin cases.transit cases.destination people.nationality attachments.country returns.country",
			countries, func(c string) string { return views.CountryName(ctx, c, snap.CountryName(c)) }},
	}
}

// eachCode calls fn with every row of the plan's code list, and returns
// how many there were.
func (pl *plan) eachCode(fn func([]cell) error) (int, error) {
	row := make([]cell, len(codeColumns))
	n := 0
	for _, l := range codeLists(pl.ctx, pl.ref) {
		for _, code := range l.codes {
			row[0].s, row[1].s, row[2].s, row[3].s = l.name, l.usedIn, code, l.label(code)
			if err := fn(row); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
