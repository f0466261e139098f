package cases

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// registerLinks mounts the routes of linked cases and partner countries.
func (h *Handler) registerLinks(r web.Routes) {
	r.Pages.POST("/cases/:ref/links", h.link)
	r.Pages.POST("/cases/:ref/links/:id/delete", h.unlink)
	r.Pages.POST("/cases/:ref/partners", h.addPartner)
	r.Pages.POST("/cases/:ref/partners/:country/delete", h.removePartner)
	r.API.GET("/cases/:ref/links", h.apiLinks)
	r.API.POST("/cases/:ref/links", h.apiLink)
	r.API.DELETE("/cases/:ref/links/:id", h.apiUnlink)
	r.API.GET("/cases/:ref/partners", h.apiPartners)
	r.API.POST("/cases/:ref/partners", h.apiAddPartner)
	r.API.DELETE("/cases/:ref/partners/:country", h.apiRemovePartner)
}

// linksSection fills the case page's links and partners for its reader.
func (h *Handler) linksSection(ctx context.Context, cs *Case, r snapshot) (views.CaseLinksSection, error) {
	var d views.CaseLinksSection
	links, err := h.Store.Links(ctx, cs)
	if err != nil {
		return d, err
	}
	partners, err := h.Store.Partners(ctx, cs)
	if err != nil {
		return d, err
	}
	p := principal(ctx)
	base := "/cases/" + cs.Reference
	d.CanLink, d.LinkAction, d.PartnerAction = p.MayLinkCase(cs.UnitID, cs.RaisingCountry), base+"/links", base+"/partners"
	for _, l := range links {
		row := views.CaseLinkRow{ID: l.ID, Kind: views.T(ctx, "links.kind."+l.Side), LinkedBy: l.LinkedBy}
		if l.Visible {
			row.Href, row.Reference, row.Title, row.Reason = "/cases/"+l.Reference, l.Reference, l.Title, l.Reason
			row.Status = statusText(ctx, l.Status)
		} else {
			row.Elsewhere = views.T(ctx, "links.elsewhere", r.UnitByID(l.OtherUnitID).City, r.country(l.OtherCountry))
		}
		d.Links = append(d.Links, row)
	}
	for _, c := range partners {
		d.Partners = append(d.Partners, views.Option{Value: c, Label: r.country(c)})
	}
	if p.PartnerOf(partners) && !canChange(p, cs) {
		d.PartnerNote = views.T(ctx, "partners.you", r.country(p.Country))
	}
	if d.CanLink {
		for _, k := range LinkKinds {
			d.Kinds = append(d.Kinds, views.Option{Value: k, Label: views.T(ctx, "links.kind."+k)})
		}
		for _, a := range r.Attached(cs.OperationID) {
			if a.ISO2 != cs.RaisingCountry && !slices.Contains(partners, a.ISO2) {
				d.Countries = append(d.Countries, views.Option{Value: a.ISO2, Label: a.Name})
			}
		}
	}
	return d, nil
}

func backToLinks(c echo.Context, saved string) error {
	return c.Redirect(http.StatusSeeOther, "/cases/"+upper(c.Param("ref"))+"?saved="+saved+"#links")
}

// link links the case to another, from the case page's form.
func (h *Handler) link(c echo.Context) error {
	in := LinkInput{Other: c.FormValue("case"), Kind: c.FormValue("kind"), Reason: c.FormValue("reason")}
	if _, err := h.Store.LinkCases(c.Request().Context(), c.Param("ref"), in); err != nil {
		return err
	}
	return backToLinks(c, "linked")
}

func linkID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return 0, ocu.Errorf(ocu.NotFound, "error.link_not_found", c.Param("id"), upper(c.Param("ref")))
	}
	return id, nil
}

// unlink removes a link (reversible: the case can be linked again).
func (h *Handler) unlink(c echo.Context) error {
	id, err := linkID(c)
	if err != nil {
		return err
	}
	if err := h.Store.UnlinkCases(c.Request().Context(), c.Param("ref"), id); err != nil {
		return err
	}
	return backToLinks(c, "unlinked")
}

func (h *Handler) addPartner(c echo.Context) error {
	if err := h.Store.AddPartner(c.Request().Context(), c.Param("ref"), c.FormValue("country")); err != nil {
		return err
	}
	return backToLinks(c, "partner_added")
}

func (h *Handler) removePartner(c echo.Context) error {
	if err := h.Store.RemovePartner(c.Request().Context(), c.Param("ref"), c.Param("country")); err != nil {
		return err
	}
	return backToLinks(c, "partner_removed")
}

// linkJSON is a link in the API. A linked case outside the reader's scope
// carries only its OCU and raising country.
type linkJSON struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Side      string    `json:"side"`
	Visible   bool      `json:"visible"`
	Unit      string    `json:"unit"`
	Country   string    `json:"country"`
	Case      string    `json:"case,omitempty"`
	Title     string    `json:"title,omitempty"`
	Status    string    `json:"status,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	LinkedBy  string    `json:"linked_by"`
	CreatedAt time.Time `json:"created_at"`
}

// apiLinks answers GET /api/v1/cases/{reference}/links.
func (h *Handler) apiLinks(c echo.Context) error { return h.writeLinks(c, http.StatusOK) }

// writeLinks answers with the case's links as its reader sees them.
func (h *Handler) writeLinks(c echo.Context, status int) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	links, err := h.Store.Links(ctx, cs)
	if err != nil {
		return err
	}
	out := make([]linkJSON, 0, len(links))
	for _, l := range links {
		out = append(out, linkJSON{ID: l.ID, Kind: l.Kind, Side: l.Side, Visible: l.Visible, Unit: r.UnitByID(l.OtherUnitID).Code,
			Country: l.OtherCountry, Case: l.Reference, Title: l.Title, Status: string(l.Status), Reason: l.Reason,
			LinkedBy: l.LinkedBy, CreatedAt: l.CreatedAt})
	}
	return c.JSON(status, map[string]any{"links": out})
}

// apiLink answers POST /api/v1/cases/{reference}/links
// {"case": "LIB2-SKP-0003", "kind": "same_network", "reason": "..."}.
func (h *Handler) apiLink(c echo.Context) error {
	var in LinkInput
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if _, err := h.Store.LinkCases(c.Request().Context(), c.Param("ref"), in); err != nil {
		return err
	}
	return h.writeLinks(c, http.StatusCreated)
}

// apiUnlink answers DELETE /api/v1/cases/{reference}/links/{id}.
func (h *Handler) apiUnlink(c echo.Context) error {
	id, err := linkID(c)
	if err != nil {
		return err
	}
	if err := h.Store.UnlinkCases(c.Request().Context(), c.Param("ref"), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiPartners answers GET /api/v1/cases/{reference}/partners.
func (h *Handler) apiPartners(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	partners, err := h.Store.Partners(ctx, cs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"partners": partners})
}

type partnerRequest struct {
	Country string `json:"country"`
}

// apiAddPartner answers POST /api/v1/cases/{reference}/partners {"country": "PY"}.
func (h *Handler) apiAddPartner(c echo.Context) error {
	var req partnerRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := h.Store.AddPartner(c.Request().Context(), c.Param("ref"), req.Country); err != nil {
		return err
	}
	return h.apiPartners(c)
}

// apiRemovePartner answers DELETE /api/v1/cases/{reference}/partners/{country}.
func (h *Handler) apiRemovePartner(c echo.Context) error {
	if err := h.Store.RemovePartner(c.Request().Context(), c.Param("ref"), c.Param("country")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
