package views

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"sync"
)

// Every user-facing text goes through T (or TN for a text that counts
// something), keyed into a catalogue per language. A catalogue is the
// folder locales/<lang>/: its JSON files are merged, one per area of the
// application, and a key defined twice is an error. English is the only
// catalogue today; adding a language is adding a folder with the same
// keys. An entry is a string, or, when it counts something, an object of
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

type langKey struct{}

// WithLang returns ctx carrying the reader's language.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang returns the language carried by ctx, or DefaultLang.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		if _, have := catalogues[l]; have {
			return l
		}
	}
	return DefaultLang
}

// PickLang chooses the best catalogue for an Accept-Language header.
func PickLang(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if _, ok := catalogues[base]; ok {
			return base
		}
	}
	return DefaultLang
}

var missing sync.Map

// lookup finds key in the reader's language, then in English.
func lookup(ctx context.Context, key string) (lang string, m message, ok bool) {
	lang = Lang(ctx)
	if m, ok = catalogues[lang][key]; ok {
		return lang, m, true
	}
	if m, ok = catalogues[DefaultLang][key]; ok {
		return DefaultLang, m, true
	}
	if _, seen := missing.LoadOrStore(lang+":"+key, true); !seen {
		slog.Warn("missing translation", "lang", lang, "key", key)
	}
	return lang, message{}, false
}

// T translates key into the reader's language, formatting args with
// fmt verbs. A missing key falls back to English, then to the key itself,
// and is logged once so it gets noticed. A plural entry reached through T
// (an error message built far from the page, say) takes its form from the
// first integer among args; pages say which number counts with TN.
func T(ctx context.Context, key string, args ...any) string {
	lang, m, ok := lookup(ctx, key)
	if !ok {
		return key
	}
	msg := m.text
	if m.forms != nil {
		n, _ := firstInt(args)
		msg = m.pick(lang, n)
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// TN translates a text that counts n things: the form (one, other, and in
// other languages zero, two, few, many) is chosen for n by the reader's
// language's CLDR plural rules; args fill the text, usually n itself or
// Num(n).
func TN(ctx context.Context, key string, n int64, args ...any) string {
	lang, m, ok := lookup(ctx, key)
	if !ok {
		return key
	}
	msg := m.text
	if m.forms != nil {
		msg = m.pick(lang, n)
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
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
