package reports

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/views"
)

// page renders a dashboard.
func (h *Handler) page(c echo.Context) error {
	ctx := c.Request().Context()
	op, unit, err := h.scope(ctx, c.QueryParam("op"), c.QueryParam("unit"))
	if err != nil {
		return err
	}
	d, err := h.Service.Live(ctx, op, unit)
	if err != nil {
		return err
	}
	heading := views.T(ctx, "dashboard.title_global", op.Name)
	scope := url.Values{"op": {op.Code}}
	if unit != nil {
		heading = views.T(ctx, "dashboard.title_unit", unit.City, op.Name)
		scope.Set("unit", unit.Code)
	}
	layout, err := h.Layout.Page(ctx, heading, "dashboard", op.Ref())
	if err != nil {
		return err
	}
	v := views.DashboardData{Page: layout, Heading: heading, Zone: d.Location.String(),
		GeneratedAt: views.WhenExact(ctx, d.GeneratedAt, d.Location)}
	refresh := url.Values{}
	for k, vs := range c.QueryParams() {
		refresh[k] = vs
	}
	v.RefreshURL = "/dashboard?" + refresh.Encode()
	us, err := h.Service.Units.Units(ctx)
	if err != nil {
		return err
	}
	who, _ := ocu.PrincipalFrom(ctx)
	for _, u := range us {
		if !who.MayReadDashboard(u.ID) {
			continue
		}
		v.Units = append(v.Units, views.Option{Value: u.Code, Label: views.T(ctx, "unit.name", u.City), Selected: unit != nil && unit.ID == u.ID})
	}
	if unit != nil {
		v.Scope = unit.Code
	}
	v.Results = resultsPanel(ctx, d, []*Dashboard{d}, false)
	t := d.Totals
	v.Headline = []views.Figure{
		{Key: "victims", Label: views.T(ctx, "dashboard.potential_victims"), Value: num(ctx, t.PotentialVictims), Note: views.T(ctx, "dashboard.of_which_minors", num(ctx, t.MinorVictims))},
		{Key: "migrants", Label: views.T(ctx, "dashboard.irregular_migrants"), Value: num(ctx, t.IrregularMigrants)},
		{Key: "arrests", Label: views.T(ctx, "dashboard.arrests"), Value: num(ctx, t.Arrests), Note: views.T(ctx, "dashboard.of_which_htms", num(ctx, t.ArrestsHtMs))},
		{Key: "referred", Label: views.T(ctx, "dashboard.referred"), Value: num(ctx, t.Referred)},
		{Key: "cases", Label: views.T(ctx, "dashboard.cases"), Value: num(ctx, t.Cases), Note: views.TN(ctx, "dashboard.people_found", int64(t.People), num(ctx, t.People))},
	}
	for _, st := range cases.Statuses {
		q := url.Values{"op": {op.Code}, "status": {string(st)}}
		if unit != nil {
			q.Set("unit", unit.Code)
		}
		v.Statuses = append(v.Statuses, views.StatusCount{Status: string(st), Label: views.T(ctx, "status."+string(st)),
			N: d.CasesByStatus[string(st)], Href: "/cases?" + q.Encode()})
	}
	a := d.Activity
	v.Activity = []views.Figure{
		{Label: views.T(ctx, "dashboard.checks"), Value: views.NumIn(ctx, a.DatabaseChecks)},
		{Label: views.T(ctx, "dashboard.flights"), Value: views.NumIn(ctx, a.FlightsMonitored)},
		{Label: views.T(ctx, "dashboard.border_points"), Value: views.NumIn(ctx, a.BorderPoints)},
		{Label: views.T(ctx, "dashboard.officers"), Value: views.NumIn(ctx, a.OfficersDeployed)},
		{Label: views.T(ctx, "dashboard.returns_filed"), Value: num(ctx, a.Returns)},
	}
	v.CashUSD = "USD " + views.NumIn(ctx, int64(d.CashUSD+0.5))
	for _, s := range d.Seizures {
		line := seizureLine(ctx, s)
		if s.Kind == "cash" && !s.AmountUnknown {
			line.ValueUSD = "USD " + views.NumIn(ctx, int64(s.ValueUSD+0.5))
		}
		v.Seizures = append(v.Seizures, line)
	}
	for _, day := range d.Days {
		v.DayRows = append(v.DayRows, views.DayRow{Day: day.Day, Cases: num(ctx, day.Cases), Victims: num(ctx, day.PotentialVictims),
			Minors: num(ctx, day.MinorVictims), Migrants: num(ctx, day.IrregularMigrants), Arrests: num(ctx, day.Arrests),
			Checks: views.NumIn(ctx, day.DatabaseChecks), Flights: views.NumIn(ctx, day.FlightsMonitored)})
	}
	v.Charts = dayCharts(ctx, d, "chart-")
	v.Countries = countryTable(ctx, d, c.QueryParams())
	for _, f := range d.Forms {
		if f.Cases == 0 && f.Victims == 0 {
			continue
		}
		v.Forms = append(v.Forms, views.FormLine{Label: formLabel(ctx, f.Form), Cases: num(ctx, f.Cases), Victims: num(ctx, f.Victims)})
	}
	for _, n := range d.Nationalities {
		name := n.Name
		if n.ISO2 == "" {
			name = views.T(ctx, "people.not_known")
		}
		v.Nationality = append(v.Nationality, views.NationalityLine{Name: name, Victims: num(ctx, n.Victims), Minors: num(ctx, n.Minors)})
	}
	v.Attention = attentionView(ctx, d, op.Code)
	v.NoticesByColour = noticeFigures(ctx, d)
	v.Hits = hitsView(ctx, d)
	return views.Render(ctx, c.Response(), 200, views.Dashboard(v))
}

