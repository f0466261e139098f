package cases_test

import (
	"testing"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/views"
)

// Keys built at run time from the taxonomy, statuses and options must all
// have an English text.
func TestDynamicKeysAreInTheCatalogue(t *testing.T) {
	en := views.Catalogue("en")
	var keys []string
	for _, s := range cases.Statuses {
		keys = append(keys, "status."+string(s))
	}
	for _, tr := range cases.Workflow() {
		keys = append(keys, "move."+string(tr.To))
	}
	for _, g := range cases.FormGroups {
		keys = append(keys, "formgroup."+g.Code)
	}
	for _, f := range cases.AllForms() {
		keys = append(keys, "form."+string(f))
	}
	for _, s := range cases.SortOptions {
		keys = append(keys, "sort."+s)
	}
	for _, r := range cases.LinkRoles {
		keys = append(keys, "link."+r)
	}
	for _, f := range []string{"operation", "unit", "raising_country", "title", "summary", "place", "country", "raid_at", "forms", "linked_countries", "raised_by", "note", "by", "to"} {
		keys = append(keys, "field."+f)
	}
	for _, o := range cases.Outcomes {
		keys = append(keys, "outcome."+string(o))
	}
	for _, x := range cases.Sexes {
		keys = append(keys, "sex."+x)
	}
	for _, a := range cases.AgeBands {
		keys = append(keys, "age."+a)
	}
	for _, c := range cases.Charges {
		keys = append(keys, "charge."+string(c))
	}
	for _, k := range cases.SeizureKinds {
		keys = append(keys, "seizure."+k)
	}
	for _, f := range []string{"count", "outcome", "sex", "age_band", "nationality", "exploitation", "assistance_org", "assistance_date",
		"name", "birth_date", "arrested", "arrested_at", "charges", "prosecution_authority", "prosecution_ref", "prosecution_date",
		"people", "kind", "description", "quantity", "currency", "value_usd", "recorded_by"} {
		keys = append(keys, "field."+f)
	}
	for _, s := range []string{"created", "updated", "moved", "person_added", "person_saved", "seizure_added", "seizure_deleted", "people_added", "screened"} {
		keys = append(keys, "case.saved_"+s)
	}
	for _, k := range keys {
		if _, ok := en[k]; !ok {
			t.Errorf("missing English text for %q", k)
		}
	}
}
