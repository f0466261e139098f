package requests

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/web"
)

func (h *Handler) apiList(c echo.Context) error {
	box := c.QueryParam("box")
	if box != "in" && box != "out" {
		box = ""
	}
	list, err := h.Store.List(c.Request().Context(), Filter{Box: box, Open: c.QueryParam("open") == "true"})
	if err != nil {
		return err
	}
	if list == nil {
		list = []Request{}
	}
	return c.JSON(http.StatusOK, map[string]any{"requests": list})
}

func (h *Handler) apiSend(c echo.Context) error {
	var in Input
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	r, err := h.Store.Send(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return h.apiAnswer(c, http.StatusCreated, r.ID)
}

func (h *Handler) apiGet(c echo.Context) error {
	id, err := requestID(c)
	if err != nil {
		return err
	}
	return h.apiAnswer(c, http.StatusOK, id)
}

// apiAnswer sends request id as its reader sees it, recording a view of
// the names it shows.
func (h *Handler) apiAnswer(c echo.Context, status int, id int64) error {
	ctx := c.Request().Context()
	d, err := h.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := h.Store.RecordIdentityView(ctx, d); err != nil {
		return err
	}
	return c.JSON(status, d)
}

// actionJSON is the body of an action: the text (reply, answer, reason)
// and the version the client last read: required, so that an action on a
// request someone changed since is refused (409) rather than taken blind.
type actionJSON struct {
	Body    string `json:"body"`
	Version int    `json:"version"`
}

func (h *Handler) apiAct(c echo.Context) error {
	id, err := requestID(c)
	if err != nil {
		return err
	}
	var in actionJSON
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version <= 0 {
		return ocu.Refused("version", ocu.Msg("error.request_version_required"))
	}
	if _, err := h.Store.Act(c.Request().Context(), id, c.Param("action"), in.Body, in.Version); err != nil {
		return err
	}
	return h.apiAnswer(c, http.StatusOK, id)
}
