package cases

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// home sends each user to where their work is: an officer to their
// country's cases and what needs them (/home), a supervisor to their OCU's
// dashboard and a coordinator to the operation's (both /dashboard, which
// scopes itself), an administrator to administration. Sign-in lands here
// when it has no page to return to. The capabilities decide, in access.go.
func (h *Handler) home(c echo.Context) error {
	p := principal(c.Request().Context())
	to := "/units"
	switch {
	case p.RaisesFor() != "":
		to = "/home"
	case p.MayReadDashboards():
		to = "/dashboard"
	case p.MayAdminister():
		to = "/admin"
	case p.MayReadCases():
		to = "/cases"
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// officerHome is /home: what needs an officer's country now, and its latest
// cases. Whoever raises for no one country has no such page and goes home.
func (h *Handler) officerHome(c echo.Context) error {
	ctx := c.Request().Context()
	p := principal(ctx)
	country := p.RaisesFor()
	if country == "" {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	op, err := h.Units.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	layout, err := h.Layout.Page(ctx, views.T(ctx, "home.title", r.country(country)), "home", op.Ref())
	if err != nil {
		return err
	}
	opQ := "op=" + url.QueryEscape(op.Code)
	d := views.HomeData{Page: layout, Country: r.country(country),
		AllHref: "/cases?" + opQ + "&country=" + url.QueryEscape(country), ReturnsHref: "/returns?" + opQ}
	if p.MayRaiseCases() {
		d.NewHref = "/cases/new?" + opQ
	}
	a, err := h.Store.CountryAttention(ctx, op.ID, country)
	if err != nil {
		return err
	}
	d.UnscreenedCases, d.UnscreenedPeople, d.StaleCount = a.UnscreenedCases, a.UnscreenedPeople, a.StaleCount
	for _, c := range a.Unscreened {
		d.Unscreened = append(d.Unscreened, views.AttentionRow{Reference: c.Reference, Href: "/cases/" + c.Reference + "#people",
			Title: c.Title, Detail: views.T(ctx, "home.unscreened_in_case", views.NumIn(ctx, int64(c.N)))})
	}
	u, ok := raisingUnit(r.Snapshot, op, country, p.UnitID)
	loc := time.UTC
	if ok {
		loc = u.Location()
	}
	for _, c := range a.Stale {
		row := views.AttentionRow{Reference: c.Reference, Href: "/cases/" + c.Reference, Title: c.Title}
		if c.Since != nil {
			row.DetailFormat, row.At = views.T(ctx, "home.stale_since"), views.When(ctx, *c.Since, loc)
		}
		d.Stale = append(d.Stale, row)
	}
	if err := h.returnDue(c, &d, op.ID, op.Code, country, loc, op.Days()); err != nil {
		return err
	}
	list, err := h.Store.List(ctx, Filter{OperationID: op.ID, Country: country, Brief: true, PerPage: 10})
	if err != nil {
		return err
	}
	for i := range list.Cases {
		d.Rows = append(d.Rows, r.caseRow(ctx, &list.Cases[i]))
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.Home(d))
}

// returnDue fills in today's return when it is due (today, where the
// country's OCU is, is an operation day) and not filed yet, if the reader
// may file it.
func (h *Handler) returnDue(c echo.Context, d *views.HomeData, opID int64, opCode, country string, loc *time.Location, days []string) error {
	ctx := c.Request().Context()
	today := h.Store.now().In(loc).Format(time.DateOnly)
	due := false
	for _, day := range days {
		due = due || day == today
	}
	if !due || !principal(ctx).MayFileReturnFor(country, 0) {
		return nil
	}
	rs, err := h.Units.Returns(ctx, opID, 0, country)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.CountryISO2 == country && r.Day == today {
			return nil
		}
	}
	d.ReturnHref = "/returns/" + country + "/" + today + "?op=" + url.QueryEscape(opCode)
	d.ReturnDay = today
	return nil
}
