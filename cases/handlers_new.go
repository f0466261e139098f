package cases

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// newForm shows an empty case form for the chosen (or current) operation.
func (h *Handler) newForm(c echo.Context) error {
	ctx := c.Request().Context()
	if !principal(ctx).MayRaiseCases() {
		return ocu.Errorf(ocu.Forbidden, "error.cannot_raise")
	}
	op, err := h.Units.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	p := principal(ctx)
	in := Input{Operation: op.Code, RaisingCountry: c.QueryParam("country")}
	if in.RaisingCountry == "" {
		// An officer raises cases for their own country only: one field
		// fewer to fill under time pressure.
		in.RaisingCountry = p.RaisesFor()
	}
	// Most raids happen in the raising country: it is the raid country
	// until someone changes it.
	in.Country = in.RaisingCountry
	ref, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	if u, ok := raisingUnit(ref, op, in.RaisingCountry, p.UnitID); ok {
		in.RaidAt = raidAtDefault(h.Store.now(), u, op)
	}
	return h.renderNew(c, http.StatusOK, in, nil, "")
}

func (h *Handler) renderNew(c echo.Context, status int, in Input, errs map[string]string, summary string) error {
	ctx := c.Request().Context()
	op, err := h.Units.OperationOrCurrent(ctx, in.Operation)
	if err != nil {
		if op, err = h.Units.CurrentOperation(ctx); err != nil {
			return err
		}
	}
	layout, err := h.Layout.Page(ctx, views.T(ctx, "form.new_title"), "cases", op.Ref())
	if err != nil {
		return err
	}
	d, err := h.formData(ctx, layout, in, op, errs)
	if err != nil {
		return err
	}
	d.Action, d.CancelHref, d.Summary = "/cases", "/cases", summary
	return views.Render(ctx, c.Response(), status, views.CaseForm(d))
}

// create stores a new case, or shows the form again, as typed, with what to
// fix next to each field.
func (h *Handler) create(c echo.Context) error {
	in, err := inputFromForm(c)
	if err != nil {
		return err
	}
	typed := in
	if strings.TrimSpace(in.Title) == "" && strings.TrimSpace(in.Place) != "" {
		// A title left blank is named after the place, in the words of
		// whoever raised it: one field fewer at 3 a.m. (the API still
		// asks for a title).
		in.Title = views.T(c.Request().Context(), "case.title_from_place", strings.TrimSpace(in.Place))
	}
	cs, err := h.Store.Create(c.Request().Context(), in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		msg, fields := e.Translate(translator(c))
		return h.renderNew(c, http.StatusUnprocessableEntity, typed, fields, msg)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+cs.Reference+"?saved=created")
}
