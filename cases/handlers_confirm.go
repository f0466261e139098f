package cases

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// The confirmation pages of a case's irreversible acts (web.AskFirst):
// referring or closing it, deleting a seizure. The form's first POST lands
// here and does nothing; its Confirm button posts again with confirm=1.

// askBeforeMove shows the confirmation page of a referral or a closure,
// which an officer cannot undo (only a supervisor moves a case back or
// reopens it). It asks only when the move would go through now: a move the
// store would refuse (stale page, missing reason, unmet guard, no right to
// change the case) is not asked about but refused at once, with the
// store's own message, so nobody confirms something that then fails. ask
// is false when the caller should go on to the store.
func (h *Handler) askBeforeMove(c echo.Context, ref string, to Status, note string, version int) (ask bool, err error) {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, ref)
	if err != nil {
		return false, err
	}
	p := principal(ctx)
	if cs.Version != version || !canChange(p, cs) {
		return false, nil
	}
	f, err := h.Store.Facts(ctx, cs)
	if err != nil {
		return false, err
	}
	if Check(cs, f, to, note, p) != nil {
		return false, nil
	}
	d := views.ConfirmData{
		Heading: views.T(ctx, "confirm.move."+string(to)+".heading", cs.Reference),
		Lead:    []string{views.T(ctx, "confirm.move."+string(to)+".lead", cs.Reference, cs.Title)},
		Confirm: views.T(ctx, "confirm.move."+string(to)+".button"),
		Cancel:  "/cases/" + cs.Reference,
	}
	if s := strings.TrimSpace(note); s != "" {
		d.Lead = append(d.Lead, views.T(ctx, "confirm.move.note", s))
	}
	if d.Page, err = h.confirmLayout(ctx, cs, d.Heading); err != nil {
		return false, err
	}
	return true, web.AskFirst(c, d)
}

// askBeforeDeletingSeizure shows what deleting seizure id of case ref
// removes. A seizure that is not there (or not the case's) is not asked
// about: the store's refusal says so.
func (h *Handler) askBeforeDeletingSeizure(c echo.Context, ref string, id int64) (ask bool, err error) {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, ref)
	if err != nil {
		return false, err
	}
	if cs.Status == Closed || !canContribute(principal(ctx), cs) {
		return false, nil
	}
	list, err := h.Store.Seizures(ctx, cs.ID)
	if err != nil {
		return false, err
	}
	for _, sz := range list {
		if sz.ID != id {
			continue
		}
		what := views.T(ctx, "seizure."+sz.Kind) + ", " + seizureAmount(ctx, sz)
		if sz.ValueUSD != nil {
			what += ", " + formatUSD(ctx, *sz.ValueUSD)
		}
		if sz.Description != "" {
			what += " (" + sz.Description + ")"
		}
		d := views.ConfirmData{
			Heading: views.T(ctx, "confirm.seizure.heading", cs.Reference),
			Lead:    []string{views.T(ctx, "confirm.seizure.lead", what), views.T(ctx, "confirm.seizure.undo")},
			Confirm: views.T(ctx, "confirm.seizure.button"),
			Cancel:  "/cases/" + cs.Reference + "#seizures",
		}
		if d.Page, err = h.confirmLayout(ctx, cs, d.Heading); err != nil {
			return false, err
		}
		return true, web.AskFirst(c, d)
	}
	return false, nil
}

// confirmLayout is the layout of a case's confirmation page.
func (h *Handler) confirmLayout(ctx context.Context, cs *Case, title string) (views.Page, error) {
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return views.Page{}, err
	}
	return h.Layout.Page(ctx, title, "cases", r.OperationByID(cs.OperationID).Ref())
}
