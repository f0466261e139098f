package units

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// The attachments table: every country, with the OCU it reports to in one
// operation and how its officers take part. One small form per row, so a
// change is one country at a time and a refusal names that country.

// attachmentChoice is what a row's form sent, kept to show it again.
type attachmentChoice struct {
	iso2, unit, mode string
	refusal          string
}

// attachments is GET /admin/attachments?op=CODE.
func (h *AdminHandler) attachments(c echo.Context) error {
	return h.renderAttachments(c, http.StatusOK, nil)
}

// saveAttachment is POST /admin/attachments/:iso2?op=CODE: an OCU attaches
// or moves the country, no OCU takes it out of the operation. Success goes
// back to the country's row; a refusal shows the table again with the
// row as sent and why (409 when records hold the country in, 422 for bad
// input).
func (h *AdminHandler) saveAttachment(c echo.Context) error {
	ctx := c.Request().Context()
	op, err := h.Store.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	snap, err := h.Store.Snapshot(ctx)
	if err != nil {
		return err
	}
	iso2 := norm(c.Param("iso2"))
	if snap.CountryName(iso2) == "" {
		return ocu.Errorf(ocu.NotFound, "error.country_unknown", iso2)
	}
	choice := attachmentChoice{iso2: iso2, unit: norm(c.FormValue("unit")), mode: strings.TrimSpace(c.FormValue("mode"))}
	_, attached := snap.Attachment(op.ID, iso2)
	switch {
	case choice.unit != "":
		err = h.Store.SetAttachment(ctx, op.ID, iso2, choice.unit, choice.mode)
	case attached:
		err = h.Store.Detach(ctx, op.ID, iso2)
	}
	if err == nil {
		q := url.Values{"op": {op.Code}, "saved": {iso2}}
		return c.Redirect(http.StatusSeeOther, "/admin/attachments?"+q.Encode()+"#"+iso2)
	}
	e, status, ok := web.Refusal(err)
	if !ok {
		return err
	}
	summary, fields := e.Translate(func(key string, args ...any) string { return views.T(ctx, key, args...) })
	for _, f := range []string{"country", "unit", "mode"} {
		if m, ok := fields[f]; ok {
			summary += " " + m
		}
	}
	choice.refusal = summary
	return h.renderAttachments(c, status, &choice)
}

// renderAttachments shows the table for the operation in ?op=, the
// current one by default. sent is a refused row's choice, shown as sent.
func (h *AdminHandler) renderAttachments(c echo.Context, status int, sent *attachmentChoice) error {
	ctx := c.Request().Context()
	op, err := h.Store.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	snap, err := h.Store.Snapshot(ctx)
	if err != nil {
		return err
	}
	d := views.AdminAttachmentsData{}
	for _, o := range snap.Operations() {
		d.Operations = append(d.Operations, views.Option{Value: o.Code, Label: o.Code + " · " + o.Name, Selected: o.ID == op.ID})
	}
	// Participants first, then the others, each by name (the snapshot's
	// order), so the countries an administrator most often changes are at
	// the top and every other country is still one form away.
	var taking, others []views.AttachmentRow
	for _, country := range snap.Countries() {
		a, ok := snap.Attachment(op.ID, country.ISO2)
		unitCode, mode := "", InPerson
		if ok {
			unitCode, mode = snap.UnitByID(a.UnitID).Code, a.Mode
		}
		row := views.AttachmentRow{ISO2: country.ISO2, Name: country.Name, Taking: ok,
			Action: "/admin/attachments/" + country.ISO2 + "?op=" + url.QueryEscape(op.Code)}
		if sent != nil && sent.iso2 == country.ISO2 {
			unitCode, mode, row.Error = sent.unit, sent.mode, sent.refusal
		}
		for _, u := range snap.Units() {
			row.Units = append(row.Units, views.Option{Value: u.Code, Label: unitLabel(ctx, u), Selected: u.Code == unitCode})
		}
		for _, m := range []string{InPerson, Online} {
			row.Modes = append(row.Modes, views.Option{Value: m, Label: views.T(ctx, "mode."+m), Selected: m == mode})
		}
		if ok {
			taking = append(taking, row)
		} else {
			others = append(others, row)
		}
	}
	d.Participants = len(taking)
	d.Rows = append(taking, others...)

	saved := norm(c.QueryParam("saved"))
	switch {
	case sent != nil:
		d.Refusal = views.T(ctx, "admin.attachments.refused", snap.CountryName(sent.iso2), sent.refusal)
		d.RefusalHref = "#" + sent.iso2
	case c.QueryParam("created") != "":
		d.Saved = views.T(ctx, "admin.attachments.created", op.Code)
	case snap.CountryName(saved) != "":
		// The confirmation is built from the stored attachment, never by
		// echoing the query string.
		name := snap.CountryName(saved)
		if a, ok := snap.Attachment(op.ID, saved); ok {
			d.Saved = views.T(ctx, "admin.attachments.saved", name, unitLabel(ctx, snap.UnitByID(a.UnitID)), views.T(ctx, "mode."+a.Mode))
		} else {
			d.Saved = views.T(ctx, "admin.attachments.detached", name, op.Code)
		}
		for i := range d.Rows {
			d.Rows[i].Saved = d.Rows[i].ISO2 == saved
		}
	}
	if d.Page, err = h.Layout.Page(ctx, views.T(ctx, "admin.attachments.title"), "admin", op.Ref()); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.AdminAttachments(d))
}
