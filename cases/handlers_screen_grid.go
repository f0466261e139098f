package cases

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// gridPerPage is how many people the screening grid shows at once.
const gridPerPage = 100

// gridForm is the screening grid as posted: the rows as typed, the
// selection and the values to set on it (applied here when the browser ran
// no script to apply them), and the row the officer was on.
type gridForm struct {
	rows     []GridRow
	selected map[string]bool
	fill     views.GridFill
	at       string
}

// readGridForm reads the grid's form: "row" lists the pseudonyms in order;
// each row's fields are named by field and pseudonym (o.P, s.P, a.P, n.P,
// v.P for the version seen).
func readGridForm(c echo.Context, r snapshot) (gridForm, error) {
	f, err := c.FormParams()
	if err != nil {
		return gridForm{}, ocu.Errorf(ocu.Invalid, "error.form_unreadable")
	}
	g := gridForm{selected: map[string]bool{}, at: f.Get("at"),
		fill: views.GridFill{Outcome: f.Get("fill_outcome"), Sex: f.Get("fill_sex"), AgeBand: f.Get("fill_age_band"), Nationality: f.Get("fill_nationality")}}
	for _, ps := range f["sel"] {
		g.selected[strings.ToUpper(ps)] = true
	}
	for _, ps := range f["row"] {
		v, _ := strconv.Atoi(f.Get("v." + ps))
		row := GridRow{Pseudonym: ps, Version: v, Outcome: f.Get("o." + ps), Sex: f.Get("s." + ps),
			AgeBand: f.Get("a." + ps), Nationality: f.Get("n." + ps)}
		if g.selected[strings.ToUpper(ps)] {
			set := func(dst *string, v string) {
				if v = strings.TrimSpace(v); v != "" {
					*dst = v
				}
			}
			set(&row.Outcome, g.fill.Outcome)
			set(&row.Sex, g.fill.Sex)
			set(&row.AgeBand, g.fill.AgeBand)
			set(&row.Nationality, g.fill.Nationality)
		}
		row.Nationality = r.countryCode(row.Nationality)
		g.rows = append(g.rows, row)
	}
	return g, nil
}

// countryCode turns a country typed by name ("Myanmar") into its code;
// anything else is kept as typed, for validation to judge.
func (r snapshot) countryCode(typed string) string {
	typed = strings.TrimSpace(typed)
	if len(typed) <= 2 {
		return typed
	}
	for _, c := range r.Countries() {
		if strings.EqualFold(c.Name, typed) {
			return c.ISO2
		}
	}
	return typed
}

// screenGrid shows the grid. ?select=all selects every row shown,
// ?next=N the first N still unscreened, ?sel=P one person (repeatable):
// what the script does in place, done by the server without it.
func (h *Handler) screenGrid(c echo.Context) error {
	return h.renderGrid(c, http.StatusOK, nil, nil)
}

// saveScreenGrid saves every row of the grid in one go; a refusal shows
// the grid again as typed, each error on its row.
func (h *Handler) saveScreenGrid(c echo.Context) error {
	ctx := c.Request().Context()
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	g, err := readGridForm(c, r)
	if err != nil {
		return err
	}
	n, err := h.Store.ScreenRows(ctx, c.Param("ref"), g.rows)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		return h.renderGrid(c, http.StatusUnprocessableEntity, &g, e)
	}
	if err != nil {
		return err
	}
	q := url.Values{"saved": {"grid"}, "n": {strconv.Itoa(n)}}
	for _, k := range []string{"outcome", "ppage"} {
		if v := c.QueryParam(k); v != "" {
			q.Set(k, v)
		}
	}
	// Back where the officer was: the row they were on, else the grid.
	at := "grid"
	for _, row := range g.rows {
		if g.at == "row-"+row.Pseudonym {
			at = g.at
		}
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+strings.ToUpper(c.Param("ref"))+"/screen?"+q.Encode()+"#"+at)
}

