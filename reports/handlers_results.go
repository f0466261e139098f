package reports

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// registerResults mounts the operation's results: declaring them final
// (coordinators, Service.Finalise decides) and reading them.
func (h *Handler) registerResults(r web.Routes) {
	dashboards := web.Require(ocu.Principal.MayReadDashboards, "error.dashboard_not_allowed")
	r.Pages.POST("/results/finalise", h.finalise, dashboards)
	r.API.POST("/operations/:code/finalise", h.apiFinalise, dashboards)
	r.API.GET("/operations/:code/results", h.apiResults, dashboards)
}

// finalise is POST /results/finalise: first a confirmation page saying
// what will happen, then (confirm=1) the act, back to the report.
func (h *Handler) finalise(c echo.Context) error {
	ctx := c.Request().Context()
	op, _, err := h.scope(ctx, c.FormValue("op"), "")
	if err != nil {
		return err
	}
	if p, _ := ocu.PrincipalFrom(ctx); !p.MayFinaliseResults() {
		return ocu.Errorf(ocu.Forbidden, "error.finalise_not_allowed")
	}
	back := ReportURL(op.Code)
	if c.FormValue("confirm") != "1" {
		page, err := h.Layout.Page(ctx, views.T(ctx, "results.confirm_title", op.Name), "report", op.Ref())
		if err != nil {
			return err
		}
		return views.Render(ctx, c.Response(), http.StatusOK, views.ConfirmPage(views.ConfirmData{Page: page,
			Heading: views.T(ctx, "results.confirm_title", op.Name),
			Lead:    []string{views.T(ctx, "results.confirm_lead"), views.T(ctx, "results.confirm_final")},
			Action:  "/results/finalise", Fields: []views.Field{{Name: "op", Value: op.Code}},
			Confirm: views.T(ctx, "results.finalise"), Cancel: back}))
	}
	if _, err := h.Service.Finalise(ctx, op); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, back+"#results")
}

// ReportURL is the debrief report of an operation.
func ReportURL(opCode string) string { return "/report?" + url.Values{"op": {opCode}}.Encode() }

// resultsJSON is an operation's results as the API returns them.
type resultsJSON struct {
	Operation   string `json:"operation"`
	Unit        string `json:"unit,omitempty"`
	Status      string `json:"status"` // "preliminary" or "final"
	FollowUp    string `json:"follow_up_until"`
	FinalisedBy string `json:"finalised_by,omitempty"`
	FinalisedAt string `json:"finalised_at,omitempty"`
	// Current figures, computed from the records now.
	Week         map[string]int64 `json:"week"`
	FollowUpFigs map[string]int64 `json:"follow_up"`
	// Published figures (final only): as stored when declared final.
	Published  *publishedJSON  `json:"published,omitempty"`
	Amendments []amendmentJSON `json:"amendments"`
}

type publishedJSON struct {
	Week     map[string]int64 `json:"week"`
	FollowUp map[string]int64 `json:"follow_up"`
}

type amendmentJSON struct {
	Scope     string `json:"scope"`
	Measure   string `json:"measure"` // "week.arrests", "follow_up.charged", …
	Published int64  `json:"published"`
	Current   int64  `json:"current"`
	Change    int64  `json:"change"`
}

// toResultsJSON lays out the results of d's scope; amendments compare d
// alone (the scope asked for).
func toResultsJSON(op units.Operation, d *Dashboard) resultsJSON {
	j := resultsJSON{Operation: op.Code, Status: "preliminary", FollowUp: op.FollowUpUntil,
		Week: map[string]int64{}, FollowUpFigs: map[string]int64{}, Amendments: []amendmentJSON{}}
	scope := AllScope
	if d.Unit != nil {
		j.Unit, scope = d.Unit.Code, d.Unit.Code
	}
	split := func(f ScopeFigures, week, fu map[string]int64) {
		for _, m := range Measures {
			if v, ok := f["week."+m.Key]; ok {
				week[m.Key] = v
			}
			if v, ok := f["follow_up."+m.Key]; ok {
				fu[m.Key] = v
			}
		}
	}
	split(figuresOf(d), j.Week, j.FollowUpFigs)
	if d.Final == nil {
		return j
	}
	j.Status, j.FinalisedBy = "final", d.Final.FinalisedBy
	j.FinalisedAt = d.Final.FinalisedAt.UTC().Format("2006-01-02T15:04:05Z")
	if pub, ok := d.Final.Published[scope]; ok {
		j.Published = &publishedJSON{Week: map[string]int64{}, FollowUp: map[string]int64{}}
		split(pub, j.Published.Week, j.Published.FollowUp)
	}
	for _, a := range d.Final.Amendments([]*Dashboard{d}) {
		j.Amendments = append(j.Amendments, amendmentJSON{Scope: a.Scope, Measure: a.Key, Published: a.Published,
			Current: a.Current, Change: a.Change()})
	}
	return j
}

