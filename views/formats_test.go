package views

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestLocaleFormats(t *testing.T) {
	at := time.Date(2024, 10, 2, 14, 5, 0, 0, time.FixedZone("PST", 8*3600))
	for lang, want := range map[string]string{
		"en":    "Wed 2 Oct 2024 14:05 PST",
		"fr":    "mer. 2 oct. 2024 14:05 PST",
		"es":    "mié. 2 oct. 2024 14:05 PST",
		"ar":    "الأربعاء 2 أكتوبر 2024 14:05 PST",
		"en-XA": "Wed 2 Oct 2024 14:05 PST",
	} {
		if got := formatTimeIn(lang, at, timeLayout); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := formatTimeIn("fr", at, "Monday 2 January 2006"); got != "mercredi 2 octobre 2024" {
		t.Errorf("long French date %q", got)
	}
	for lang, want := range map[string]string{"en": "17,793", "fr": "17\u00a0793", "es": "17.793", "ar": "17,793"} {
		if got := numIn(lang, 17793); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	for lang, want := range map[string]string{"en": "Germany", "fr": "Allemagne", "es": "Alemania", "ar": "ألمانيا"} {
		if got := CountryNameIn(lang, "DE", "Germany"); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	// French collation puts Égypte among the E, not after Z.
	ctx := WithLang(context.Background(), "fr")
	if !Ships("fr") {
		AddDerived("fr", func(s string) string { return s }, false)
	}
	opts := LocalCountries(ctx, []Option{{Value: "ZM", Label: "Zambia"}, {Value: "EG", Label: "Egypt"}, {Value: "DK", Label: "Denmark"}, {Value: "ES", Label: "Spain"}})
	var got []string
	for _, o := range opts {
		got = append(got, o.Label)
	}
	if !slices.Equal(got, []string{"Danemark", "Égypte", "Espagne", "Zambie"}) {
		t.Errorf("French order %v", got)
	}
}

// Every shipped language has its month and day names.
func TestEveryLanguageHasDateNames(t *testing.T) {
	for _, l := range Languages() {
		if !HasDateNames(l) {
			t.Errorf("%s: no month and day names: add its github.com/go-playground/locales package to dateNames", l)
		}
	}
}
