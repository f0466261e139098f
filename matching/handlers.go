package matching

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Handler serves the review list of matches, the decisions, and the
// matches API.
type Handler struct {
	Store  *Store
	Layout web.Layout
}

// Register mounts the handler's routes.
func (h *Handler) Register(r web.Routes) {
	read := web.Require(ocu.Principal.MayReadMatches, "error.may_not_read_matches")
	r.Pages.GET("/matches", h.list, read)
	r.Pages.POST("/matches/:id/confirm", h.decide(true), read)
	r.Pages.POST("/matches/:id/dismiss", h.decide(false), read)
	r.API.GET("/matches", h.apiList, read)
	r.API.GET("/matches/:id", h.apiGet, read)
	r.API.GET("/people/:pseudonym/matches", h.apiForPerson, read)
	r.API.POST("/matches/:id/confirm", h.apiDecide(true), read)
	r.API.POST("/matches/:id/dismiss", h.apiDecide(false), read)
}

func matchID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ocu.Errorf(ocu.NotFound, "error.match_id")
	}
	return id, nil
}

func (h *Handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	status := c.QueryParam("status")
	ms, err := h.Store.List(ctx, status)
	if err != nil {
		return err
	}
	layout, err := h.Layout.Page(ctx, views.T(ctx, "match.title"), "matches", views.OperationRef{})
	if err != nil {
		return err
	}
	d := views.MatchesPageData{Page: layout, Status: status}
	for _, f := range []string{"", "open", "confirmed", "dismissed"} {
		key := "match.filter." + f
		if f == "" {
			key = "match.filter.all"
		}
		d.Filters = append(d.Filters, views.Option{Value: f, Label: views.T(ctx, key)})
	}
	if s := c.QueryParam("saved"); s == "confirmed" || s == "dismissed" {
		d.Saved = views.T(ctx, "match.saved."+s, c.QueryParam("id"))
	}
	for _, m := range ms {
		d.Rows = append(d.Rows, Row(m, ""))
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.MatchesPage(d))
}

// Row is m as a view row; on a person's page, self is their pseudonym.
func Row(m Match, self string) views.MatchRow {
	id := strconv.FormatInt(m.ID, 10)
	r := views.MatchRow{ID: id, Score: m.Score, Status: m.Status, Evidence: m.Evidence, A: side(m.A), B: side(m.B),
		Decided: m.DecidedUnit, MayDecide: m.MayDecide,
		ConfirmAction: "/matches/" + id + "/confirm", DismissAction: "/matches/" + id + "/dismiss"}
	if self != "" {
		r.Other = side(m.Other(self))
	}
	return r
}

func side(s Side) views.MatchSide {
	v := views.MatchSide{Visible: s.Visible, Unit: s.Unit, City: s.UnitCity, Country: s.Country}
	if s.Visible {
		v.Pseudonym, v.Href, v.CaseRef, v.CaseHref = s.Pseudonym, "/people/"+s.Pseudonym, s.Case, "/cases/"+s.Case
	}
	return v
}

// Section is the possible-matches section of the person with pseudonym.
func (s *Store) Section(ctx context.Context, pseudonym string) (views.MatchSection, error) {
	ms, err := s.ForPerson(ctx, pseudonym)
	if err != nil {
		return views.MatchSection{}, err
	}
	sec := views.MatchSection{Show: true}
	for _, m := range ms {
		sec.Rows = append(sec.Rows, Row(m, pseudonym))
	}
	return sec, nil
}

// CaseSection is the possible matches of the people of a case the reader
// sees, each row's Self the case's person.
func (s *Store) CaseSection(ctx context.Context, caseID int64, ref string) (views.MatchSection, error) {
	ms, err := s.ForCase(ctx, caseID, ref)
	if err != nil {
		return views.MatchSection{}, err
	}
	sec := views.MatchSection{Show: len(ms) > 0}
	for _, m := range ms {
		self := m.A
		if self.Case != ref {
			self = m.B
		}
		r := Row(m, self.Pseudonym)
		r.Self = side(self)
		sec.Rows = append(sec.Rows, r)
	}
	return sec, nil
}

func (h *Handler) decide(confirm bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := matchID(c)
		if err != nil {
			return err
		}
		m, err := h.Store.Decide(c.Request().Context(), id, confirm)
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/matches?saved="+m.Status+"&id="+strconv.FormatInt(id, 10))
	}
}

func (h *Handler) apiList(c echo.Context) error {
	ms, err := h.Store.List(c.Request().Context(), c.QueryParam("status"))
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []Match{}
	}
	return c.JSON(http.StatusOK, map[string]any{"matches": ms})
}

func (h *Handler) apiGet(c echo.Context) error {
	id, err := matchID(c)
	if err != nil {
		return err
	}
	m, err := h.Store.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (h *Handler) apiForPerson(c echo.Context) error {
	ms, err := h.Store.ForPerson(c.Request().Context(), c.Param("pseudonym"))
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []Match{}
	}
	return c.JSON(http.StatusOK, map[string]any{"matches": ms})
}

func (h *Handler) apiDecide(confirm bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		// The decision is in the address; a body, if sent, may hold
		// nothing (a misspelt field is refused, not ignored).
		if c.Request().ContentLength != 0 {
			var none struct{}
			if err := web.DecodeJSON(c, &none); err != nil {
				return err
			}
		}
		id, err := matchID(c)
		if err != nil {
			return err
		}
		m, err := h.Store.Decide(c.Request().Context(), id, confirm)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, m)
	}
}
