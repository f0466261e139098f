package views

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
)

// Every user-facing text goes through T, keyed into a catalogue per
// language. A catalogue is the folder locales/<lang>/: its JSON files are
// merged, one per area of the application, and a key defined twice is an
// error. English is the only catalogue today; adding a language is adding a
// folder with the same keys.

//go:embed locales
var localeFiles embed.FS

// DefaultLang is used when a request names no language we have.
const DefaultLang = "en"

var catalogues = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	langs, err := localeFiles.ReadDir("locales")
	if err != nil {
		panic(err)
	}
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		lang := l.Name()
		out[lang] = map[string]string{}
		files, err := localeFiles.ReadDir("locales/" + lang)
		if err != nil {
			panic(err)
		}
		for _, f := range files {
			b, err := localeFiles.ReadFile("locales/" + lang + "/" + f.Name())
			if err != nil {
				panic(err)
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("locale %s/%s: %v", lang, f.Name(), err))
			}
			for k, v := range m {
				if _, dup := out[lang][k]; dup {
					panic(fmt.Sprintf("locale %s: key %q defined twice (%s)", lang, k, f.Name()))
				}
				out[lang][k] = v
			}
		}
	}
	return out
}()

// Catalogue returns the messages of lang, for tests and tooling.
func Catalogue(lang string) map[string]string { return catalogues[lang] }

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

// T translates key into the reader's language, formatting args with
// fmt verbs. A missing key falls back to English, then to the key itself,
// and is logged once so it gets noticed.
func T(ctx context.Context, key string, args ...any) string {
	lang := Lang(ctx)
	msg, ok := catalogues[lang][key]
	if !ok {
		msg, ok = catalogues[DefaultLang][key]
	}
	if !ok {
		if _, seen := missing.LoadOrStore(lang+":"+key, true); !seen {
			slog.Warn("missing translation", "lang", lang, "key", key)
		}
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
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
