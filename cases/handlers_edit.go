package cases

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// editForm shows a case's editable fields with its current version.
func (h *Handler) editForm(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	// A form its reader could not save is not offered: 403 with why.
	if p := principal(ctx); !canChange(p, cs) {
		return readOnly(p, cs)
	}
	if cs.Status == Closed {
		return ocu.Errorf(ocu.Conflict, "error.case_closed", cs.Reference)
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	u := r.UnitByID(cs.UnitID)
	in := InputFrom(cs, r.OperationByID(cs.OperationID).Code, u.Code, u.Location())
	return h.renderEdit(c, http.StatusOK, cs, r, in, cs.Version, nil, "", nil)
}

func (h *Handler) renderEdit(c echo.Context, status int, cs *Case, r snapshot, in Input, version int, errs map[string]string, summary string, stale *views.CaseView) error {
	ctx := c.Request().Context()
	op := r.OperationByID(cs.OperationID)
	layout, err := h.Layout.Page(ctx, views.T(ctx, "form.edit_title", cs.Reference), "cases", op.Ref())
	if err != nil {
		return err
	}
	d, err := h.formData(ctx, layout, in, op, errs)
	if err != nil {
		return err
	}
	d.Editing, d.Reference, d.Values.Version = true, cs.Reference, version
	d.Action, d.CancelHref = "/cases/"+cs.Reference, "/cases/"+cs.Reference
	d.Zone = r.UnitByID(cs.UnitID).City + ": " + r.UnitByID(cs.UnitID).TimeZone
	d.Summary, d.Stale = summary, stale
	return views.Render(ctx, c.Response(), status, views.CaseForm(d))
}

// update saves an edit. Invalid input comes back as typed with errors; a
// save on a stale copy comes back as typed with the newer values shown and
// the newer version in the form, so saving again is a deliberate choice.
func (h *Handler) update(c echo.Context) error {
	ctx := c.Request().Context()
	ref := c.Param("ref")
	in, err := inputFromForm(c)
	if err != nil {
		return err
	}
	version, err := formVersion(c)
	if err != nil {
		return err
	}
	cs, err := h.Store.Update(ctx, ref, version, in)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/cases/"+cs.Reference+"?saved=updated")
	}
	e, ok := asError(err)
	if !ok || (e.Kind != ocu.Invalid && !(e.Kind == ocu.Conflict && e.Current != nil)) {
		return err
	}
	cur, gerr := h.Store.Get(ctx, ref)
	if gerr != nil {
		return gerr
	}
	r, rerr := loadSnapshot(ctx, h.Units)
	if rerr != nil {
		return rerr
	}
	msg, fields := e.Translate(translator(c))
	if e.Kind == ocu.Invalid {
		return h.renderEdit(c, http.StatusUnprocessableEntity, cur, r, in, version, fields, msg, nil)
	}
	newer := e.Current.(*Case)
	view := r.caseView(ctx, newer)
	return h.renderEdit(c, http.StatusConflict, cur, r, in, newer.Version, nil, "", &view)
}
