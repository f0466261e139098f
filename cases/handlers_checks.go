package cases

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// checkSection fills the checks part of a case page around any form values
// and errors already in cs.
func (h *Handler) checkSection(ctx context.Context, c *Case, loc *time.Location, s views.ChecksSection) (views.ChecksSection, error) {
	list, err := h.Store.Checks(ctx, c.ID)
	if err != nil {
		return s, err
	}
	for _, k := range list {
		row := views.CheckRow{What: checkWhat(ctx, k), Database: views.T(ctx, "check.db."+k.Database),
			Result: views.T(ctx, "check.result."+k.Result), HitReference: k.HitReference, CheckedBy: k.CheckedBy,
			When: views.When(ctx, k.CheckedAt, loc), Hit: k.Result == "hit"}
		if row.Hit {
			s.HitCount++
		}
		s.Rows = append(s.Rows, row)
	}
	s.Open = c.Status != Closed && canChange(principal(ctx), c)
	if !s.Open {
		return s, nil
	}
	s.Action = "/cases/" + c.Reference + "/checks"
	targets, err := h.Store.CheckTargets(ctx, c.ID)
	if err != nil {
		return s, err
	}
	for _, t := range targets {
		s.Targets = append(s.Targets, views.Option{Value: t.Target, Label: targetLabel(ctx, t.Subject, t.Pseudonym, t.Detail)})
	}
	for _, d := range CheckDatabases {
		s.Databases = append(s.Databases, views.Option{Value: d, Label: views.T(ctx, "check.db."+d)})
	}
	for _, r := range []string{"no_hit", "hit"} {
		s.Results = append(s.Results, views.Option{Value: r, Label: views.T(ctx, "check.result."+r)})
	}
	return s, nil
}

// checkWhat says what a check was run on, by pseudonym and kind: never
// the document number or plate itself.
func checkWhat(ctx context.Context, k CheckView) string {
	return targetLabel(ctx, k.Subject, k.Pseudonym, k.Label)
}

func targetLabel(ctx context.Context, subject, pseudonym, detail string) string {
	s := views.T(ctx, "check.subject."+subject)
	if pseudonym != "" {
		s += " · " + pseudonym
	}
	if detail != "" {
		s += " (" + detail + ")"
	}
	return s
}

// personCheckRows are the checks of one person, for their page.
func (h *Handler) personCheckRows(ctx context.Context, personID int64, loc *time.Location) ([]views.CheckRow, error) {
	list, err := h.Store.PersonChecks(ctx, personID)
	var rows []views.CheckRow
	for _, k := range list {
		rows = append(rows, views.CheckRow{What: checkWhat(ctx, k), Database: views.T(ctx, "check.db."+k.Database),
			Result: views.T(ctx, "check.result."+k.Result), HitReference: k.HitReference, CheckedBy: k.CheckedBy,
			When: views.When(ctx, k.CheckedAt, loc), Hit: k.Result == "hit"})
	}
	return rows, err
}

func checkInputFromForm(c echo.Context) CheckInput {
	return CheckInput{Target: c.FormValue("target"), Database: c.FormValue("database"), Result: c.FormValue("result"),
		HitReference: c.FormValue("hit_reference"), CheckedBy: c.FormValue("checked_by")}
}

// addCheck records a check from the case page.
func (h *Handler) addCheck(c echo.Context) error {
	ctx := c.Request().Context()
	in := checkInputFromForm(c)
	_, err := h.Store.AddCheck(ctx, c.Param("ref"), in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		cs, gerr := h.Store.Get(ctx, c.Param("ref"))
		if gerr != nil {
			return gerr
		}
		msg, fields := e.Translate(translator(c))
		d := views.CasePageData{}
		d.Checks.Values = views.CheckFormValues{Target: in.Target, Database: in.Database, Result: in.Result,
			HitReference: in.HitReference, CheckedBy: in.CheckedBy}
		d.Checks.Errors, d.Checks.Summary = fields, msg
		return h.renderCase(c, http.StatusUnprocessableEntity, cs, d)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+strings.ToUpper(c.Param("ref"))+"?saved=check_added#checks")
}

// checkJSON is a check in the API. What was checked is the target
// ("person:<pseudonym>", "identifier:<id>", "seizure:<id>") and the
// pseudonym of the person it concerns; never a document number or plate.
type checkJSON struct {
	ID           int64     `json:"id"`
	Subject      string    `json:"subject"`
	Target       string    `json:"target"`
	Person       string    `json:"person,omitempty"`
	Database     string    `json:"database"`
	Result       string    `json:"result"`
	HitReference string    `json:"hit_reference,omitempty"`
	CheckedBy    string    `json:"checked_by"`
	CheckedAt    time.Time `json:"checked_at"`
}

func toCheckJSON(k CheckView) checkJSON {
	return checkJSON{k.ID, k.Subject, k.Target, k.Pseudonym, k.Database, k.Result, k.HitReference, k.CheckedBy, k.CheckedAt.UTC()}
}

// apiChecks answers GET /api/v1/cases/{reference}/checks.
func (h *Handler) apiChecks(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	list, err := h.Store.Checks(ctx, cs.ID)
	if err != nil {
		return err
	}
	out := make([]checkJSON, 0, len(list))
	for _, k := range list {
		out = append(out, toCheckJSON(k))
	}
	return c.JSON(http.StatusOK, map[string]any{"checks": out})
}

// apiAddCheck answers POST /api/v1/cases/{reference}/checks.
func (h *Handler) apiAddCheck(c echo.Context) error {
	var in CheckInput
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	k, err := h.Store.AddCheck(ctx, c.Param("ref"), in)
	if err != nil {
		return err
	}
	if k.PersonID != nil {
		// The pseudonym the target named, or whose identifier it was.
		list, err := h.Store.Checks(ctx, k.CaseID)
		if err != nil {
			return err
		}
		for _, v := range list {
			if v.ID == k.ID {
				k = &v
				break
			}
		}
	}
	return c.JSON(http.StatusCreated, toCheckJSON(*k))
}

// checkTimelineText is a check on the case's timeline: the subject, the
// database and the result, from the codes the trail recorded.
func checkTimelineText(ctx context.Context, e TimelineEvent) string {
	subject := strings.ToLower(views.T(ctx, "check.subject."+e.Value("after", "subject")))
	db := views.T(ctx, "check.db."+e.Value("after", "database"))
	if e.Value("after", "result") == "hit" {
		return views.T(ctx, "timeline.check_hit", subject, db)
	}
	return views.T(ctx, "timeline.check_no_hit", subject, db)
}
