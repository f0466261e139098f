package cases

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// registerTransfers mounts the routes of moving a case to another OCU.
func (h *Handler) registerTransfers(r web.Routes) {
	r.Pages.POST("/cases/:ref/transfers", h.proposeTransfer)
	r.Pages.GET("/transfers/:id", h.showTransfer)
	r.Pages.POST("/transfers/:id", h.decideTransfer)
	r.API.GET("/cases/:ref/transfers", h.apiListTransfers)
	r.API.POST("/cases/:ref/transfers", h.apiProposeTransfer)
	r.API.GET("/transfers/:id", h.apiGetTransfer)
	r.API.POST("/transfers/:id/:decision", h.apiDecideTransfer)
}

func transferID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ocu.Errorf(ocu.NotFound, "error.transfer_not_found", c.Param("id"))
	}
	return id, nil
}

// transferSection is the case page's section about moving the case.
func (h *Handler) transferSection(ctx context.Context, cs *Case, r snapshot, refusal error) (views.CaseTransferData, error) {
	var d views.CaseTransferData
	list, err := h.Store.Transfers(ctx, cs.ID)
	if err != nil {
		return d, err
	}
	for _, t := range list {
		d.Rows = append(d.Rows, transferRow(ctx, t))
	}
	if principal(ctx).MayProposeTransfer(cs.UnitID) {
		d.Action = "/cases/" + cs.Reference + "/transfers"
		for _, u := range r.Units() {
			if u.ID != cs.UnitID {
				d.Units = append(d.Units, views.Option{Value: u.Code, Label: views.T(ctx, "unit.name", u.City)})
			}
		}
	}
	var de *ocu.Error
	if errors.As(refusal, &de) {
		d.Error, d.Errors = de.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	}
	return d, nil
}

func transferRow(ctx context.Context, t Transfer) views.TransferRow {
	return views.TransferRow{Href: "/transfers/" + strconv.FormatInt(t.ID, 10), From: t.FromCode, To: t.ToCode,
		Status: views.T(ctx, "transfers.status."+t.Status), StatusCode: t.Status, Reason: t.Reason, DecisionReason: t.DecisionReason,
		ProposedBy: t.ProposedBy, DecidedBy: t.DecidedBy, At: views.When(ctx, t.CreatedAt, nil)}
}

func (h *Handler) proposeTransfer(c echo.Context) error {
	ctx := c.Request().Context()
	ref := c.Param("ref")
	if _, err := h.Store.ProposeTransfer(ctx, ref, c.FormValue("to_unit"), c.FormValue("reason")); err != nil {
		if k := ocu.KindOf(err); k == ocu.Invalid || k == ocu.Conflict {
			cs, gerr := h.Store.Get(ctx, ref)
			if gerr != nil {
				return gerr
			}
			return h.renderCase(c, web.Status(k), cs, views.CasePageData{TransferRefusal: err})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+ref+"?saved=transfer_proposed#transfer")
}

func (h *Handler) showTransfer(c echo.Context) error {
	id, err := transferID(c)
	if err != nil {
		return err
	}
	return h.renderTransfer(c, http.StatusOK, id, "", nil)
}

func (h *Handler) renderTransfer(c echo.Context, status int, id int64, reason string, refusal error) error {
	ctx := c.Request().Context()
	t, err := h.Store.GetTransfer(ctx, id)
	if err != nil {
		return err
	}
	d := views.TransferPageData{Row: transferRow(ctx, *t), Case: t.CaseRef, Reason: reason, Undecided: t.Status == TransferProposed}
	if _, err := h.Store.Get(ctx, t.CaseRef); err == nil {
		d.CaseHref = "/cases/" + t.CaseRef
	}
	p := principal(ctx)
	if t.Status == TransferProposed && p.MayDecideTransfer(t.ToUnit) {
		d.Action = "/transfers/" + strconv.FormatInt(t.ID, 10)
	}
	if s := c.QueryParam("saved"); s == TransferAccepted || s == TransferRejected {
		d.Saved = views.T(ctx, "transfers.saved."+s)
	}
	var de *ocu.Error
	if errors.As(refusal, &de) {
		d.Error, d.Errors = de.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	}
	if d.Page, err = h.Layout.Page(ctx, views.T(ctx, "transfers.heading", t.CaseRef), "cases", views.OperationRef{}); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.TransferPage(d))
}

func (h *Handler) decideTransfer(c echo.Context) error {
	id, err := transferID(c)
	if err != nil {
		return err
	}
	decision, reason := c.FormValue("decision"), c.FormValue("reason")
	if decision != "accept" && decision != "reject" {
		return h.renderTransfer(c, http.StatusUnprocessableEntity, id, reason, ocu.Refused("decision", ocu.Msg("error.transfer_decision")))
	}
	t, err := h.Store.DecideTransfer(c.Request().Context(), id, decision == "accept", reason)
	if err != nil {
		if k := ocu.KindOf(err); k == ocu.Invalid || k == ocu.Conflict {
			return h.renderTransfer(c, web.Status(k), id, reason, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/transfers/"+strconv.FormatInt(id, 10)+"?saved="+t.Status)
}

type proposeJSON struct {
	ToUnit string `json:"to_unit"`
	Reason string `json:"reason"`
}

func (h *Handler) apiProposeTransfer(c echo.Context) error {
	var in proposeJSON
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	t, err := h.Store.ProposeTransfer(c.Request().Context(), c.Param("ref"), in.ToUnit, in.Reason)
	if err != nil {
		return err
	}
	t, err = h.Store.GetTransfer(c.Request().Context(), t.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (h *Handler) apiListTransfers(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	list, err := h.Store.Transfers(ctx, cs.ID)
	if err != nil {
		return err
	}
	if list == nil {
		list = []Transfer{}
	}
	return c.JSON(http.StatusOK, map[string]any{"transfers": list})
}

func (h *Handler) apiGetTransfer(c echo.Context) error {
	id, err := transferID(c)
	if err != nil {
		return err
	}
	t, err := h.Store.GetTransfer(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

type decideJSON struct {
	Reason string `json:"reason"`
}

func (h *Handler) apiDecideTransfer(c echo.Context) error {
	id, err := transferID(c)
	if err != nil {
		return err
	}
	decision := c.Param("decision")
	if decision != "accept" && decision != "reject" {
		return ocu.Errorf(ocu.NotFound, "error.transfer_decision")
	}
	var in decideJSON
	if c.Request().ContentLength != 0 {
		if err := web.DecodeJSON(c, &in); err != nil {
			return err
		}
	}
	t, err := h.Store.DecideTransfer(c.Request().Context(), id, decision == "accept", in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}