// dayCharts draws the per-day bar charts of a dashboard, ids prefixed by
// prefix (several sets may share a page).
func dayCharts(ctx context.Context, d *Dashboard, prefix string) []views.Chart {
	var labels []string
	series := map[string][]int64{}
	for _, day := range d.Days {
		labels = append(labels, day.Day)
		series["cases"] = append(series["cases"], int64(day.Cases))
		series["victims"] = append(series["victims"], int64(day.PotentialVictims))
		series["migrants"] = append(series["migrants"], int64(day.IrregularMigrants))
		series["arrests"] = append(series["arrests"], int64(day.Arrests))
		series["checks"] = append(series["checks"], day.DatabaseChecks)
		series["flights"] = append(series["flights"], day.FlightsMonitored)
	}
	var out []views.Chart
	for _, k := range []string{"cases", "victims", "migrants", "arrests", "checks", "flights"} {
		out = append(out, views.NewChart(ctx, prefix+k, views.T(ctx, "dashboard.chart_"+k), labels, series[k]))
	}
	return out
}

// seizureLine is a line of seizures; amounts not published say so rather
// than show a zero.
func seizureLine(ctx context.Context, s SeizureTotal) views.SeizureLine {
	line := views.SeizureLine{Kind: views.T(ctx, "seizure."+s.Kind), Count: num(ctx, s.Count)}
	if s.AmountUnknown {
		line.Quantity, line.ValueUSD = views.T(ctx, "seizures.amount_not_published"), views.T(ctx, "seizures.amount_not_published")
		if s.Kind != "cash" {
			line.ValueUSD = ""
		}
		return line
	}
	line.Quantity = quantity(ctx, s.Quantity) + " " + s.Unit
	return line
}

func quantity(ctx context.Context, q float64) string {
	if q == float64(int64(q)) {
		return views.NumIn(ctx, int64(q))
	}
	return fmt.Sprintf("%.2f", q)
}

// countryColumns are the per-country table's columns: key, label key,
// numeric, and the value it sorts by.
var countryColumns = []struct {
	key, label string
	value      func(c Country) int64
}{
	{"name", "dashboard.country", nil},
	{"unit", "case.unit", nil},
	{"cases", "dashboard.cases", func(c Country) int64 { return int64(c.Cases) }},
	{"victims", "dashboard.victims", func(c Country) int64 { return int64(c.PotentialVictims) }},
	{"minors", "dashboard.minors", func(c Country) int64 { return int64(c.MinorVictims) }},
	{"migrants", "dashboard.migrants", func(c Country) int64 { return int64(c.IrregularMigrants) }},
	{"arrests", "dashboard.arrests", func(c Country) int64 { return int64(c.Arrests) }},
	{"htms", "dashboard.arrests_htms", func(c Country) int64 { return int64(c.ArrestsHtMs) }},
	{"referred", "dashboard.referred_short", func(c Country) int64 { return int64(c.Referred) }},
	{"checks", "dashboard.checks", func(c Country) int64 { return c.DatabaseChecks }},
	{"flights", "dashboard.flights", func(c Country) int64 { return c.FlightsMonitored }},
}