// renderGrid renders the grid of the case, from the store or, after a
// refused save, as typed (posted) with the refusal's errors.
func (h *Handler) renderGrid(c echo.Context, status int, posted *gridForm, refusal *ocu.Error) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	if cs.Status == Closed {
		return ocu.Errorf(ocu.Conflict, "error.case_closed", cs.Reference)
	}
	if !canContribute(principal(ctx), cs) {
		return readOnly(principal(ctx), cs)
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	outcome := Outcome(c.QueryParam("outcome"))
	if !outcomeValid(outcome) {
		outcome = ""
	}
	page := 1
	if v, err := strconv.Atoi(c.QueryParam("ppage")); err == nil && v > 1 {
		page = v
	}
	pp, err := h.Store.People(ctx, cs, outcome, page, gridPerPage)
	if err != nil {
		return err
	}
	if last := ocu.LastPage(pp.Total, pp.PerPage); pp.Page > last {
		if pp, err = h.Store.People(ctx, cs, outcome, last, gridPerPage); err != nil {
			return err
		}
	}
	base := "/cases/" + cs.Reference
	layout, err := h.Layout.Page(ctx, views.T(ctx, "grid.title", cs.Reference), "cases", r.OperationByID(cs.OperationID).Ref())
	if err != nil {
		return err
	}
	pageQuery := func(extra url.Values) string {
		q := url.Values{}
		if outcome != "" {
			q.Set("outcome", string(outcome))
		}
		if pp.Page > 1 {
			q.Set("ppage", strconv.Itoa(pp.Page))
		}
		for k, v := range extra {
			q[k] = v
		}
		if len(q) == 0 {
			return ""
		}
		return "?" + q.Encode()
	}
	d := views.ScreenGridData{
		Page: layout, CaseRef: cs.Reference, CaseHref: base, CaseTitle: cs.Title,
		Action: base + "/screen" + pageQuery(nil), PickAction: base + "/screen",
		AllHref: base + "/screen" + pageQuery(url.Values{"select": {"all"}}) + "#grid", NoneHref: base + "/screen" + pageQuery(nil) + "#grid",
		Choices: r.personChoices(ctx), Unscreened: cs.Unscreened, Total: cs.PeopleCount, PageNo: pp.Page,
		Pages: ocu.LastPage(pp.Total, pp.PerPage),
	}
	if c.QueryParam("saved") == "grid" {
		n, _ := strconv.Atoi(c.QueryParam("n"))
		d.Saved = views.T(ctx, "grid.saved", n)
	}
	if d.PageNo > 1 {
		d.PrevHref = base + "/screen?" + url.Values{"ppage": {strconv.Itoa(d.PageNo - 1)}, "outcome": {string(outcome)}}.Encode()
	}
	if d.PageNo < d.Pages {
		d.NextHref = base + "/screen?" + url.Values{"ppage": {strconv.Itoa(d.PageNo + 1)}, "outcome": {string(outcome)}}.Encode()
	}

	// The selection asked for in the address (no script), or as posted.
	selected := map[string]bool{}
	next, _ := strconv.Atoi(c.QueryParam("next"))
	if next > 0 {
		d.Next = strconv.Itoa(next)
	}
	for _, ps := range c.QueryParams()["sel"] {
		selected[strings.ToUpper(ps)] = true
	}
	typed := map[string]GridRow{}
	if posted != nil {
		selected, d.Fill = posted.selected, posted.fill
		for _, row := range posted.rows {
			typed[strings.ToUpper(row.Pseudonym)] = row
		}
	}
	rowErrors := map[string]map[string]string{}
	if refusal != nil {
		msg, fields := refusal.Translate(translator(c))
		d.Summary = msg
		for key, m := range fields {
			ps, field, ok := strings.Cut(key, ".")
			if !ok {
				d.Errors = append(d.Errors, m)
				continue
			}
			if rowErrors[ps] == nil {
				rowErrors[ps] = map[string]string{}
			}
			rowErrors[ps][field] = m
		}
	}
	for _, p := range pp.People {
		row := views.GridRowView{Pseudonym: p.Pseudonym, Href: "/people/" + p.Pseudonym, Version: p.Version,
			Outcome: string(p.Outcome), Sex: p.Sex, AgeBand: p.AgeBand, Nationality: p.Nationality, Minor: p.Minor,
			Errors: rowErrors[p.Pseudonym]}
		if t, ok := typed[p.Pseudonym]; ok {
			row.Version, row.Outcome, row.Sex, row.AgeBand, row.Nationality = t.Version, t.Outcome, t.Sex, t.AgeBand, t.Nationality
			row.Minor = IsMinorBand(t.AgeBand)
		}
		switch {
		case c.QueryParam("select") == "all":
			row.Selected = true
		case next > 0 && row.Outcome == string(Unscreened):
			row.Selected = true
			next--
		default:
			row.Selected = selected[p.Pseudonym]
		}
		row.Details = personRow(ctx, r, &p, false).Details
		d.Rows = append(d.Rows, row)
	}
	return views.Render(ctx, c.Response(), status, views.ScreenGrid(d))
}
