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
// language. English is the only catalogue today; adding a language is adding
// locales/<lang>.json with the same keys.

//go:embed locales/*.json
var localeFiles embed.FS

// DefaultLang is used when a request names no language we have.
const DefaultLang = "en"

var catalogues = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	entries, err := localeFiles.ReadDir("locales")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		lang := strings.TrimSuffix(e.Name(), ".json")
		b, err := localeFiles.ReadFile("locales/" + e.Name())
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locale %s: %v", lang, err))
		}
		out[lang] = m
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
