package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// kindStatus is the HTTP status of each kind of error: the one table both
// the error handler and the forms that show a refusal themselves read.
var kindStatus = map[ocu.Kind]int{
	ocu.Invalid:         http.StatusUnprocessableEntity,
	ocu.NotFound:        http.StatusNotFound,
	ocu.Conflict:        http.StatusConflict,
	ocu.Forbidden:       http.StatusForbidden,
	ocu.Unauthenticated: http.StatusUnauthorized,
	ocu.TooMany:         http.StatusTooManyRequests,
	ocu.TooLarge:        http.StatusRequestEntityTooLarge,
	ocu.Internal:        http.StatusInternalServerError,
}

// Status is the HTTP status of an error of kind k.
func Status(k ocu.Kind) int { return kindStatus[k] }

// Refusal says whether err is one a form shows above itself, as typed
// (bad input, or a clash with stored records such as a username taken),
// and with which status. Anything else is for the error handler.
func Refusal(err error) (*ocu.Error, int, bool) {
	var e *ocu.Error
	if !errors.As(err, &e) {
		return nil, 0, false
	}
	switch e.Kind {
	case ocu.Invalid, ocu.Conflict:
		return e, Status(e.Kind), true
	}
	return nil, 0, false
}

// jsonErrors marks, in the echo context, a request whose errors are
// answered as JSON: its group's rules say so (Rules.JSON).
const jsonErrors = "web.json_errors"

// answerErrorsAsJSON is the first thing a JSON group's routes run.
func answerErrorsAsJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(jsonErrors, true)
		return next(c)
	}
}

// apiError is the JSON body of every API error.
type apiError struct {
	Status  int               `json:"status"`
	Error   string            `json:"error"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Current any               `json:"current,omitempty"`
}

// ErrorHandler is the one place errors become responses: domain errors by
// their kind, echo's own (unknown route, wrong method) by their status, and
// anything else as a logged 500 that shows the user no internals. The
// route's group decides the form: JSON for the API, a page otherwise.
func ErrorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ctx := c.Request().Context()
	t := func(key string, args ...any) string { return views.T(ctx, key, args...) }
	body := apiError{Status: http.StatusInternalServerError, Error: ocu.Internal.String(), Message: t("error.internal")}

	var de *ocu.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de):
		body.Status, body.Error = Status(de.Kind), de.Kind.String()
		body.Message, body.Fields = de.Translate(t)
		body.Current = de.Current
		if de.Kind == ocu.Internal {
			slog.Error("request failed", "route", c.Path(), "err", err)
		}
	case errors.As(err, &he):
		body.Status = he.Code
		body.Error = strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_"))
		switch he.Code {
		case http.StatusNotFound:
			body.Message = t("error.page_not_found")
		case http.StatusMethodNotAllowed:
			body.Message = t("error.method_not_allowed")
		case http.StatusRequestEntityTooLarge:
			body.Message = t("error.too_large")
		default:
			body.Message = http.StatusText(he.Code)
		}
	default:
		slog.Error("request failed", "route", c.Path(), "err", err)
	}

	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(body.Status)
		return
	}
	if asJSON, _ := c.Get(jsonErrors).(bool); asJSON {
		_ = c.JSON(body.Status, body)
		return
	}
	page := views.ErrorData{Status: body.Status, Message: body.Message, Back: "/units"}
	page.Page.Title = t("error.title." + body.Error)
	if body.Fields != nil {
		for _, m := range body.Fields {
			page.Message += " " + m
		}
	}
	if rerr := views.Render(ctx, c.Response(), body.Status, views.ErrorPage(page)); rerr != nil {
		slog.Error("render error page", "err", rerr)
	}
}
