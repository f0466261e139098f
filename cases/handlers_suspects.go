package cases

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// suspectsShown is how many suspects' quick forms the case page holds: a
// raid's handful, not a list to page through (the people table has them
// all).
const suspectsShown = 10

// suspectsSection fills the case page's quick forms for the suspects not
// yet referred, for those who contribute to the case (its raising country,
// partner countries, its OCU's supervisors) while it is open. A form
// in typed (refused when saved) replaces its suspect's stored values.
func (h *Handler) suspectsSection(ctx context.Context, cs *Case, r snapshot, typed views.SuspectsSection) (views.SuspectsSection, error) {
	var s views.SuspectsSection
	waiting := cs.Suspects - cs.ReferredSuspects
	if waiting <= 0 || cs.Status == Closed || !canContribute(principal(ctx), cs) {
		return s, nil
	}
	ps, err := h.Store.SuspectsToRefer(ctx, cs, suspectsShown)
	if err != nil {
		return s, err
	}
	u := r.UnitByID(cs.UnitID)
	loc := u.Location()
	for i := range ps {
		p := &ps[i]
		in := PersonInputFrom(p, loc)
		// Filled with the raid's time and day: shown, and stored only
		// once "arrested" is ticked or an authority named (arrest).
		if in.ArrestedAt == "" {
			in.ArrestedAt = cs.RaidAt.In(loc).Format(LocalTimeLayout)
		}
		if in.ProsecutionDate == "" {
			in.ProsecutionDate = cs.RaidDay
		}
		f := suspectForm(ctx, p.Pseudonym, p.Version, in, u.TimeZone)
		if j := slices.IndexFunc(typed.Forms, func(t views.SuspectForm) bool { return t.Pseudonym == p.Pseudonym }); j >= 0 {
			f = typed.Forms[j]
		}
		s.Forms = append(s.Forms, f)
	}
	s.More = waiting - len(s.Forms)
	s.AllHref = "/cases/" + cs.Reference + "?outcome=suspect#people"
	return s, nil
}

// suspectForm is one suspect's quick form with in's values.
func suspectForm(ctx context.Context, pseudonym string, version int, in PersonInput, zone string) views.SuspectForm {
	f := views.SuspectForm{
		Pseudonym: pseudonym, Href: "/people/" + pseudonym, Action: "/people/" + pseudonym + "/arrest", Version: version,
		Arrested: in.Arrested, ArrestedAt: in.ArrestedAt, Authority: in.ProsecutionAuthority, Ref: in.ProsecutionRef,
		Date: in.ProsecutionDate, Zone: zone,
	}
	for _, ch := range Charges {
		f.Charges = append(f.Charges, views.Option{Value: string(ch), Label: views.T(ctx, "charge."+string(ch)),
			Selected: slices.Contains(in.Charges, string(ch))})
	}
	return f
}

// arrest saves a suspect's arrest, charges and referral from the case
// page's quick form, leaving the rest of the person as stored. The arrest
// time counts only when "arrested" is ticked, the referral date only when
// an authority or a reference is given: the form shows both filled in.
func (h *Handler) arrest(c echo.Context) error {
	ctx := c.Request().Context()
	pseudonym := c.Param("pseudonym")
	version, err := formVersion(c)
	if err != nil {
		return err
	}
	p, cs, err := h.Store.Person(ctx, pseudonym)
	if err != nil {
		return err
	}
	if p.Outcome != Suspect {
		return ocu.Errorf(ocu.Invalid, "error.suspects_only")
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	u := r.UnitByID(cs.UnitID)
	typed := PersonInput{
		Arrested: c.FormValue("arrested") != "", ArrestedAt: strings.TrimSpace(c.FormValue("arrested_at")),
		Charges: formValues(c, "charges"), ProsecutionAuthority: strings.TrimSpace(c.FormValue("prosecution_authority")),
		ProsecutionRef: strings.TrimSpace(c.FormValue("prosecution_ref")), ProsecutionDate: strings.TrimSpace(c.FormValue("prosecution_date")),
	}
	in := PersonInputFrom(p, u.Location())
	in.Arrested, in.ArrestedAt, in.Charges = typed.Arrested, "", typed.Charges
	if typed.Arrested {
		in.ArrestedAt = typed.ArrestedAt
	}
	in.ProsecutionAuthority, in.ProsecutionRef, in.ProsecutionDate = typed.ProsecutionAuthority, typed.ProsecutionRef, ""
	if typed.ProsecutionAuthority != "" || typed.ProsecutionRef != "" {
		in.ProsecutionDate = typed.ProsecutionDate
	}
	_, err = h.Store.UpdatePerson(ctx, pseudonym, version, in)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/cases/"+cs.Reference+"?saved=suspect_saved#suspects")
	}
	e, ok := asError(err)
	if !ok || (e.Kind != ocu.Invalid && e.Kind != ocu.Conflict) {
		return err
	}
	msg, fields := e.Translate(translator(c))
	f := suspectForm(ctx, p.Pseudonym, version, typed, u.TimeZone)
	f.Summary, f.Errors = msg, fields
	status := http.StatusUnprocessableEntity
	if e.Kind == ocu.Conflict {
		// Someone saved this suspect meanwhile: the page shows what is
		// stored now; what was typed is kept in the form to save again.
		status = http.StatusConflict
		if cur, ok := e.Current.(*Person); ok {
			f.Version = cur.Version
		}
	}
	cs, err = h.Store.Get(ctx, cs.Reference)
	if err != nil {
		return err
	}
	return h.renderCase(c, status, cs, views.CasePageData{Suspects: views.SuspectsSection{Forms: []views.SuspectForm{f}}})
}
