package groups

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Handler serves the groups' pages and API.
type Handler struct {
	Store  *Store
	Units  *units.Store
	Layout web.Layout
}

// Register mounts the handler's routes.
func (h *Handler) Register(r web.Routes) {
	r.Pages.GET("/groups", h.list)
	r.Pages.GET("/groups/new", h.newForm)
	r.Pages.POST("/groups", h.create)
	r.Pages.GET("/groups/:id", h.show)
	r.Pages.GET("/groups/:id/edit", h.editForm)
	r.Pages.POST("/groups/:id", h.update)
	r.Pages.POST("/groups/:id/cases", h.addCase)
	r.Pages.POST("/groups/:id/cases/:ref/delete", h.removeCase)
	r.Pages.POST("/groups/:id/people", h.addPerson)
	r.Pages.POST("/groups/:id/people/:pseudonym/delete", h.removePerson)
	r.API.GET("/groups", h.apiList)
	r.API.POST("/groups", h.apiCreate)
	r.API.GET("/groups/:id", h.apiGet)
	r.API.PATCH("/groups/:id", h.apiUpdate)
	r.API.POST("/groups/:id/cases", h.apiAddCase)
	r.API.DELETE("/groups/:id/cases/:ref", h.apiRemoveCase)
	r.API.POST("/groups/:id/people", h.apiAddPerson)
	r.API.DELETE("/groups/:id/people/:pseudonym", h.apiRemovePerson)
}

// groupID reads the route's id; a malformed one is a group that does not
// exist.
func groupID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ocu.Errorf(ocu.NotFound, "error.group_not_found", c.Param("id"))
	}
	return id, nil
}

func (h *Handler) page(ctx context.Context, title string) (views.Page, error) {
	return h.Layout.CurrentPage(ctx, title, "groups")
}

func (h *Handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	rows, err := h.Store.List(ctx)
	if err != nil {
		return err
	}
	d := views.GroupsListData{CanKeep: principal(ctx).MayKeepGroups()}
	if d.Page, err = h.page(ctx, views.T(ctx, "groups.title")); err != nil {
		return err
	}
	for _, r := range rows {
		d.Rows = append(d.Rows, views.GroupListRow{Href: "/groups/" + strconv.FormatInt(r.ID, 10), Name: r.Name,
			Cases: views.NumIn(ctx, int64(r.Cases)), Members: views.NumIn(ctx, int64(r.Members))})
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.GroupsList(d))
}

func (h *Handler) newForm(c echo.Context) error {
	if err := mayKeep(principal(c.Request().Context())); err != nil {
		return err
	}
	return h.renderForm(c, http.StatusOK, 0, Input{}, nil)
}

// renderForm shows the group form, for group id (0: a new one), as typed,
// with refusal's messages.
func (h *Handler) renderForm(c echo.Context, status int, id int64, in Input, refusal error) error {
	ctx := c.Request().Context()
	d := views.GroupFormData{Name: in.Name, Summary: in.Summary, Version: in.Version,
		Heading: views.T(ctx, "groups.new"), Action: "/groups", Cancel: "/groups"}
	if id != 0 {
		s := "/groups/" + strconv.FormatInt(id, 10)
		d.Heading, d.Action, d.Cancel = views.T(ctx, "groups.edit_heading", in.Name), s, s
	}
	var de *ocu.Error
	if errors.As(refusal, &de) {
		d.Error, d.Errors = de.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	}
	var err error
	if d.Page, err = h.page(ctx, d.Heading); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.GroupForm(d))
}

func formInput(c echo.Context) Input {
	v, _ := strconv.Atoi(c.FormValue("version"))
	return Input{Name: c.FormValue("name"), Summary: c.FormValue("summary"), Version: v}
}

// refusedForm shows the form again for a refusal the user can fix.
func (h *Handler) refusedForm(c echo.Context, id int64, in Input, err error) error {
	if k := ocu.KindOf(err); k == ocu.Invalid || k == ocu.Conflict {
		return h.renderForm(c, web.Status(k), id, in, err)
	}
	return err
}

func (h *Handler) create(c echo.Context) error {
	in := formInput(c)
	g, err := h.Store.Create(c.Request().Context(), in)
	if err != nil {
		return h.refusedForm(c, 0, in, err)
	}
	return c.Redirect(http.StatusSeeOther, "/groups/"+strconv.FormatInt(g.ID, 10)+"?saved=created")
}

