package cases

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// show is a case's page: details, linked countries, history and the status
// changes allowed now.
func (h *Handler) show(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	d := views.CasePageData{}
	switch saved := c.QueryParam("saved"); saved {
	case "created", "updated", "moved", "person_added", "person_saved", "suspect_saved", "seizure_added", "seizure_deleted", "check_added", "shared", "unshared", "notable",
		"linked", "unlinked", "partner_added", "partner_removed", "transfer_proposed":
		d.Saved = views.T(ctx, "case.saved_"+saved)
	case "people_added", "screened":
		n, _ := strconv.Atoi(c.QueryParam("n"))
		d.Saved = views.TN(ctx, "case.saved_"+saved, int64(n), n)
	}
	return h.renderCase(c, http.StatusOK, cs, d)
}

// renderCase fills the case page around d, which may carry a refused
// transition's error and the note and name as typed.
func (h *Handler) renderCase(c echo.Context, status int, cs *Case, d views.CasePageData) error {
	ctx := c.Request().Context()
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	facts, err := h.Store.Facts(ctx, cs)
	if err != nil {
		return err
	}
	limit := timelineShown
	if c.QueryParam("history") == "all" {
		limit = 0
	}
	events, total, err := h.Store.Timeline(ctx, cs, limit)
	if err != nil {
		return err
	}
	d.Page, err = h.Layout.Page(ctx, cs.Reference+" "+cs.Title, "cases", r.OperationByID(cs.OperationID).Ref())
	if err != nil {
		return err
	}
	d.Case = r.caseView(ctx, cs)
	d.FollowUp = followUpBadge(r.OperationByID(cs.OperationID), cs)
	d.Action = "/cases/" + cs.Reference + "/transitions"
	loc := r.UnitByID(cs.UnitID).Location()
	d.Timeline = views.Timeline{Rows: timelineRows(ctx, events, loc), Total: total}
	if len(events) < total {
		d.Timeline.AllHref = "/cases/" + cs.Reference + "?history=all#history-h"
	}
	if d.People, d.Page.Notice, err = h.peopleSection(c, cs, r, d.People); err != nil {
		return err
	}
	if d.Suspects, err = h.suspectsSection(ctx, cs, r, d.Suspects); err != nil {
		return err
	}
	if d.Seizures, err = h.seizureSection(ctx, cs, d.Seizures); err != nil {
		return err
	}
	if h.Matches != nil {
		if d.Matches, err = h.Matches.CaseSection(ctx, cs.ID, cs.Reference); err != nil {
			return err
		}
	}
	if h.Files != nil {
		if d.Files, err = h.Files.Section(ctx, "case", cs.Reference); err != nil {
			return err
		}
	}
	if h.Requests != nil {
		if d.Requests, err = h.Requests(ctx, cs.ID, cs.Reference); err != nil {
			return err
		}
	}
	if d.Requests.Transfer, err = h.transferSection(ctx, cs, r, d.TransferRefusal); err != nil {
		return err
	}
	if d.Related, err = h.linksSection(ctx, cs, r); err != nil {
		return err
	}
	if d.Checks, err = h.checkSection(ctx, cs, loc, d.Checks); err != nil {
		return err
	}
	shared, err := h.Store.SharedWith(ctx, cs)
	if err != nil {
		return err
	}
	// The page offers only what its reader may do: access.go answers, the
	// view shows or hides forms by these booleans alone.
	p := principal(ctx)
	d.CanShare, d.ShareAction = p.MaySupervise(cs.UnitID), "/cases/"+cs.Reference+"/shares"
	for _, u := range r.Units() {
		o := views.Option{Value: u.Code, Label: views.T(ctx, "unit.name", u.City)}
		switch {
		case slices.Contains(shared, u.Code):
			d.SharedWith = append(d.SharedWith, o)
		case u.ID != cs.UnitID:
			d.ShareUnits = append(d.ShareUnits, o)
		}
	}
	d.CanMarkNotable, d.NotableAction = p.MaySupervise(cs.UnitID), "/cases/"+cs.Reference+"/notable"
	d.Notable, d.NotableNote = cs.Notable, cs.NotableNote
	can := canChange(p, cs)
	d.Case.ReadOnly = !can
	for _, o := range Available(cs, facts, principal(ctx)) {
		if !can {
			break
		}
		t := views.TransitionChoice{To: string(o.To), NeedsReason: o.NeedsReason, Label: views.T(ctx, "move."+string(o.To))}
		for i, m := range o.Blocked {
			if i > 0 {
				t.Blocked += " "
			}
			t.Blocked += views.T(ctx, m.Key, m.Args...)
		}
		d.Transitions = append(d.Transitions, t)
	}
	return views.Render(ctx, c.Response(), status, views.CasePage(d))
}
