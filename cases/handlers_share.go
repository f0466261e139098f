package cases

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/web"
)

// share shares a case with the OCU chosen on the case page.
func (h *Handler) share(c echo.Context) error {
	if err := h.Store.Share(c.Request().Context(), c.Param("ref"), c.FormValue("unit")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+upper(c.Param("ref"))+"?saved=shared")
}

// unshare stops sharing a case with an OCU.
func (h *Handler) unshare(c echo.Context) error {
	if err := h.Store.Unshare(c.Request().Context(), c.Param("ref"), c.Param("unit")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+upper(c.Param("ref"))+"?saved=unshared")
}

type shareRequest struct {
	Unit string `json:"unit"`
}

// apiShare answers POST /api/v1/cases/{reference}/shares {"unit": "SKP"}.
func (h *Handler) apiShare(c echo.Context) error {
	var req shareRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := h.Store.Share(c.Request().Context(), c.Param("ref"), req.Unit); err != nil {
		return err
	}
	return h.apiGet(c)
}

// apiUnshare answers DELETE /api/v1/cases/{reference}/shares/{unit}.
func (h *Handler) apiUnshare(c echo.Context) error {
	if err := h.Store.Unshare(c.Request().Context(), c.Param("ref"), c.Param("unit")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
