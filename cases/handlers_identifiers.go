package cases

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// idnoticeForm puts what was typed in a refused identifier or notice form
// back on the person page, with what to fix.
type idnoticeForm func(*views.PersonPageData)

// personSections fills the person page's identifiers and notices for a
// reader who may see the case's names (nothing otherwise), applies any
// refused form, and records in the audit trail that they were shown.
func (h *Handler) personSections(ctx context.Context, r snapshot, cs *Case, p *Person, d *views.PersonPageData, forms ...idnoticeForm) error {
	who := principal(ctx)
	if !seesIdentities(who, cs) {
		return nil
	}
	ids, err := h.Store.Identifiers(ctx, cs, p)
	if err != nil {
		return err
	}
	own, matched, err := h.Store.PersonNotices(ctx, cs, p)
	if err != nil {
		return err
	}
	open := canChange(who, cs) && cs.Status != Closed
	loc := r.UnitByID(cs.UnitID).Location()
	base := "/people/" + p.Pseudonym
	countries := r.personChoices(ctx).Nationalities

	is := &views.IdentifierSection{Action: base + "/identifiers", Open: open, Country: countries}
	for _, id := range ids {
		is.Rows = append(is.Rows, views.IdentifierRow{Kind: views.T(ctx, "identifier."+id.Kind), Value: id.Value,
			Detail: identifierDetail(ctx, r, id), Normalized: id.Normalized, AddedBy: id.AddedBy,
			DeleteAction: fmt.Sprintf("%s/identifiers/%d/delete", base, id.ID)})
	}
	for _, k := range IdentifierKinds {
		if k == IdentDocument || p.Outcome == Suspect {
			is.Kinds = append(is.Kinds, views.Option{Value: k, Label: views.T(ctx, "identifier."+k)})
		}
	}
	for _, t := range DocumentTypes {
		is.Types = append(is.Types, views.Option{Value: t, Label: views.T(ctx, "doc_type."+t)})
	}
	if p.Outcome != Suspect {
		is.Hint = views.T(ctx, "identifiers.documents_only_hint")
	}

	ns := &views.NoticeSection{Action: base + "/notices", Open: open, Country: countries, Colours: noticeColourOptions(ctx)}
	for _, n := range own {
		row := noticeRow(ctx, r, n, loc)
		row.DeleteAction = fmt.Sprintf("%s/notices/%d/delete", base, n.ID)
		ns.Rows = append(ns.Rows, row)
	}
	for _, m := range matched {
		ns.Matches = append(ns.Matches, noticeRow(ctx, r, m.Notice, loc))
	}
	d.Identifiers, d.Notices = is, ns
	for _, f := range forms {
		f(d)
	}
	return h.Store.RecordIdentifierView(ctx, p, len(ids)+len(own)+len(matched))
}

// identifierDetail says what kind of document, and of which country.
func identifierDetail(ctx context.Context, r snapshot, id Identifier) string {
	s := ""
	if id.DocType != "" {
		s = views.T(ctx, "doc_type."+id.DocType)
	}
	if id.Country != "" {
		if s != "" {
			s += ", "
		}
		s += r.country(id.Country)
	}
	return s
}

func identifierInputFromForm(c echo.Context) IdentifierInput {
	return IdentifierInput{Kind: c.FormValue("kind"), DocType: c.FormValue("doc_type"), Country: c.FormValue("country"), Value: c.FormValue("value")}
}

// addIdentifier records an identifier from the person page; a refused one
// comes back as typed, with what to fix.
func (h *Handler) addIdentifier(c echo.Context) error {
	ctx := c.Request().Context()
	in := identifierInputFromForm(c)
	_, err := h.Store.AddIdentifier(ctx, c.Param("pseudonym"), in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		msg, fields := e.Translate(translator(c))
		return h.personAgain(c, func(d *views.PersonPageData) {
			if d.Identifiers != nil {
				d.Identifiers.Values = views.IdentifierFormValues{Kind: in.Kind, DocType: in.DocType, Country: in.Country, Value: in.Value}
				d.Identifiers.Errors, d.Identifiers.Summary = fields, msg
			}
		})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/people/"+c.Param("pseudonym")+"?saved=identifier_added#identifiers")
}

// deleteIdentifier removes an identifier from the person page.
func (h *Handler) deleteIdentifier(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.identifier_not_found", c.Param("id"))
	}
	if err := h.Store.DeleteIdentifier(c.Request().Context(), c.Param("pseudonym"), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/people/"+c.Param("pseudonym")+"?saved=identifier_deleted#identifiers")
}

// personAgain shows the person page again, unprocessable, with a refused
// identifier or notice form as typed.
func (h *Handler) personAgain(c echo.Context, form idnoticeForm) error {
	ctx := c.Request().Context()
	p, cs, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	if err := h.Store.RecordIdentityView(ctx, cs, *p); err != nil {
		return err
	}
	return h.renderPerson(c, http.StatusUnprocessableEntity, cs, p, PersonInputFrom(p, r.UnitByID(cs.UnitID).Location()), p.Version, nil, "", nil, form)
}
