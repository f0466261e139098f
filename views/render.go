package views

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
)

// Render writes a component as an HTML response with the given status.
func Render(ctx context.Context, w http.ResponseWriter, status int, c templ.Component) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return c.Render(ctx, w)
}
