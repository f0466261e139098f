package views

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

func TestEnglishPluralForms(t *testing.T) {
	ctx := WithLang(context.Background(), "en")
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 people screened."}, {1, "1 person screened."}, {2, "2 people screened."}, {21, "21 people screened."}} {
		if got := TN(ctx, "case.saved_screened", tc.n, tc.n); got != tc.want {
			t.Errorf("TN(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := TN(ctx, "cases.count", 1, Num(1)); got != "1 case" {
		t.Errorf("cases.count 1 = %q", got)
	}
	if got := TN(ctx, "cases.count", 1234, Num(1234)); got != "1,234 cases" {
		t.Errorf("cases.count 1234 = %q", got)
	}
	// Through T (errors built far from the page), the first integer counts.
	if got := T(ctx, "guard.unscreened", 1); got != "1 person is still unscreened: screen them first." {
		t.Errorf("T plural = %q", got)
	}
	if got := T(ctx, "error.param_too_long", "q", 200); got != "q: at most 200 characters." {
		t.Errorf("T plural after a string = %q", got)
	}
}

// The English catalogue's plural entries hold every form English needs,
// and every message that counts is a plural entry.
func TestPluralEntriesHaveTheFormsTheirLanguageNeeds(t *testing.T) {
	for lang := range catalogues {
		need := FormsNeeded(lang)
		for key, have := range PluralKeys(lang) {
			for _, f := range need {
				if !slices.Contains(have, f) {
					t.Errorf("%s: %s lacks the %q form (%s needs %v)", lang, key, f, lang, need)
				}
			}
		}
	}
	if got := FormsNeeded("en"); !slices.Equal(got, []string{"one", "other"}) {
		t.Errorf("en needs %v, CLDR says one and other", got)
	}
	plurals := PluralKeys("en")
	for _, key := range []string{"case.saved_screened", "case.saved_people_added", "cases.count", "guard.unscreened",
		"people.showing_all", "dashboard.people_found", "audit.verify.intact", "audit.cli.intact", "operations.n_days",
		"unit.n_countries", "admin.users.caption", "dashboard.in_screening_for", "dashboard.days_missing"} {
		if _, ok := plurals[key]; !ok {
			t.Errorf("%s counts something but is not a plural entry", key)
		}
	}
}

// A made-up French and Arabic entry: the form chosen for each number is
// CLDR's, which no English-only rule (n == 1) gets right.
func TestPluralRulesFollowCLDR(t *testing.T) {
	fr, err := loadCatalogue("fr", fstest.MapFS{"x.json": {Data: []byte(
		`{"n": {"one": "%d cas (un)", "many": "%d cas (beaucoup)", "other": "%d cas"}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	ar, err := loadCatalogue("ar", fstest.MapFS{"x.json": {Data: []byte(
		`{"n": {"zero": "zero", "one": "one", "two": "two", "few": "few", "many": "many", "other": "other"}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		c    catalogue
		n    int64
		want string
	}{
		{"fr", fr, 0, "%d cas (un)"}, {"fr", fr, 1, "%d cas (un)"}, {"fr", fr, 2, "%d cas"},
		{"ar", ar, 0, "zero"}, {"ar", ar, 1, "one"}, {"ar", ar, 2, "two"}, {"ar", ar, 3, "few"}, {"ar", ar, 10, "few"},
		{"ar", ar, 11, "many"}, {"ar", ar, 99, "many"}, {"ar", ar, 100, "other"}, {"ar", ar, 102, "other"}, {"ar", ar, 103, "few"},
	} {
		if got := tc.c["n"].pick(tc.lang, tc.n); got != tc.want {
			t.Errorf("%s %d: got %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if got := FormsNeeded("ar"); len(got) != 6 {
		t.Errorf("ar needs %v, CLDR says six forms", got)
	}
	if got := FormsNeeded("fr"); slices.Contains(got, "zero") || !slices.Contains(got, "one") {
		t.Errorf("fr needs %v", got)
	}
	// A form the entry lacks falls back to "other".
	if got := fr["n"].pick("fr", 5); got != "%d cas" {
		t.Errorf("fr 5: %q", got)
	}
	// A malformed entry is refused when the catalogue loads.
	for _, bad := range []string{`{"n": {"one": "x"}}`, `{"n": {"single": "x", "other": "y"}}`, `{"n": 3}`} {
		if _, err := loadCatalogue("xx", fstest.MapFS{"x.json": {Data: []byte(bad)}}); err == nil {
			t.Errorf("%s loaded", bad)
		}
	}
}
