package views

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/ocu-project/ocu"
)

// Every user-facing text goes through T (or TN for a text that counts
// something), keyed into a catalogue per language. A catalogue is the
// folder locales/<lang>/: its JSON files are merged, one per area of the
// application, and a key defined twice is an error. Adding a language is
// adding a folder with the same keys (the catalogue test checks them). An entry is a string, or, when it counts something, an object of
// CLDR plural forms (plural.go).

//go:embed locales
var localeFiles embed.FS

// DefaultLang is used when a request names no language we have.
const DefaultLang = "en"

var catalogues = func() map[string]catalogue {
	out := map[string]catalogue{}
	langs, err := localeFiles.ReadDir("locales")
	if err != nil {
		panic(err)
	}
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		sub, err := fs.Sub(localeFiles, "locales/"+l.Name())
		if err != nil {
			panic(err)
		}
		c, err := loadCatalogue(l.Name(), sub)
		if err != nil {
			panic(err)
		}
		out[l.Name()] = c
	}
	return out
}()

// Catalogue returns the messages of lang, for tests and tooling: a plural
// entry gives its "other" form.
func Catalogue(lang string) map[string]string {
	out := map[string]string{}
	for k, m := range catalogues[lang] {
		out[k] = m.text
		if m.forms != nil {
			out[k] = m.forms[formOther]
		}
	}
	return out
}

// Languages lists the languages ocu ships (a folder under locales/ each),
// English first, then by code: the languages a reader may choose.
func Languages() []string {
	out := []string{DefaultLang}
	for l := range catalogues {
		if l != DefaultLang && !hidden[l] {
			out = append(out, l)
		}
	}
	slices.Sort(out[1:])
	return out
}

// Ships reports whether lang is a language ocu offers its readers.
func Ships(lang string) bool {
	_, ok := catalogues[lang]
	return ok && !hidden[lang]
}

// hidden holds catalogues that may be rendered but are never offered nor
// matched from a browser's languages: the pseudo-locale of the tests.
var hidden = map[string]bool{}

type langKey struct{}

// WithLang returns ctx carrying the reader's language.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang returns the language carried by ctx, or DefaultLang when ctx
// carries none or one ocu does not ship.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		if _, have := catalogues[l]; have {
			return l
		}
	}
	return DefaultLang
}

// matcher picks among the shipped languages with CLDR's language
// distances (golang.org/x/text/language): fr-CH, fr-SN and fr reach
// French, ar-EG and ar-MA Arabic; a language ocu does not ship reaches
// English.
var matcher = newMatcher()

func newMatcher() language.Matcher {
	var tags []language.Tag
	for _, l := range Languages() {
		tags = append(tags, language.Make(l))
	}
	return language.NewMatcher(tags)
}

// AddCatalogue loads one more language from fsys, as a folder of
// locales/ would: for tests (a throwaway catalogue, the pseudo-locale),
// before any request is served. A hidden language renders when a context
// carries it but is never offered or matched.
func AddCatalogue(lang string, fsys fs.FS, hide bool) error {
	c, err := loadCatalogue(lang, fsys)
	if err != nil {
		return err
	}
	catalogues[lang] = c
	if hide {
		hidden[lang] = true
	}
	matcher = newMatcher()
	return nil
}

// PickLang chooses the best shipped language for an Accept-Language
// header, in the order of the reader's preferences.
func PickLang(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return DefaultLang
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return DefaultLang
	}
	return Languages()[i]
}

// Dir is the direction of the reader's language, "rtl" or "ltr", for the
// dir attribute of <html>: from the script CLDR gives the language.
func Dir(ctx context.Context) string {
	return LangDir(Lang(ctx))
}

// LangDir is the direction of lang's script.
func LangDir(lang string) string {
	script, _ := language.Make(lang).Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return "rtl"
	}
	return "ltr"
}

