package units

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// AdminHandler serves the administrators' pages on reference data: the
// start page, operations, and which country reports to which OCU. The
// attachments table is in handlers_admin_attachments.go.
type AdminHandler struct {
	Store  *Store
	Layout web.Layout
}

// Register mounts the routes, each for administrators alone: a route
// added to admin cannot forget the guard.
func (h *AdminHandler) Register(r web.Routes) {
	admin := r.Pages.With(web.Admin)
	admin.GET("/admin", h.index)
	admin.GET("/admin/operations", h.operations)
	admin.POST("/admin/operations", h.createOperation)
	admin.GET("/admin/operations/:code", h.operation)
	admin.POST("/admin/operations/:code", h.updateOperation)
	admin.POST("/admin/operations/:code/followup", h.setFollowUp)
	admin.GET("/admin/attachments", h.attachments)
	admin.POST("/admin/attachments/:iso2", h.saveAttachment)
}

func (h *AdminHandler) index(c echo.Context) error {
	ctx := c.Request().Context()
	page, err := h.Layout.AdminPage(ctx, views.T(ctx, "admin.title"))
	if err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.AdminIndex(views.AdminIndexData{Page: page}))
}

// operationFields are the operation form's fields in form order.
var operationFields = []string{"code", "name", "first_day", "last_day"}

// operations is GET /admin/operations: the list and an empty form.
func (h *AdminHandler) operations(c echo.Context) error {
	return h.renderOperations(c, http.StatusOK, views.OperationFormValues{}, nil)
}

// createOperation is POST /admin/operations. A new operation has no
// country yet, so success goes on to the attachments table.
func (h *AdminHandler) createOperation(c echo.Context) error {
	ctx := c.Request().Context()
	v := views.OperationFormValues{Code: c.FormValue("code"), Name: c.FormValue("name"),
		FirstDay: c.FormValue("first_day"), LastDay: c.FormValue("last_day")}
	op, err := h.Store.CreateOperation(ctx, Operation{Code: v.Code, Name: v.Name, FirstDay: v.FirstDay, LastDay: v.LastDay})
	if err == nil {
		q := url.Values{"op": {op.Code}, "created": {"1"}}
		return c.Redirect(http.StatusSeeOther, "/admin/attachments?"+q.Encode())
	}
	e, status, ok := web.Refusal(err)
	if !ok {
		return err
	}
	return h.renderOperations(c, status, v, e)
}

func (h *AdminHandler) renderOperations(c echo.Context, status int, v views.OperationFormValues, refusal *ocu.Error) error {
	ctx := c.Request().Context()
	snap, err := h.Store.Snapshot(ctx)
	if err != nil {
		return err
	}
	d := views.AdminOperationsData{Form: views.OperationForm{Action: "/admin/operations", Values: v}}
	for _, op := range snap.Operations() {
		d.Rows = append(d.Rows, views.AdminOperationRow{
			Code: op.Code, Name: op.Name, FirstDay: op.FirstDay, LastDay: op.LastDay,
			Href: "/admin/operations/" + url.PathEscape(op.Code), AttachmentsHref: attachmentsHref(op.Code),
			Countries: len(snap.Attached(op.ID)),
		})
	}
	d.Form.FormErrors = operationErrors(ctx, refusal, true)
	if d.Page, err = h.Layout.AdminPage(ctx, views.T(ctx, "admin.operations.title")); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.AdminOperations(d))
}

// operation is GET /admin/operations/:code: the form with the stored values.
func (h *AdminHandler) operation(c echo.Context) error {
	op, err := h.Store.Operation(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	v := views.OperationFormValues{Code: op.Code, Name: op.Name, FirstDay: op.FirstDay, LastDay: op.LastDay}
	return h.renderOperation(c, http.StatusOK, op, v, nil)
}

// updateOperation is POST /admin/operations/:code: back to the form with a
// confirmation, or the form as typed with what to fix.
func (h *AdminHandler) updateOperation(c echo.Context) error {
	ctx := c.Request().Context()
	op, err := h.Store.Operation(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	v := views.OperationFormValues{Code: op.Code, Name: c.FormValue("name"),
		FirstDay: c.FormValue("first_day"), LastDay: c.FormValue("last_day")}
	if _, err = h.Store.UpdateOperation(ctx, op.Code, v.Name, v.FirstDay, v.LastDay); err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/operations/"+url.PathEscape(op.Code)+"?saved=1")
	}
	e, status, ok := web.Refusal(err)
	if !ok {
		return err
	}
	return h.renderOperation(c, status, op, v, e)
}

func (h *AdminHandler) renderOperation(c echo.Context, status int, op Operation, v views.OperationFormValues, refusal *ocu.Error, followUp ...views.FollowUpFormData) error {
	ctx := c.Request().Context()
	d := views.AdminOperationData{
		Code:            op.Code,
		Form:            views.OperationForm{Action: "/admin/operations/" + url.PathEscape(op.Code), Editing: true, Values: v},
		AttachmentsHref: attachmentsHref(op.Code),
		FollowUp:        followUpForm(ctx, op, c.QueryParam("saved") == "followup", followUp...),
	}
	d.Form.FormErrors = operationErrors(ctx, refusal, false)
	if c.QueryParam("saved") == "1" && refusal == nil {
		d.Saved = views.T(ctx, "admin.operation.saved", op.Code)
	}
	var err error
	if d.Page, err = h.Layout.Page(ctx, views.T(ctx, "admin.operation.title", op.Code), "admin", op.Ref()); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.AdminOperation(d))
}

// operationErrors lays out a refusal of the operation form. The code has a
// control only on the form that creates.
func operationErrors(ctx context.Context, e *ocu.Error, creating bool) views.FormErrors {
	if e == nil {
		return views.FormErrors{}
	}
	summary, fields := e.Translate(func(key string, args ...any) string { return views.T(ctx, key, args...) })
	label := func(f string) string { return fieldLabel(ctx, f) }
	anchored := func(f string) bool {
		return slices.Contains(operationFields, f) && (creating || f != "code")
	}
	return views.NewFormErrors(summary, fields, operationFields, label, anchored)
}

// fieldLabel names a field of an administrators' form in messages.
func fieldLabel(ctx context.Context, field string) string {
	key := "admin.field." + field
	if l := views.T(ctx, key); l != key {
		return l
	}
	return field
}

func attachmentsHref(opCode string) string {
	return "/admin/attachments?op=" + url.QueryEscape(opCode)
}
