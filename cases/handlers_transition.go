package cases

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// transition moves a case to the status of the button pressed. A refusal
// shows the case page again with the reason, keeping the note as typed.
func (h *Handler) transition(c echo.Context) error {
	ctx := c.Request().Context()
	ref := c.Param("ref")
	to, note := Status(strings.TrimSpace(c.FormValue("to"))), c.FormValue("note")
	version, err := formVersion(c)
	if err != nil {
		return err
	}
	if (to == Referred || to == Closed) && !web.Confirmed(c) {
		if ask, err := h.askBeforeMove(c, ref, to, note, version); ask || err != nil {
			return err
		}
	}
	cs, err := h.Store.Transition(ctx, ref, to, note, "", &version)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/cases/"+cs.Reference+"?saved=moved")
	}
	e, ok := asError(err)
	if !ok || (e.Kind != ocu.Invalid && e.Kind != ocu.Conflict) {
		return err
	}
	cur, gerr := h.Store.Get(ctx, ref)
	if gerr != nil {
		return gerr
	}
	msg, fields := e.Translate(translator(c))
	status := http.StatusConflict
	if e.Kind == ocu.Invalid {
		status = http.StatusUnprocessableEntity
	}
	d := views.CasePageData{Note: note, Error: msg, Errors: fields}
	return h.renderCase(c, status, cur, d)
}
