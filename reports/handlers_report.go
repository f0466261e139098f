package reports

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/views"
)

// report serves the debrief report: GET /report?op=LIB2[&unit=MNL], scoped
// as the dashboards are.
func (h *Handler) report(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := h.reportData(ctx, c.QueryParam("op"), c.QueryParam("unit"), false)
	if err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), 200, views.Report(v))
}

// WriteReport writes the debrief report of the operation opCode (the
// current one when "") and of the OCU unitCode ("" for all) to w as a
// self-contained HTML document, as the context's principal may see it:
// for `ocu report`.
func (h *Handler) WriteReport(ctx context.Context, w io.Writer, opCode, unitCode string) error {
	v, err := h.reportData(ctx, opCode, unitCode, true)
	if err != nil {
		return err
	}
	return views.Report(v).Render(ctx, w)
}

func (h *Handler) reportData(ctx context.Context, opCode, unitCode string, standalone bool) (views.ReportData, error) {
	op, unit, err := h.scope(ctx, opCode, unitCode)
	if err != nil {
		return views.ReportData{}, err
	}
	// The audit trail's head, read before the figures: whoever keeps the
	// report can later prove the trail still holds everything recorded up
	// to it (audit.VerifyAnchor).
	anchor, err := audit.Head(ctx, h.Service.DB)
	if err != nil {
		return views.ReportData{}, err
	}
	deb, err := h.Service.Debrief(ctx, op, unit)
	if err != nil {
		return views.ReportData{}, err
	}
	title := views.T(ctx, "report.title", op.Name)
	v := reportView(ctx, deb, standalone)
	v.AuditAnchor = anchor.String()
	if standalone {
		v.Page = views.Page{Title: title}
		return v, nil
	}
	if v.Page, err = h.Layout.Page(ctx, title, "report", op.Ref()); err != nil {
		return v, err
	}
	us, err := h.Service.Units.Units(ctx)
	if err != nil {
		return v, err
	}
	who, _ := ocu.PrincipalFrom(ctx)
	for _, u := range us {
		if !who.MayReadDashboard(u.ID) {
			continue // a supervisor's report is their OCU's: nothing to choose
		}
		v.Units = append(v.Units, views.Option{Value: u.Code, Label: views.T(ctx, "unit.name", u.City), Selected: unit != nil && unit.ID == u.ID})
	}
	return v, nil
}

// reportView lays the debrief out for the page. Every figure comes from the
// dashboards the debrief holds.
func reportView(ctx context.Context, deb *Debrief, standalone bool) views.ReportData {
	d := deb.Dashboard
	v := views.ReportData{Standalone: standalone, Heading: d.Operation.Name, Operation: d.Operation.Code,
		Dates:       views.T(ctx, "report.dates", longDate(ctx, d.Operation.FirstDay), longDate(ctx, d.Operation.LastDay)),
		Scope:       views.T(ctx, "dashboard.all_units"),
		GeneratedAt: views.When(ctx, d.GeneratedAt, d.Location),
		ChartZone:   d.Location.String(),
	}
	if d.Unit != nil {
		v.Scope, v.ScopeCode = views.T(ctx, "unit.name", d.Unit.City), d.Unit.Code
	}
	v.Headline = measuresTable(ctx, []*Dashboard{d}, []string{views.T(ctx, "report.result")})
	v.Results = resultsPanel(ctx, d, append([]*Dashboard{d}, deb.Units...), standalone)
	if len(deb.Units) > 0 {
		var cols []string
		for _, u := range deb.Units {
			cols = append(cols, views.T(ctx, "unit.name", u.Unit.City))
		}
		v.ByUnit = measuresTable(ctx, append(append([]*Dashboard{}, deb.Units...), d), append(cols, views.T(ctx, "dashboard.all_units")))
	}
	v.ShowUnit = d.Unit == nil
	for _, c := range d.Countries {
		if c.Figures != (Figures{}) || c.Activity.Returns > 0 {
			v.Countries = append(v.Countries, countryLine(ctx, c)) // already sorted by name
		}
	}
	v.CountryAll = countryLine(ctx, Country{Name: views.T(ctx, "report.total"), Figures: d.Totals, Activity: d.Activity})
	for _, st := range cases.Statuses {
		v.Statuses = append(v.Statuses, views.StatusCount{Status: string(st), Label: views.T(ctx, "status."+string(st)), N: d.CasesByStatus[string(st)]})
	}
	for _, f := range d.Forms {
		if f.Cases != 0 || f.Victims != 0 {
			v.Forms = append(v.Forms, views.ReportFormLine{Label: formLabel(ctx, f.Form), Cases: num(ctx, f.Cases), Victims: num(ctx, f.Victims), Minors: num(ctx, f.MinorVictims)})
		}
	}
	v.Nationality = nationalityLines(ctx, d.Nationalities)
	v.CashUSD = "USD " + views.NumIn(ctx, int64(d.CashUSD+0.5))
	for _, s := range d.Seizures {
		line := seizureLine(ctx, s)
		if s.Kind == "cash" && !s.AmountUnknown {
			line.ValueUSD = views.NumIn(ctx, int64(s.ValueUSD+0.5)) // the column says the currency
		}
		v.Seizures = append(v.Seizures, line)
	}
	v.Charts = dayCharts(ctx, d, "report-chart-")
	v.NoticesByColour = noticeFigures(ctx, d)
	for _, n := range deb.Notable {
		v.Notable = append(v.Notable, notableLine(ctx, n, standalone))
	}
	return v
}

