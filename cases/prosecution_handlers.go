package cases

import (
	"context"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// registerProsecution mounts the prosecution steps of referred suspects.
func (h *Handler) registerProsecution(r web.Routes) {
	r.Pages.GET("/people/:pseudonym/prosecution", h.prosecutionPage)
	r.Pages.POST("/people/:pseudonym/prosecution", h.recordProsecution)
	r.API.GET("/people/:pseudonym/prosecution", h.apiProsecution)
	r.API.POST("/people/:pseudonym/prosecution", h.apiRecordProsecution)
}

// referred reports whether p is a suspect referred for prosecution: the
// only people with prosecution steps.
func referred(p *Person) bool { return p.Outcome == Suspect && p.ProsecutionAuthority != "" }

// prosecutionSummary is the person pages' section (one line in each).
func (h *Handler) prosecutionSummary(ctx context.Context, cs *Case, p *Person) (views.ProsecutionSummary, error) {
	var s views.ProsecutionSummary
	if !referred(p) {
		return s, nil
	}
	es, err := h.Store.Prosecution(ctx, p.ID)
	if err != nil {
		return s, err
	}
	s.Shown, s.Steps = true, prosecutionStepsView(ctx, es)
	if canContribute(principal(ctx), cs) {
		s.RecordURL = "/people/" + p.Pseudonym + "/prosecution"
	}
	return s, nil
}

func prosecutionStepsView(ctx context.Context, es []ProsecutionEvent) []views.ProsecutionStep {
	out := make([]views.ProsecutionStep, 0, len(es))
	for _, e := range es {
		out = append(out, views.ProsecutionStep{Label: views.T(ctx, "prosecution.kind."+e.Kind), Day: e.Day, RecordedBy: e.RecordedBy})
	}
	return out
}

// prosecutionPage is GET /people/:pseudonym/prosecution: the steps and
// the form recording one.
func (h *Handler) prosecutionPage(c echo.Context) error {
	return h.renderProsecution(c, http.StatusOK, "", "", nil)
}

// recordProsecution is POST /people/:pseudonym/prosecution: back to the
// person's page, or the form as typed with what to fix.
func (h *Handler) recordProsecution(c echo.Context) error {
	ctx := c.Request().Context()
	kind, day := c.FormValue("kind"), c.FormValue("day")
	_, err := h.Store.RecordProsecution(ctx, c.Param("pseudonym"), kind, day)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/people/"+c.Param("pseudonym")+"#prosecution")
	}
	e, status, ok := web.Refusal(err)
	if !ok || e.Kind == ocu.NotFound || e.Kind == ocu.Forbidden {
		return err
	}
	return h.renderProsecution(c, status, kind, day, e)
}

func (h *Handler) renderProsecution(c echo.Context, status int, kind, day string, refusal *ocu.Error) error {
	ctx := c.Request().Context()
	p, cs, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return err
	}
	if who := principal(ctx); !canContribute(who, cs) {
		return readOnly(who, cs)
	}
	if !referred(p) {
		return ocu.Errorf(ocu.Invalid, "error.prosecution_not_referred", p.Pseudonym)
	}
	es, err := h.Store.Prosecution(ctx, p.ID)
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	layout, err := h.Layout.Page(ctx, views.T(ctx, "prosecution.page_title", p.Pseudonym), "cases", r.OperationByID(cs.OperationID).Ref())
	if err != nil {
		return err
	}
	d := views.ProsecutionPageData{Page: layout, Pseudonym: p.Pseudonym, PersonHref: "/people/" + p.Pseudonym,
		CaseRef: cs.Reference, CaseHref: "/cases/" + cs.Reference, Steps: prosecutionStepsView(ctx, es),
		Action: "/people/" + p.Pseudonym + "/prosecution", Day: day}
	for _, k := range ProsecutionSteps {
		if k == StepArrested && p.Arrested {
			continue // arrested in the week: no later arrest to record
		}
		if slices.ContainsFunc(es, func(e ProsecutionEvent) bool { return e.Kind == k }) {
			continue
		}
		d.Kinds = append(d.Kinds, views.Option{Value: k, Label: views.T(ctx, "prosecution.kind."+k), Selected: k == kind})
	}
	if refusal != nil {
		msg, fields := refusal.Translate(translator(c))
		label := func(f string) string { return views.T(ctx, "prosecution.field."+f) }
		known := func(f string) bool { return f == "kind" || f == "day" }
		d.FormErrors = views.NewFormErrors(msg, fields, []string{"kind", "day"}, label, known)
	}
	return views.Render(ctx, c.Response(), status, views.ProsecutionPage(d))
}

// prosecutionJSON is one step as the API returns it.
type prosecutionJSON struct {
	Kind       string `json:"kind"`
	Day        string `json:"day"`
	RecordedBy string `json:"recorded_by"`
	RecordedAt string `json:"recorded_at"`
}

func toProsecutionJSON(e ProsecutionEvent) prosecutionJSON {
	return prosecutionJSON{Kind: e.Kind, Day: e.Day, RecordedBy: e.RecordedBy, RecordedAt: e.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")}
}

// apiProsecution answers GET /api/v1/people/{pseudonym}/prosecution.
func (h *Handler) apiProsecution(c echo.Context) error {
	ctx := c.Request().Context()
	p, _, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return err
	}
	es, err := h.Store.Prosecution(ctx, p.ID)
	if err != nil {
		return err
	}
	out := make([]prosecutionJSON, 0, len(es))
	for _, e := range es {
		out = append(out, toProsecutionJSON(e))
	}
	return c.JSON(http.StatusOK, map[string]any{"person": p.Pseudonym, "referred": referred(p), "steps": out})
}

// apiRecordProsecution answers POST /api/v1/people/{pseudonym}/prosecution
// with {"kind": "charged", "day": "2024-10-20"}.
func (h *Handler) apiRecordProsecution(c echo.Context) error {
	var in struct {
		Kind string `json:"kind"`
		Day  string `json:"day"`
	}
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	e, err := h.Store.RecordProsecution(c.Request().Context(), c.Param("pseudonym"), in.Kind, in.Day)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toProsecutionJSON(*e))
}

// prosecutionWhat is the timeline's line for a recorded step.
func prosecutionWhat(ctx context.Context, e TimelineEvent) (string, bool) {
	if e.Action != "person.prosecution" {
		return "", false
	}
	return views.T(ctx, "timeline.prosecution", e.Pseudonym(), views.T(ctx, "prosecution.kind."+e.Text("kind")), e.Text("day")), true
}
