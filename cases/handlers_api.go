package cases

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/web"
)

// withCurrent turns the newer case of a stale-version conflict into its
// JSON form, so the 409 body shows the client what changed.
func (h *Handler) withCurrent(c echo.Context, err error) error {
	e, ok := asError(err)
	if !ok || e.Current == nil {
		return err
	}
	newer, ok := e.Current.(*Case)
	if !ok {
		return err
	}
	r, rerr := loadSnapshot(c.Request().Context(), h.Units)
	if rerr != nil {
		return err
	}
	out := *e
	out.Current = r.caseJSON(newer)
	return &out
}

// detailJSON is a case with its history and the transitions offered now.
func (h *Handler) detailJSON(c echo.Context, cs *Case) (caseJSON, error) {
	ctx := c.Request().Context()
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return caseJSON{}, err
	}
	j := r.caseJSON(cs)
	facts, err := h.Store.Facts(ctx, cs)
	if err != nil {
		return j, err
	}
	t := translator(c)
	j.Transitions = []transitionJSON{}
	for _, o := range Available(cs, facts, principal(ctx)) {
		tj := transitionJSON{To: o.To, NeedsReason: o.NeedsReason, Allowed: len(o.Blocked) == 0}
		for i, m := range o.Blocked {
			if i > 0 {
				tj.Blocked += " "
			}
			tj.Blocked += t(m.Key, m.Args...)
		}
		j.Transitions = append(j.Transitions, tj)
	}
	history, err := h.Store.History(ctx, cs.ID)
	if err != nil {
		return j, err
	}
	for _, e := range history {
		j.History = append(j.History, historyJSON{From: e.FromStatus, To: e.ToStatus, Actor: e.Actor, Note: e.Note, At: e.At.UTC()})
	}
	return j, nil
}

// apiList answers GET /api/v1/cases with the same filters as the list page.
func (h *Handler) apiList(c echo.Context) error {
	ctx := c.Request().Context()
	f, _, err := h.parseFilter(ctx, c.QueryParams(), "operation")
	if err != nil {
		return err
	}
	page, err := h.Store.List(ctx, f)
	if err != nil {
		return err
	}
	if last := ocu.LastPage(page.Total, page.PerPage); page.Page > last {
		return web.PageNotFound(page.Page, last)
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	out := struct {
		Cases   []caseJSON `json:"cases"`
		Total   int64      `json:"total"`
		Page    int        `json:"page"`
		PerPage int        `json:"per_page"`
		Pages   int        `json:"pages"`
	}{Cases: []caseJSON{}, Total: page.Total, Page: page.Page, PerPage: page.PerPage, Pages: page.Pages()}
	for i := range page.Cases {
		out.Cases = append(out.Cases, r.caseJSON(&page.Cases[i]))
	}
	return c.JSON(http.StatusOK, out)
}

// apiGet answers GET /api/v1/cases/{reference}.
func (h *Handler) apiGet(c echo.Context) error {
	cs, err := h.Store.Get(c.Request().Context(), c.Param("ref"))
	if err != nil {
		return err
	}
	j, err := h.detailJSON(c, cs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// apiCreate answers POST /api/v1/cases.
func (h *Handler) apiCreate(c echo.Context) error {
	var in Input
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	cs, err := h.Store.Create(c.Request().Context(), in)
	if err != nil {
		return err
	}
	j, err := h.detailJSON(c, cs)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/cases/"+cs.Reference)
	return c.JSON(http.StatusCreated, j)
}

// patchJSON is a partial update: absent fields keep their stored value;
// version is required.
type patchJSON struct {
	Version *int                 `json:"version"`
	Title   *string              `json:"title"`
	Summary *string              `json:"summary"`
	Place   *string              `json:"place"`
	Country *string              `json:"country"`
	RaidAt  *string              `json:"raid_at"`
	Forms   *[]string            `json:"forms"`
	Linked  *map[string][]string `json:"linked_countries"`
}

// apiUpdate answers PATCH /api/v1/cases/{reference}.
func (h *Handler) apiUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	var p patchJSON
	if err := web.DecodeJSON(c, &p); err != nil {
		return err
	}
	if p.Version == nil {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"version": ocu.Msg("error.version_required")}}
	}
	cur, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	u := r.UnitByID(cur.UnitID)
	in := InputFrom(cur, r.OperationByID(cur.OperationID).Code, u.Code, u.Location())
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Title, p.Title)
	set(&in.Summary, p.Summary)
	set(&in.Place, p.Place)
	set(&in.Country, p.Country)
	set(&in.RaidAt, p.RaidAt)
	if p.Forms != nil {
		in.Forms = *p.Forms
	}
	if p.Linked != nil {
		in.Linked = *p.Linked
	}
	cs, err := h.Store.Update(ctx, cur.Reference, *p.Version, in)
	if err != nil {
		return h.withCurrent(c, err)
	}
	j, err := h.detailJSON(c, cs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// transitionRequest is the body of POST /api/v1/cases/{reference}/transitions.
type transitionRequest struct {
	To      Status `json:"to"`
	Note    string `json:"note"`
	By      string `json:"by"`
	Version *int   `json:"version"`
}

// apiTransition moves a case through the workflow.
func (h *Handler) apiTransition(c echo.Context) error {
	var req transitionRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.To == "" {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"to": ocu.Msg("error.required")}}
	}
	cs, err := h.Store.Transition(c.Request().Context(), c.Param("ref"), req.To, req.Note, req.By, req.Version)
	if err != nil {
		return h.withCurrent(c, err)
	}
	j, err := h.detailJSON(c, cs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}
