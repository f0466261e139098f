package cases

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// newPerson shows the form to add one person with full details.
func (h *Handler) newPerson(c echo.Context) error {
	cs, err := h.Store.Get(c.Request().Context(), c.Param("ref"))
	if err != nil {
		return err
	}
	if p := principal(c.Request().Context()); !canContribute(p, cs) {
		return readOnly(p, cs)
	}
	if cs.Status == Closed {
		return ocu.Errorf(ocu.Conflict, "error.case_closed", cs.Reference)
	}
	return h.renderPerson(c, http.StatusOK, cs, nil, PersonInput{}, 0, nil, "", nil)
}

// addPerson stores one person and goes to the case's people.
func (h *Handler) addPerson(c echo.Context) error {
	ctx := c.Request().Context()
	in := personInputFromForm(c)
	_, err := h.Store.AddPeople(ctx, c.Param("ref"), 1, in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		cs, gerr := h.Store.Get(ctx, c.Param("ref"))
		if gerr != nil {
			return gerr
		}
		msg, fields := e.Translate(translator(c))
		return h.renderPerson(c, http.StatusUnprocessableEntity, cs, nil, in, 0, fields, msg, nil)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+strings.ToUpper(c.Param("ref"))+"?saved=person_added#people")
}

// editPerson shows one person's form.
func (h *Handler) editPerson(c echo.Context) error {
	ctx := c.Request().Context()
	p, cs, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	if !canContribute(principal(ctx), cs) {
		// Readers who may not change the case see the person, not a form
		// they could not save (and never an identity: Person blanked it).
		return h.renderPersonView(c, cs, p, r)
	}
	if err := h.Store.RecordIdentityView(ctx, cs, *p); err != nil {
		return err
	}
	return h.renderPerson(c, http.StatusOK, cs, p, PersonInputFrom(p, r.UnitByID(cs.UnitID).Location()), p.Version, nil, "", nil)
}

// updatePerson saves one person; a stale copy comes back with the newer
// values shown and what was typed kept.
func (h *Handler) updatePerson(c echo.Context) error {
	ctx := c.Request().Context()
	in := personInputFromForm(c)
	version, err := formVersion(c)
	if err != nil {
		return err
	}
	p, err := h.Store.UpdatePerson(ctx, c.Param("pseudonym"), version, in)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/cases/"+caseReferenceOf(p.Pseudonym)+"?saved=person_saved#people")
	}
	e, ok := asError(err)
	if !ok || (e.Kind != ocu.Invalid && !(e.Kind == ocu.Conflict && e.Current != nil)) {
		return err
	}
	cur, cs, gerr := h.Store.Person(ctx, c.Param("pseudonym"))
	if gerr != nil {
		return gerr
	}
	msg, fields := e.Translate(translator(c))
	if e.Kind == ocu.Invalid {
		return h.renderPerson(c, http.StatusUnprocessableEntity, cs, cur, in, version, fields, msg, nil)
	}
	r, rerr := loadSnapshot(ctx, h.Units)
	if rerr != nil {
		return rerr
	}
	// The newer values, identity included, are shown beside what was typed.
	if err := h.Store.RecordIdentityView(ctx, cs, *cur); err != nil {
		return err
	}
	newer := personValues(PersonInputFrom(cur, r.UnitByID(cs.UnitID).Location()), cur.Version)
	return h.renderPerson(c, http.StatusConflict, cs, cur, in, cur.Version, nil, "", &newer)
}

// caseReferenceOf strips the person number from a pseudonym.
func caseReferenceOf(pseudonym string) string {
	if i := strings.LastIndex(pseudonym, "-P"); i > 0 {
		return pseudonym[:i]
	}
	return pseudonym
}

func (h *Handler) renderPerson(c echo.Context, status int, cs *Case, p *Person, in PersonInput, version int, errs map[string]string, summary string, stale *views.PersonFormValues, forms ...idnoticeForm) error {
	ctx := c.Request().Context()
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	title := views.T(ctx, "person.new_title", cs.Reference)
	action := "/cases/" + cs.Reference + "/people"
	pseudonym := ""
	if p != nil {
		title, action, pseudonym = p.Pseudonym, "/people/"+p.Pseudonym, p.Pseudonym
	}
	layout, err := h.Layout.Page(ctx, title, "cases", r.OperationByID(cs.OperationID).Ref())
	if err != nil {
		return err
	}
	u := r.UnitByID(cs.UnitID)
	d := views.PersonPageData{
		Page: layout, CaseRef: cs.Reference, CaseHref: "/cases/" + cs.Reference, CaseTitle: cs.Title,
		Pseudonym: pseudonym, Action: action, Values: personValues(in, version), Choices: r.personChoices(ctx),
		Zone: u.City + ": " + u.TimeZone, Errors: errs, Summary: summary, Stale: stale,
	}
	if p != nil {
		if err := h.personSections(ctx, r, cs, p, &d, forms...); err != nil {
			return err
		}
		if d.Matches, err = h.matchSection(ctx, p.Pseudonym); err != nil {
			return err
		}
		if d.Checks, err = h.personCheckRows(ctx, p.ID, u.Location()); err != nil {
			return err
		}
		if d.Prosecution, err = h.prosecutionSummary(ctx, cs, p); err != nil {
			return err
		}
	}
	return views.Render(ctx, c.Response(), status, views.PersonPage(d))
}
