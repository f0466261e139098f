package web

import (
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// ConfirmField is the form field that says an irreversible act was
// confirmed on its confirmation page.
const ConfirmField = "confirm"

// Confirmed reports whether a form posting an irreversible act carries
// confirm=1. Only the HTML form routes ask; the API is used by programs,
// which say what they mean, and acts at once.
func Confirmed(c echo.Context) bool { return c.FormValue(ConfirmField) == "1" }

// AskFirst answers an unconfirmed irreversible act with its confirmation
// page (200, nothing done): d says what will happen; the form values the
// user sent are carried to the Confirm button as they were, so confirming
// does exactly what was first asked. d.Action defaults to the address
// posted to.
func AskFirst(c echo.Context, d views.ConfirmData) error {
	req := c.Request()
	if err := req.ParseForm(); err != nil {
		return err
	}
	if d.Action == "" {
		d.Action = req.URL.RequestURI()
	}
	names := make([]string, 0, len(req.PostForm))
	for name := range req.PostForm {
		if name != views.CSRFFieldName && name != ConfirmField {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	d.Fields = d.Fields[:0]
	for _, name := range names {
		for _, v := range req.PostForm[name] {
			d.Fields = append(d.Fields, views.Field{Name: name, Value: v})
		}
	}
	return views.Render(req.Context(), c.Response(), http.StatusOK, views.ConfirmPage(d))
}
