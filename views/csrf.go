package views

import "context"

// CSRFFieldName is the form field carrying the CSRF token; htmx requests
// send it as the X-CSRF-Token header instead.
const CSRFFieldName = "_csrf"

type csrfKey struct{}

// WithCSRF returns ctx carrying the request's CSRF token, for forms.
func WithCSRF(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, csrfKey{}, token)
}

// CSRFToken is the token every state-changing form must send back.
func CSRFToken(ctx context.Context) string {
	t, _ := ctx.Value(csrfKey{}).(string)
	return t
}

// htmxHeaders is the hx-headers attribute that makes htmx send the token.
func htmxHeaders(ctx context.Context) string {
	return `{"X-CSRF-Token": "` + CSRFToken(ctx) + `"}`
}
