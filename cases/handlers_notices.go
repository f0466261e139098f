package cases

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// noticeColourOptions are the colours to choose from, in order.
func noticeColourOptions(ctx context.Context) []views.Option {
	out := make([]views.Option, 0, len(NoticeColours))
	for _, c := range NoticeColours {
		out = append(out, views.Option{Value: c, Label: views.T(ctx, "notice."+c)})
	}
	return out
}

// noticeRow is a notice as a page shows it, its time in loc.
func noticeRow(ctx context.Context, r snapshot, n Notice, loc *time.Location) views.NoticeRow {
	return views.NoticeRow{Colour: views.T(ctx, "notice."+n.Colour), ColourCode: n.Colour, ControlNumber: n.ControlNumber,
		IssuingCountry: r.country(n.IssuingCountry), Purpose: n.Purpose, AddedBy: n.AddedBy, HasDocument: n.DocumentNumber != "",
		Recorded: views.When(ctx, n.CreatedAt, loc)}
}

func noticeInputFromForm(c echo.Context) NoticeInput {
	return NoticeInput{Colour: c.FormValue("colour"), ControlNumber: c.FormValue("control_number"),
		IssuingCountry: c.FormValue("issuing_country"), Purpose: c.FormValue("purpose"), DocumentNumber: c.FormValue("document_number")}
}

func noticeValues(in NoticeInput) views.NoticeFormValues {
	return views.NoticeFormValues{Colour: in.Colour, ControlNumber: in.ControlNumber, IssuingCountry: in.IssuingCountry,
		Purpose: in.Purpose, DocumentNumber: in.DocumentNumber}
}

// addPersonNotice records from the person page that the person is the
// subject of a notice; a refused one comes back as typed.
func (h *Handler) addPersonNotice(c echo.Context) error {
	ctx := c.Request().Context()
	in := noticeInputFromForm(c)
	_, err := h.Store.AddPersonNotice(ctx, c.Param("pseudonym"), in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		msg, fields := e.Translate(translator(c))
		return h.personAgain(c, func(d *views.PersonPageData) {
			if d.Notices != nil {
				d.Notices.Values, d.Notices.Errors, d.Notices.Summary = noticeValues(in), fields, msg
			}
		})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/people/"+c.Param("pseudonym")+"?saved=notice_added#notices")
}

// deletePersonNotice removes a notice from the person page.
func (h *Handler) deletePersonNotice(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.notice_not_found", c.Param("id"))
	}
	if err := h.Store.DeletePersonNotice(c.Request().Context(), c.Param("pseudonym"), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/people/"+c.Param("pseudonym")+"?saved=notice_deleted#notices")
}

// operationNotices shows an operation's notices, with the form to record
// one for those who may.
func (h *Handler) operationNotices(c echo.Context) error {
	return h.renderOperationNotices(c, http.StatusOK, views.NoticeSection{})
}

func (h *Handler) renderOperationNotices(c echo.Context, status int, form views.NoticeSection) error {
	ctx := c.Request().Context()
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	op, ok := r.Operation(c.Param("code"))
	if !ok {
		return ocu.Errorf(ocu.NotFound, "error.operation_not_found", c.Param("code"))
	}
	list, err := h.Store.OperationNotices(ctx, op.ID)
	if err != nil {
		return err
	}
	layout, err := h.Layout.Page(ctx, views.T(ctx, "operation_notices.title", op.Name), "alerts", r.OperationByID(op.ID).Ref())
	if err != nil {
		return err
	}
	who := principal(ctx)
	base := "/operations/" + op.Code + "/notices"
	form.Action, form.Open = base, who.MayIssueOperationAlerts()
	form.Colours, form.Country = noticeColourOptions(ctx), r.personChoices(ctx).Nationalities
	d := views.OperationNoticesData{Page: layout, OperationName: op.Name, Form: form}
	for _, n := range list {
		row := noticeRow(ctx, r, n, nil)
		row.DeleteAction = base + "/" + strconv.FormatInt(n.ID, 10) + "/delete"
		d.Rows = append(d.Rows, row)
	}
	return views.Render(ctx, c.Response(), status, views.OperationNoticesPage(d))
}

// addOperationNotice records a notice on the operation.
func (h *Handler) addOperationNotice(c echo.Context) error {
	ctx := c.Request().Context()
	in := noticeInputFromForm(c)
	_, err := h.Store.AddOperationNotice(ctx, c.Param("code"), in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		msg, fields := e.Translate(translator(c))
		return h.renderOperationNotices(c, http.StatusUnprocessableEntity, views.NoticeSection{Values: noticeValues(in), Errors: fields, Summary: msg})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/operations/"+c.Param("code")+"/notices?saved=notice_added")
}

// deleteOperationNotice removes a notice from the operation.
func (h *Handler) deleteOperationNotice(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.notice_not_found", c.Param("id"))
	}
	if err := h.Store.DeleteOperationNotice(c.Request().Context(), c.Param("code"), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/operations/"+c.Param("code")+"/notices?saved=notice_deleted")
}
