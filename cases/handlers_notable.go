package cases

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// markNotable saves the notable flag and note from the case page. A note
// too long shows the case page again with the note as typed.
func (h *Handler) markNotable(c echo.Context) error {
	ctx := c.Request().Context()
	ref := c.Param("ref")
	notable, note := c.FormValue("notable") == "1", c.FormValue("notable_note")
	err := h.Store.MarkNotable(ctx, ref, notable, note)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/cases/"+upper(ref)+"?saved=notable")
	}
	e, ok := asError(err)
	if !ok || e.Kind != ocu.Invalid {
		return err
	}
	cur, gerr := h.Store.Get(ctx, ref)
	if gerr != nil {
		return gerr
	}
	_, fields := e.Translate(translator(c))
	// Shown back as typed, not saved: the form is where the error is.
	cur.Notable, cur.NotableNote = notable, note
	return h.renderCase(c, http.StatusUnprocessableEntity, cur, views.CasePageData{Errors: fields})
}

type notableRequest struct {
	Notable *bool  `json:"notable"`
	Note    string `json:"note"`
}

// apiMarkNotable answers PUT /api/v1/cases/{reference}/notable
// {"notable": true, "note": "…"} with the case.
func (h *Handler) apiMarkNotable(c echo.Context) error {
	var req notableRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.Notable == nil {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"notable": ocu.Msg("error.required")}}
	}
	if err := h.Store.MarkNotable(c.Request().Context(), c.Param("ref"), *req.Notable, req.Note); err != nil {
		return err
	}
	return h.apiGet(c)
}
