package views

import "context"

type pageURIKey struct{}

// WithPageURI returns ctx holding the path and query of the page being
// served, where the language switcher comes back to.
func WithPageURI(ctx context.Context, uri string) context.Context {
	return context.WithValue(ctx, pageURIKey{}, uri)
}

// pageURI is the page the switcher returns to (checked by the caller of
// WithPageURI: accounts.SwitchBack).
func pageURI(ctx context.Context) string {
	uri, _ := ctx.Value(pageURIKey{}).(string)
	return uri
}

// LangOption is one entry of the language switcher.
type LangOption struct {
	Code, Name, Dir string
	Current         bool
}

// langOptions lists the languages a reader may choose, each named in
// itself, the reader's own marked.
func langOptions(ctx context.Context) []LangOption {
	cur := Lang(ctx)
	var out []LangOption
	for _, l := range Languages() {
		out = append(out, LangOption{Code: l, Name: LangName(l), Dir: LangDir(l), Current: l == cur})
	}
	return out
}
