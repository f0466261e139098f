package views

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fr"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	xmessage "golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Locale formats, all from CLDR's data: month and day names
// (github.com/go-playground/locales, generated from CLDR), numbers with
// the language's separators (golang.org/x/text/number), country names in
// the reader's language (golang.org/x/text/language/display) and sorting
// by the language's collation (golang.org/x/text/collate). English reads
// exactly as it always did.

// dateNames holds each shipped language's month and day names. A fifth
// language adds its package here (the catalogue test checks there is one).
var dateNames = map[string]locales.Translator{"en": en.New(), "fr": fr.New(), "es": es.New(), "ar": ar.New()}

// numberTags says how a language writes numbers when that is not its
// CLDR default: Arabic with the digits 0-9 (CLDR's "latn" numbering, as in
// the Maghreb and in every reference and code ocu shows), not ٠-٩, so a
// figure reads the same in a table and in a case reference.
var numberTags = map[string]string{"ar": "ar-u-nu-latn"}

// base is lang's language without region or script: the pseudo-locale
// en-XA formats as English.
func base(lang string) string {
	b, _, _ := strings.Cut(lang, "-")
	return b
}

// HasDateNames reports whether ocu has lang's month and day names.
func HasDateNames(lang string) bool { _, ok := dateNames[base(lang)]; return ok }

// FormatTime is t.Format(layout) with the day and month names (Mon,
// Monday, Jan, January) in the reader's language.
func FormatTime(ctx context.Context, t time.Time, layout string) string {
	return formatTimeIn(Lang(ctx), t, layout)
}

func formatTimeIn(lang string, t time.Time, layout string) string {
	names, ok := dateNames[base(lang)]
	if !ok || base(lang) == "en" {
		return t.Format(layout)
	}
	var b strings.Builder
	for layout != "" {
		i, tok := nextNameToken(layout)
		if i < 0 {
			b.WriteString(t.Format(layout))
			break
		}
		if i > 0 {
			b.WriteString(t.Format(layout[:i]))
		}
		switch tok {
		case "Monday":
			b.WriteString(names.WeekdayWide(t.Weekday()))
		case "Mon":
			b.WriteString(names.WeekdayAbbreviated(t.Weekday()))
		case "January":
			b.WriteString(names.MonthWide(t.Month()))
		case "Jan":
			b.WriteString(names.MonthAbbreviated(t.Month()))
		}
		layout = layout[i+len(tok):]
	}
	return b.String()
}

// nextNameToken finds the first day or month name in a Go layout.
func nextNameToken(layout string) (int, string) {
	at, tok := -1, ""
	for _, name := range []string{"Monday", "Mon", "January", "Jan"} {
		if i := strings.Index(layout, name); i >= 0 && (at < 0 || i < at || i == at && len(name) > len(tok)) {
			at, tok = i, name
		}
	}
	return at, tok
}

var printers sync.Map // language → *xmessage.Printer

func printer(lang string) *xmessage.Printer {
	if p, ok := printers.Load(lang); ok {
		return p.(*xmessage.Printer)
	}
	tag := language.Make(lang)
	if t, ok := numberTags[base(lang)]; ok {
		tag = language.Make(t)
	}
	p, _ := printers.LoadOrStore(lang, xmessage.NewPrinter(tag))
	return p.(*xmessage.Printer)
}

// NumIn formats an integer with the reader's language's separators:
// 17,793 in English, 17 793 in French, 17.793 in Spanish.
func NumIn(ctx context.Context, n int64) string {
	return numIn(Lang(ctx), n)
}

func numIn(lang string, n int64) string {
	if base(lang) == "en" {
		return Num(n)
	}
	return printer(lang).Sprint(number.Decimal(n))
}

// CountryName is the country iso2 named in the reader's language, from
// CLDR; fallback (the reference data's English name) when CLDR has none.
func CountryName(ctx context.Context, iso2, fallback string) string {
	return CountryNameIn(Lang(ctx), iso2, fallback)
}

// CountryNameIn is CountryName in lang.
func CountryNameIn(lang, iso2, fallback string) string {
	if base(lang) == "en" {
		return fallback
	}
	r, err := language.ParseRegion(iso2)
	if err != nil {
		return fallback
	}
	if name := display.Regions(language.Make(lang)).Name(r); name != "" {
		return name
	}
	return fallback
}

// LocalCountries names the countries of options (their values are ISO
// codes) in the reader's language and sorts them by its collation. In
// English they keep their names and order.
func LocalCountries(ctx context.Context, opts []Option) []Option {
	lang := Lang(ctx)
	if base(lang) == "en" {
		return opts
	}
	for i := range opts {
		opts[i].Label = CountryNameIn(lang, opts[i].Value, opts[i].Label)
	}
	c := collate.New(language.Make(lang))
	slices.SortStableFunc(opts, func(a, b Option) int { return c.CompareString(a.Label, b.Label) })
	return opts
}

// SortStrings sorts names by the reader's language's collation: accents
// after their letter in French (Égypte beside Égypte, not after Zambie),
// Arabic in its alphabet's order.
func SortStrings(ctx context.Context, names []string) {
	collate.New(language.Make(Lang(ctx))).SortStrings(names)
}

// Collator compares strings in the reader's language's order, for sorting
// records by a name: c.CompareString(a, b).
func Collator(ctx context.Context) *collate.Collator {
	return collate.New(language.Make(Lang(ctx)))
}
