package units

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// setFollowUp is POST /admin/operations/:code/followup: sets (or, empty,
// removes) the last day of the operation's follow-up period.
func (h *AdminHandler) setFollowUp(c echo.Context) error {
	ctx := c.Request().Context()
	op, err := h.Store.Operation(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	until := c.FormValue("followup_until")
	if _, err = h.Store.SetFollowUp(ctx, op.Code, until); err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/operations/"+url.PathEscape(op.Code)+"?saved=followup#followup")
	}
	e, status, ok := web.Refusal(err)
	if !ok {
		return err
	}
	f := views.FollowUpFormData{Until: until}
	msg, fields := e.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	f.FormErrors = views.NewFormErrors(msg, fields, []string{"followup_until"},
		func(string) string { return views.T(ctx, "followup.field.until") }, func(f string) bool { return f == "followup_until" })
	v := views.OperationFormValues{Code: op.Code, Name: op.Name, FirstDay: op.FirstDay, LastDay: op.LastDay}
	return h.renderOperation(c, status, op, v, nil, f)
}

// followUpForm is the operation page's follow-up form: the stored period,
// or typed, a refused one.
func followUpForm(ctx context.Context, op Operation, saved bool, typed ...views.FollowUpFormData) views.FollowUpFormData {
	f := views.FollowUpFormData{Until: op.FollowUpUntil}
	if len(typed) > 0 {
		f = typed[0]
	} else if saved {
		f.Saved = views.T(ctx, "followup.saved", op.FollowUpUntil)
	}
	f.Action = "/admin/operations/" + url.PathEscape(op.Code) + "/followup"
	f.LastDay = op.LastDay
	return f
}