// LangName is lang named in itself (English, Français, Español, العربية),
// from CLDR's data, for the language switcher.
func LangName(lang string) string {
	tag := language.Make(lang)
	name := display.Self.Name(tag)
	if name == "" {
		return lang
	}
	// CLDR names languages in lower case in languages that write them so
	// in running text (français); a menu entry starts with a capital.
	r, size := utf8.DecodeRuneInString(name)
	return cases.Title(tag).String(string(r)) + name[size:]
}

var missing sync.Map

// lookup finds key in the reader's language. A language ocu ships has
// every key (the catalogue test sees to it); one it does not ship was
// already read as English (Lang). A key missing all the same is logged
// once and shown as itself, never silently in another language.
func lookup(ctx context.Context, key string) (lang string, m message, ok bool) {
	lang = Lang(ctx)
	if m, ok = catalogues[lang][key]; ok {
		return lang, m, true
	}
	if _, seen := missing.LoadOrStore(lang+":"+key, true); !seen {
		slog.Warn("missing translation", "lang", lang, "key", key)
	}
	return lang, message{}, false
}

// T translates key into the reader's language, formatting args with
// fmt verbs. A missing key shows as the key itself, and is logged once so
// it gets noticed. A plural entry reached through T
// (an error message built far from the page, say) takes its form from the
// first integer among args; pages say which number counts with TN.
func T(ctx context.Context, key string, args ...any) string {
	args = translatedArgs(ctx, args)
	lang, m, ok := lookup(ctx, key)
	if !ok {
		return key
	}
	if m.forms == nil {
		return format(isolate(lang, m.text, args), args)
	}
	n, _ := firstInt(args)
	return formatForm(isolate(lang, m.pick(lang, n), args), args)
}

// TN translates a text that counts n things: the form (one, other, and in
// other languages zero, two, few, many) is chosen for n by the reader's
// language's CLDR plural rules; args fill the text, usually n itself or
// Num(n).
func TN(ctx context.Context, key string, n int64, args ...any) string {
	args = translatedArgs(ctx, args)
	lang, m, ok := lookup(ctx, key)
	if !ok {
		return key
	}
	if m.forms == nil {
		return format(isolate(lang, m.text, args), args)
	}
	return formatForm(isolate(lang, m.pick(lang, n), args), args)
}

// isolate wraps each argument of a right-to-left text in Unicode's
// first-strong isolate (U+2068 … U+2069), so that a reference, a code or
// a number read left to right inside it, whole and in place
// (LIB2-MNL-0007 never reads 0007-MNL-LIB2), while an argument in Arabic
// still reads right to left. Left-to-right texts are left as they are.
func isolate(lang, msg string, args []any) string {
	if len(args) == 0 || LangDir(lang) != "rtl" {
		return msg
	}
	return placeholder.ReplaceAllStringFunc(msg, func(p string) string {
		if p == "%%" {
			return p
		}
		return "\u2068" + p + "\u2069"
	})
}

func format(msg string, args []any) string {
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// formatForm formats a plural form, which may leave out the number it was
// chosen for (Arabic's dual says "two cases" in one word): the arguments
// it does not use are dropped rather than reported by fmt.
func formatForm(msg string, args []any) string {
	out := format(msg, args)
	if i := strings.LastIndex(out, "%!(EXTRA "); i >= 0 && !strings.Contains(msg, "%!(EXTRA ") {
		out = out[:i]
	}
	return out
}

func firstInt(args []any) (int64, bool) {
	for _, a := range args {
		switch v := a.(type) {
		case int:
			return int64(v), true
		case int64:
			return v, true
		case int32:
			return int64(v), true
		}
	}
	return 0, false
}

// Num formats an integer with thousands separators.
func Num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// translatedArgs renders the arguments that are themselves messages (an
// action's or a status's label inside a refusal) in the reader's language,
// so a domain says "the action acknowledge" as ocu.Msg and never puts an
// English code in a French or Arabic sentence.
func translatedArgs(ctx context.Context, args []any) []any {
	var out []any
	for i, a := range args {
		m, ok := a.(ocu.Message)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = T(ctx, m.Key, m.Args...)
	}
	if out == nil {
		return args
	}
	return out
}