// measuresTable is the headline measures of the week (Measures) with a
// column per dashboard. Once the results are final each column shows its
// scope's published figure, as stored (results.go); the amendments say
// how the records differ since.
func measuresTable(ctx context.Context, ds []*Dashboard, columns []string) views.ReportTable {
	t := views.ReportTable{Columns: columns}
	for _, m := range Measures {
		if m.Week == nil {
			continue
		}
		r := views.ReportRow{Label: views.T(ctx, m.Label), Sub: m.Sub}
		for _, d := range ds {
			v := m.Week(d)
			if d.Final != nil {
				scope := AllScope
				if d.Unit != nil {
					scope = d.Unit.Code
				}
				if pub, ok := d.Final.Value(scope, "week."+m.Key); ok {
					v = pub
				}
			}
			r.Values = append(r.Values, views.NumIn(ctx, v))
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// nationalityShown is how many nationalities the report names; the rest
// are summed in one line.
const nationalityShown = 20

func nationalityLines(ctx context.Context, ns []NationalityCount) []views.NationalityLine {
	var out []views.NationalityLine
	var others NationalityCount
	for i, n := range ns { // largest first
		if i >= nationalityShown {
			others.Victims += n.Victims
			others.Minors += n.Minors
			continue
		}
		name := n.Name
		if n.ISO2 == "" {
			name = views.T(ctx, "people.not_known")
		}
		out = append(out, views.NationalityLine{Name: name, Victims: num(ctx, n.Victims), Minors: num(ctx, n.Minors)})
	}
	if len(ns) > nationalityShown {
		out = append(out, views.NationalityLine{Name: views.T(ctx, "report.other_nationalities", len(ns)-nationalityShown),
			Victims: num(ctx, others.Victims), Minors: num(ctx, others.Minors)})
	}
	return out
}

func notableLine(ctx context.Context, n NotableCase, standalone bool) views.NotableLine {
	l := views.NotableLine{Reference: n.Reference, Title: n.Title, Unit: n.UnitCity, Country: n.CountryName, RaidDay: n.RaidDay,
		Note: n.Note, Status: n.Status, StatusLabel: views.T(ctx, "status."+n.Status)}
	if l.Country == "" {
		l.Country = n.Country
	}
	if !standalone {
		l.Href = "/cases/" + n.Reference
	}
	l.Figures = []views.Figure{
		{Label: views.T(ctx, "dashboard.victims"), Value: num(ctx, n.PotentialVictims)},
		{Label: views.T(ctx, "dashboard.minors"), Value: num(ctx, n.MinorVictims)},
		{Label: views.T(ctx, "dashboard.migrants"), Value: num(ctx, n.IrregularMigrants)},
		{Label: views.T(ctx, "dashboard.arrests"), Value: num(ctx, n.Arrests)},
		{Label: views.T(ctx, "report.col_htms"), Value: num(ctx, n.ArrestsHtMs)},
		{Label: views.T(ctx, "dashboard.referred_short"), Value: num(ctx, n.Referred)},
		{Label: views.T(ctx, "report.people_found"), Value: num(ctx, n.People)},
	}
	return l
}

func countryLine(ctx context.Context, r Country) views.CountryLine {
	return views.CountryLine{Name: r.Name, Unit: r.Unit, Cases: num(ctx, r.Cases), Victims: num(ctx, r.PotentialVictims),
		Minors: num(ctx, r.MinorVictims), Migrants: num(ctx, r.IrregularMigrants), Arrests: num(ctx, r.Arrests), ArrestsHtMs: num(ctx, r.ArrestsHtMs),
		Referred: num(ctx, r.Referred), Checks: views.NumIn(ctx, r.DatabaseChecks), Flights: views.NumIn(ctx, r.FlightsMonitored)}
}

// formLabel names a form of exploitation or crime as the dashboard does.
func formLabel(ctx context.Context, form string) string {
	switch form {
	case "":
		return views.T(ctx, "dashboard.form_unrecorded")
	case "other":
		return views.T(ctx, "exploitation.other")
	}
	return views.T(ctx, "form."+form)
}

// longDate writes an operation day as "29 September 2024".
func longDate(ctx context.Context, day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return views.FormatTime(ctx, t, "2 January 2006")
}

func num(ctx context.Context, n int) string { return views.NumIn(ctx, int64(n)) }

// printCSS serves what the printed report carries in every page's margins,
// in the reader's language (views.ReportPrintCSS). It holds no data: anyone
// signed in may read it.
func (h *Handler) printCSS(c echo.Context) error {
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", []byte(views.ReportPrintCSS(c.Request().Context())))
}
