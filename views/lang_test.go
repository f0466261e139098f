package views

import (
	"context"
	"testing"
)

func TestDirectionAndNamesFromCLDR(t *testing.T) {
	for lang, want := range map[string]string{"en": "ltr", "fr": "ltr", "es": "ltr", "ar": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl", "ru": "ltr"} {
		if got := LangDir(lang); got != want {
			t.Errorf("LangDir(%s) = %s", lang, got)
		}
	}
	for lang, want := range map[string]string{"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"} {
		if got := LangName(lang); got != want {
			t.Errorf("LangName(%s) = %q, want %q", lang, got, want)
		}
	}
	if Dir(context.Background()) != "ltr" || Lang(WithLang(context.Background(), "tlh")) != "en" {
		t.Error("a language ocu does not ship reads as English, left to right")
	}
}

// A shipped language is matched from the browser's preferences, regional
// variants included; a hidden one (the pseudo-locale) never is, and is
// never offered, but renders when asked for.
func TestMatchingAndHiddenLanguages(t *testing.T) {
	if !Ships("ar") {
		AddDerived("ar", func(s string) string { return "ع " + s }, false)
	}
	AddPseudoLocale()
	if got := PickLang("ar-MA,fr;q=0.5"); got != "ar" {
		t.Errorf("ar-MA picks %s", got)
	}
	if got := PickLang("en-XA"); got != "en" || Ships(PseudoLang) {
		t.Errorf("the pseudo-locale is matched (%s) or offered", got)
	}
	for _, l := range Languages() {
		if l == PseudoLang {
			t.Error("pseudo-locale offered")
		}
	}
	ctx := WithLang(context.Background(), PseudoLang)
	if got := T(ctx, "unit.name", "Dakar"); got != "ÖÇÛ~~ Dakar" {
		t.Errorf("pseudo unit.name = %q", got)
	}
	if got := TN(ctx, "cases.count", 2, Num(2)); got != "2 çášéš~~" {
		t.Errorf("pseudo cases.count = %q", got)
	}
	if Dir(WithLang(context.Background(), "ar")) != "rtl" {
		t.Error("Arabic is right to left")
	}
}

// In a right-to-left language every argument is isolated, so a reference
// reads whole and left to right inside Arabic; English is untouched.
func TestArgumentsIsolatedInRightToLeftText(t *testing.T) {
	ar := mustLoad(t, "ar", `{"saved": "تم حفظ القضية %s.", "n": {"zero": "%d", "one": "%d", "two": "قضيتان", "few": "%d قضايا", "many": "%d", "other": "%d"}, "p": "%d%%"}`)
	saved, had := catalogues["ar"]
	defer func() {
		if had {
			catalogues["ar"] = saved
		} else {
			delete(catalogues, "ar")
		}
	}()
	catalogues["ar"] = ar
	ctx := WithLang(context.Background(), "ar")
	if got := T(ctx, "saved", "LIB2-MNL-0007"); got != "تم حفظ القضية \u2068LIB2-MNL-0007\u2069." {
		t.Errorf("got %q", got)
	}
	if got := TN(ctx, "n", 3, 3); got != "\u20683\u2069 قضايا" {
		t.Errorf("got %q", got)
	}
	if got := TN(ctx, "n", 2, 2); got != "قضيتان" {
		t.Errorf("got %q", got)
	}
	if got := T(ctx, "p", 40); got != "\u206840\u2069%" {
		t.Errorf("got %q", got)
	}
	if got := T(WithLang(context.Background(), "en"), "unit.name", "Dakar"); got != "OCU Dakar" {
		t.Errorf("English changed: %q", got)
	}
}
