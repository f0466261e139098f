package cases

import (
	"context"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// parseFilter reads the list filters from the query string. Unknown values
// are reported per field: the API answers 422 with them, the page ignores
// them (a hand-edited URL should still show a list).
func (h *Handler) parseFilter(ctx context.Context, q url.Values, opParam string) (Filter, units.Operation, error) {
	fe := ocu.FieldErrors{}
	f := Filter{Query: q.Get("q"), Sort: q.Get("sort"), Country: q.Get("country")}
	op, err := h.Units.OperationOrCurrent(ctx, q.Get(opParam))
	if err != nil {
		return f, op, err
	}
	f.OperationID = op.ID
	if code := q.Get("unit"); code != "" {
		if u, err := h.Units.Unit(ctx, code); err == nil {
			f.UnitID = u.ID
		} else {
			fe.Add("unit", "error.unit_not_found", code)
		}
	}
	if s := Status(q.Get("status")); s != "" {
		if s.Valid() {
			f.Status = s
		} else {
			fe.Add("status", "workflow.unknown_status", string(s))
		}
	}
	if fm := Form(q.Get("form")); fm != "" {
		if fm.Valid() {
			f.Form = fm
		} else {
			fe.Add("form", "error.form_unknown", string(fm))
		}
	}
	if s := q.Get("sort"); s != "" {
		if _, ok := sortSQL[s]; !ok {
			fe.Add("sort", "error.sort_unknown", s)
		}
	}
	if p := q.Get("page"); p != "" {
		if n, err := strconv.Atoi(p); err == nil && n > 0 {
			f.Page = n
		} else {
			fe.Add("page", "error.page_number")
		}
	}
	if p := q.Get("per_page"); p != "" {
		if n, err := strconv.Atoi(p); err == nil && n > 0 && n <= MaxPerPage {
			f.PerPage = n
		} else {
			fe.Add("per_page", "error.per_page", MaxPerPage)
		}
	}
	f.Normalise()
	return f, op, fe.Err()
}

// list is the case list page with its filters, search, sort and pages. A
// page number that is not one shows page 1, and one past the last shows
// the last, each with a note saying so.
func (h *Handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	f, op, err := h.parseFilter(ctx, q, "op")
	if err != nil && ocu.KindOf(err) != ocu.Invalid {
		return err
	}
	notice := ""
	if e, ok := asError(err); ok && e.Fields["page"].Key != "" {
		notice = views.T(ctx, "list.page_not_a_number", q.Get("page"))
	}
	f.Brief = true
	page, err := h.Store.List(ctx, f)
	if err != nil {
		return err
	}
	if last := ocu.LastPage(page.Total, page.PerPage); page.Page > last {
		notice = views.T(ctx, "list.page_past_end", page.Page, last)
		f.Page = last
		if page, err = h.Store.List(ctx, f); err != nil {
			return err
		}
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	layout, err := h.Layout.Page(ctx, views.T(ctx, "cases.title"), "cases", op.Ref())
	if err != nil {
		return err
	}
	layout.Notice = notice
	d := views.CaseListData{Page: layout, Query: f.Query, Total: page.Total, PageNo: page.Page, Pages: page.Pages(),
		NewHref: "/cases/new?op=" + url.QueryEscape(op.Code)}
	for _, u := range r.Units() {
		d.Units = append(d.Units, views.Option{Value: u.Code, Label: u.Code + " · " + u.City, Selected: u.ID == f.UnitID})
	}
	for _, a := range r.Attached(op.ID) {
		if f.UnitID == 0 || a.UnitID == f.UnitID {
			d.Countries = append(d.Countries, views.Option{Value: a.ISO2, Label: a.Name, Selected: a.ISO2 == f.Country})
		}
	}
	d.Countries = views.LocalCountries(ctx, d.Countries)
	for _, s := range Statuses {
		d.Statuses = append(d.Statuses, views.Option{Value: string(s), Label: views.T(ctx, "status."+string(s)), Selected: s == f.Status})
	}
	for _, g := range FormGroups {
		og := views.OptionGroup{Label: views.T(ctx, "formgroup."+g.Code)}
		for _, fm := range g.Forms {
			og.Options = append(og.Options, views.Option{Value: string(fm), Label: views.T(ctx, "form."+string(fm)), Selected: fm == f.Form})
		}
		d.Forms = append(d.Forms, og)
	}
	for _, s := range SortOptions {
		d.Sorts = append(d.Sorts, views.Option{Value: s, Label: views.T(ctx, "sort."+s), Selected: s == f.Sort})
	}
	for i := range page.Cases {
		d.Rows = append(d.Rows, r.caseRow(ctx, &page.Cases[i]))
	}
	pageURL := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return listURL(v)
	}
	if page.Page > 1 {
		d.PrevHref = pageURL(page.Page - 1)
	}
	if page.Page < page.Pages() {
		d.NextHref = pageURL(page.Page + 1)
	}
	return views.Render(ctx, c.Response(), 200, views.CaseList(d))
}
