package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ocu-project/ocu/views"
)

// langFlag is --lang: the language a command writes its output in (the
// report, an export's code lists and summary).
func langFlag(fs *flagSet) *string {
	return fs.String("lang", views.DefaultLang, "the `language` of the output: "+strings.Join(views.Languages(), ", "))
}

// withLangFlag is ctx writing in lang, which ocu must ship.
func withLangFlag(ctx context.Context, lang string) (context.Context, error) {
	if !views.Ships(lang) {
		return ctx, fmt.Errorf("--lang %s: ocu speaks %s", lang, strings.Join(views.Languages(), ", "))
	}
	return views.WithLang(ctx, lang), nil
}
