package web

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
)

// limitBody refuses a request body over max bytes with 413 and a message
// naming the limit: at once when the request declares its length, else
// when the reader passes the limit (the handler's read then fails with
// the same error, which the form reader and DecodeJSON hand back as it
// is).
func limitBody(max int64, label string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tooLarge := ocu.Errorf(ocu.TooLarge, "error.body_too_large", label)
			r := c.Request()
			if r.ContentLength > max {
				return tooLarge
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = &cappedBody{ReadCloser: r.Body, left: max, err: tooLarge}
			}
			return next(c)
		}
	}
}

// cappedBody reads at most left bytes, then fails with err.
type cappedBody struct {
	io.ReadCloser
	left int64
	err  error
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, b.err
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, b.err
	}
	return n, err
}

// boundInputs refuses, before any handler runs, every value of the path,
// the query string and a form body that is not valid UTF-8, holds a
// control character (NUL above all), or is longer than its limit
// (MaxParam characters in a query parameter or a path, unless params
// allows the parameter more; MaxText in a form field), and requests with
// more than MaxValues values: 422 naming the parameter and the limit.
// Handlers and the queries behind them then only ever see bounded text;
// each domain's validation applies its tighter per-field limits on top.
// JSON bodies are held to the same rules by DecodeJSON. With
// ownMultipart, a multipart body is left to the handler (the import
// upload, whose importer bounds it).
func boundInputs(params map[string]int, ownMultipart bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := checkInputs(c, params, ownMultipart); err != nil {
				return err
			}
			return next(c)
		}
	}
}

func checkInputs(c echo.Context, params map[string]int, ownMultipart bool) error {
	for i, name := range c.ParamNames() {
		if i < len(c.ParamValues()) {
			if m := CheckText(name, c.ParamValues()[i], MaxParam); m != nil {
				return ocu.Refused(name, *m)
			}
		}
	}
	r := c.Request()
	n := 0
	check := func(values map[string][]string, limit func(string) int) error {
		for name, vs := range values {
			if m := CheckName(name); m != nil {
				return ocu.Refused("", *m)
			}
			for _, v := range vs {
				if n++; n > MaxValues {
					return ocu.Refused("", ocu.Msg("error.too_many_values", MaxValues))
				}
				if m := CheckText(name, v, limit(name)); m != nil {
					return ocu.Refused(name, *m)
				}
			}
		}
		return nil
	}
	queryLimit := func(name string) int {
		if l, ok := params[name]; ok {
			return l
		}
		return MaxParam
	}
	if err := check(c.QueryParams(), queryLimit); err != nil {
		return err
	}
	var err error
	var values map[string][]string
	switch formKind(r) {
	case "urlencoded":
		if err = r.ParseForm(); err == nil {
			values = r.PostForm
		}
	case "multipart":
		// An upload reads its own multipart body: parsing it here would
		// spool the whole file before the importer's checks run.
		// Anywhere else a multipart form is a form like any other, and
		// the body limit keeps it small.
		if ownMultipart {
			return nil
		}
		if err = r.ParseMultipartForm(MaxBody); err == nil {
			values = r.MultipartForm.Value
		}
	default:
		return nil
	}
	if err != nil {
		var e *ocu.Error
		if errors.As(err, &e) {
			return e // the body limit
		}
		return ocu.Errorf(ocu.Invalid, "error.form_unreadable")
	}
	return check(values, func(string) int { return MaxText })
}

// formKind says which form encoding the request's body is in, if any.
func formKind(r *http.Request) string {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return ""
	}
	switch ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct {
	case "application/x-www-form-urlencoded":
		return "urlencoded"
	case "multipart/form-data":
		return "multipart"
	}
	return ""
}