func (h *Handler) editForm(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := mayKeep(principal(ctx)); err != nil {
		return err
	}
	g, err := byID(h.Store.db.Read.WithContext(ctx), id)
	if err != nil {
		return err
	}
	return h.renderForm(c, http.StatusOK, id, Input{Name: g.Name, Summary: g.Summary, Version: g.Version}, nil)
}

func (h *Handler) update(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	in := formInput(c)
	if _, err := h.Store.Update(c.Request().Context(), id, in); err != nil {
		return h.refusedForm(c, id, in, err)
	}
	return back(c, id, "updated")
}

func back(c echo.Context, id int64, saved string) error {
	return c.Redirect(http.StatusSeeOther, "/groups/"+strconv.FormatInt(id, 10)+"?saved="+saved)
}

// show is a group's page.
func (h *Handler) show(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := groupID(c)
	if err != nil {
		return err
	}
	g, err := h.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	base := "/groups/" + strconv.FormatInt(id, 10)
	d := views.GroupPageData{Name: g.Name, Summary: g.Summary, CreatedBy: g.CreatedBy, CanKeep: principal(ctx).MayKeepGroups(),
		EditHref: base + "/edit", CaseAction: base + "/cases", PersonAction: base + "/people",
		Graph: layout(ctx, g), Shared: sharedLines(ctx, g)}
	switch s := c.QueryParam("saved"); s {
	case "created", "updated", "case_added", "case_removed", "person_added", "person_removed":
		d.Saved = views.T(ctx, "groups.saved_"+s)
	}
	if d.Page, err = h.page(ctx, g.Name); err != nil {
		return err
	}
	f := g.Figures
	for _, x := range []struct {
		key string
		n   int
	}{{"cases", f.Cases}, {"victims", f.Victims}, {"suspects", f.Suspects}, {"arrests", f.Arrests}, {"countries", f.Countries}, {"ocus", f.OCUs}} {
		d.Figures = append(d.Figures, views.Figure{Key: x.key, Label: views.T(ctx, "groups.figure."+x.key), Value: views.NumIn(ctx, int64(x.n))})
	}
	country := func(iso2 string) string {
		if n := snap.CountryName(iso2); n != "" {
			return n
		}
		return iso2
	}
	for _, cr := range g.Cases {
		d.Cases = append(d.Cases, views.GroupCaseRow{Href: "/cases/" + cr.Reference, Reference: cr.Reference, Title: cr.Title,
			Status: views.T(ctx, "status."+cr.Status), Unit: snap.UnitByID(cr.UnitID).City, Country: country(cr.RaisingCountry),
			Removable: cr.Member})
	}
	if g.HiddenCases > 0 {
		d.HiddenCases = views.TN(ctx, "groups.hidden_cases", int64(g.HiddenCases), views.NumIn(ctx, int64(g.HiddenCases)))
	}
	for _, m := range g.Members {
		row := views.GroupMemberRow{Href: "/people/" + m.Pseudonym, Pseudonym: m.Pseudonym, CaseHref: "/cases/" + m.Reference,
			Reference: m.Reference, Nationality: country(m.Nationality), Arrested: views.T(ctx, "groups.no")}
		if m.Arrested {
			row.Arrested = views.T(ctx, "groups.yes")
		}
		d.Members = append(d.Members, row)
	}
	if g.HiddenPeople > 0 {
		d.HiddenPeople = views.TN(ctx, "groups.hidden_people", int64(g.HiddenPeople), views.NumIn(ctx, int64(g.HiddenPeople)))
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.GroupPage(d))
}

func (h *Handler) addCase(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.AddCase(c.Request().Context(), id, c.FormValue("case")); err != nil {
		return err
	}
	return back(c, id, "case_added")
}

func (h *Handler) removeCase(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.RemoveCase(c.Request().Context(), id, c.Param("ref")); err != nil {
		return err
	}
	return back(c, id, "case_removed")
}

func (h *Handler) addPerson(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.AddPerson(c.Request().Context(), id, c.FormValue("person")); err != nil {
		return err
	}
	return back(c, id, "person_added")
}

func (h *Handler) removePerson(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.RemovePerson(c.Request().Context(), id, c.Param("pseudonym")); err != nil {
		return err
	}
	return back(c, id, "person_removed")
}