// apiResults answers GET /api/v1/operations/{code}/results[?unit=MNL],
// scoped as the dashboards are. It builds the figures afresh: a client
// comparing with the published ones gets them exact.
func (h *Handler) apiResults(c echo.Context) error {
	ctx := c.Request().Context()
	op, unit, err := h.scope(ctx, c.Param("code"), c.QueryParam("unit"))
	if err != nil {
		return err
	}
	d, err := h.Service.Build(ctx, op, unit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toResultsJSON(op, d))
}

// apiFinalise answers POST /api/v1/operations/{code}/finalise: the API
// acts at once (no confirmation step), 201 with the results.
func (h *Handler) apiFinalise(c echo.Context) error {
	ctx := c.Request().Context()
	if c.Request().ContentLength != 0 {
		// It takes no input: a body, if any, must be an empty object,
		// so a misspelt field is refused rather than ignored.
		var none struct{}
		if err := web.DecodeJSON(c, &none); err != nil {
			return err
		}
	}
	op, _, err := h.scope(ctx, c.Param("code"), "")
	if err != nil {
		return err
	}
	if _, err := h.Service.Finalise(ctx, op); err != nil {
		return err
	}
	d, err := h.Service.Build(ctx, op, nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toResultsJSON(op, d))
}

// resultsPanel lays out the results block of a dashboard or the report:
// d's week and follow-up figures and, once final, the amendments of the
// scopes in current (d's alone on a dashboard; the OCUs' too in the
// report). standalone leaves out the finalise button.
func resultsPanel(ctx context.Context, d *Dashboard, current []*Dashboard, standalone bool) views.ResultsPanel {
	op := d.Operation
	r := views.ResultsPanel{Operation: op.Code}
	if op.HasFollowUp() {
		r.FollowUp = views.T(ctx, "results.followup_period", longDate(ctx, op.FirstDay), longDate(ctx, op.LastDay), longDate(ctx, op.FollowUpUntil))
	}
	dash := func(v int64) string { return views.NumIn(ctx, v) }
	for _, m := range Measures {
		l := views.ResultsLine{Label: views.T(ctx, m.Label), Week: "–", FollowUp: "–"}
		if m.Week != nil {
			l.Week = dash(m.Week(d))
		}
		if m.FollowUp != nil {
			l.FollowUp = dash(m.FollowUp(d))
		}
		r.Split = append(r.Split, l)
	}
	if d.Final != nil {
		r.Final, r.FinalisedBy = true, d.Final.FinalisedBy
		r.FinalisedAt = views.When(ctx, d.Final.FinalisedAt, d.Location).Text
		for _, a := range d.Final.Amendments(current) {
			scope := views.T(ctx, "dashboard.all_units")
			if a.Scope != AllScope {
				scope = a.Scope
			}
			label := views.T(ctx, a.Measure.Label) + " (" + views.T(ctx, "results.col_week") + ")"
			if a.FollowUp {
				label = views.T(ctx, a.Measure.Label) + " (" + views.T(ctx, "results.col_followup") + ")"
			}
			change := views.NumIn(ctx, a.Change())
			if a.Change() > 0 {
				change = "+" + change
			}
			r.Amendments = append(r.Amendments, views.AmendmentLine{Scope: scope, Label: label,
				Published: views.NumIn(ctx, a.Published), Current: views.NumIn(ctx, a.Current), Change: change})
		}
	} else if p, _ := ocu.PrincipalFrom(ctx); !standalone && d.Unit == nil && p.MayFinaliseResults() {
		r.FinaliseURL = "/results/finalise"
	}
	return r
}