// countryTable sorts the countries by the column the query names (links
// in the headers, so sorting works without JavaScript).
func countryTable(ctx context.Context, d *Dashboard, q url.Values) views.CountryTable {
	sortKey, dir := q.Get("sort"), q.Get("dir")
	if dir != "asc" {
		dir = "desc"
	}
	rows := append([]Country(nil), d.Countries...)
	var t views.CountryTable
	found := false
	for _, col := range countryColumns {
		nq := url.Values{}
		for k, vs := range q {
			nq[k] = vs
		}
		nq.Set("sort", col.key)
		aria := "none"
		next := "desc"
		if col.value == nil {
			next = "asc"
		}
		if col.key == sortKey {
			found = true
			if dir == "desc" {
				aria, next = "descending", "asc"
			} else {
				aria, next = "ascending", "desc"
			}
			col := col
			compare := func(a, b Country) int {
				switch {
				case col.value != nil:
					return cmpInt(col.value(a), col.value(b))
				case col.key == "unit":
					return strings.Compare(a.Unit+" "+a.Name, b.Unit+" "+b.Name)
				}
				return strings.Compare(a.Name, b.Name)
			}
			sort.SliceStable(rows, func(i, j int) bool {
				if dir == "desc" {
					return compare(rows[i], rows[j]) > 0
				}
				return compare(rows[i], rows[j]) < 0
			})
		}
		nq.Set("dir", next)
		t.Columns = append(t.Columns, views.SortColumn{Label: views.T(ctx, col.label), Href: "/dashboard?" + nq.Encode() + "#countries-h",
			Sort: aria, Numeric: col.value != nil})
	}
	if !found {
		t.Columns[0].Sort = "ascending"
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, views.CountryLine{Name: r.Name, Unit: r.Unit, Cases: num(ctx, r.Cases), Victims: num(ctx, r.PotentialVictims),
			Minors: num(ctx, r.MinorVictims), Migrants: num(ctx, r.IrregularMigrants), Arrests: num(ctx, r.Arrests), ArrestsHtMs: num(ctx, r.ArrestsHtMs),
			Referred: num(ctx, r.Referred), Checks: views.NumIn(ctx, r.DatabaseChecks), Flights: views.NumIn(ctx, r.FlightsMonitored)})
	}
	return t
}

func attentionView(ctx context.Context, d *Dashboard, opCode string) views.AttentionView {
	a := d.Attention
	v := views.AttentionView{StaleScreeningCount: views.NumIn(ctx, int64(a.StaleScreeningCount)),
		UnscreenedPeople: views.NumIn(ctx, int64(a.UnscreenedPeople)), UnscreenedCases: views.NumIn(ctx, int64(a.UnscreenedCases)),
		MissingReturnCount: views.NumIn(ctx, int64(a.MissingReturnCount)), ReturnsDueUpTo: a.ReturnsDueUpTo}
	for _, c := range a.StaleScreening {
		hours := int(d.GeneratedAt.Sub(c.Since).Hours())
		v.StaleScreening = append(v.StaleScreening, views.AttentionCase{Reference: c.Reference, Href: "/cases/" + c.Reference,
			Title: c.Title, Detail: views.T(ctx, "dashboard.in_screening_for", hours)})
	}
	for _, c := range a.Unscreened {
		v.Unscreened = append(v.Unscreened, views.AttentionCase{Reference: c.Reference, Href: "/cases/" + c.Reference + "?outcome=unscreened#people",
			Title: c.Title, Detail: views.T(ctx, "dashboard.n_unscreened", c.N)})
	}
	v.MissingCountries = views.NumIn(ctx, int64(a.MissingCountries))
	for _, m := range a.MissingReturns {
		days := strings.Join(m.Days, ", ")
		if len(m.Days) > 2 {
			days = views.T(ctx, "dashboard.days_missing", len(m.Days), m.Days[len(m.Days)-1])
		}
		v.MissingReturns = append(v.MissingReturns, views.AttentionReturn{Name: m.Name, Unit: m.Unit, Days: days,
			Href: "/returns/" + m.ISO2 + "/" + m.Days[len(m.Days)-1] + "?op=" + url.QueryEscape(opCode)})
	}
	return v
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
