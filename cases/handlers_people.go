package cases

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// peoplePerPage is how many people a case page lists at once.
const peoplePerPage = 100

// personChoices are the options of every person field, translated.
func (r snapshot) personChoices(ctx context.Context) views.PersonChoices {
	var pc views.PersonChoices
	for _, o := range Outcomes {
		pc.Outcomes = append(pc.Outcomes, views.Option{Value: string(o), Label: views.T(ctx, "outcome."+string(o))})
	}
	// "Not known" comes first: a browser sends a select's first option
	// when none is chosen, so a form left alone records nothing false (a
	// crowd of girls under 9 because Female and 0-8 came first).
	for _, s := range unknownFirst(Sexes) {
		pc.Sexes = append(pc.Sexes, views.Option{Value: s, Label: views.T(ctx, "sex."+s)})
	}
	for _, a := range unknownFirst(AgeBands) {
		pc.AgeBands = append(pc.AgeBands, views.Option{Value: a, Label: views.T(ctx, "age."+a)})
	}
	for _, f := range VictimForms() {
		pc.Exploitations = append(pc.Exploitations, views.Option{Value: f, Label: exploitationLabel(ctx, f)})
	}
	for _, c := range Charges {
		pc.Charges = append(pc.Charges, views.Option{Value: string(c), Label: views.T(ctx, "charge."+string(c))})
	}
	for _, c := range r.Countries() {
		pc.Nationalities = append(pc.Nationalities, views.Option{Value: c.ISO2, Label: c.Name})
	}
	return pc
}

// unknownFirst is the values with "unknown" moved to the front.
func unknownFirst(values []string) []string {
	out := []string{"unknown"}
	for _, v := range values {
		if v != "unknown" {
			out = append(out, v)
		}
	}
	return out
}

func exploitationLabel(ctx context.Context, f string) string {
	if f == "other" {
		return views.T(ctx, "exploitation.other")
	}
	return views.T(ctx, "form."+f)
}

// peopleSection fills the people part of a case page, keeping any form
// values and errors the caller already put in ps. A page number (ppage)
// that is not one shows page 1, and one past the last shows the last:
// notice says so.
func (h *Handler) peopleSection(c echo.Context, cs *Case, r snapshot, ps views.PeopleSection) (_ views.PeopleSection, notice string, _ error) {
	ctx := c.Request().Context()
	outcome := Outcome(c.QueryParam("outcome"))
	if !outcomeValid(outcome) {
		outcome = ""
	}
	page := 1
	if v := c.QueryParam("ppage"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 {
			page = n
		} else {
			notice = views.T(ctx, "people.page_not_a_number", v)
		}
	}
	pp, err := h.Store.People(ctx, cs, outcome, page, peoplePerPage)
	if err != nil {
		return ps, "", err
	}
	if last := ocu.LastPage(pp.Total, pp.PerPage); pp.Page > last {
		notice = views.T(ctx, "people.page_past_end", pp.Page, last)
		if pp, err = h.Store.People(ctx, cs, outcome, last, peoplePerPage); err != nil {
			return ps, "", err
		}
	}
	// The rows show no name or date of birth (personRow): no identity
	// view to record here, unlike the person page and the API.
	base := "/cases/" + cs.Reference
	ps.Total, ps.Outcome, ps.Shown, ps.PageNo, ps.Unscreened = cs.PeopleCount, string(outcome), pp.Total, pp.Page, cs.Unscreened
	ps.Pages = int((pp.Total + int64(pp.PerPage) - 1) / int64(pp.PerPage))
	ps.ScreenAction, ps.BulkAction, ps.NewHref, ps.GridHref = base+"/people/screen", base+"/people/bulk", base+"/people/new", base+"/screen"
	ps.Choices, ps.Open = r.personChoices(ctx), cs.Status != Closed && canContribute(principal(ctx), cs)
	byOutcome := map[Outcome]int{Unscreened: cs.Unscreened, PotentialVictim: cs.PotentialVictims,
		IrregularMigrant: cs.IrregularMigrants, Suspect: cs.Suspects}
	byOutcome[OtherOutcome] = cs.PeopleCount - cs.Unscreened - cs.PotentialVictims - cs.IrregularMigrants - cs.Suspects
	for _, o := range Outcomes {
		ps.Counts = append(ps.Counts, views.StatusCount{Status: string(o), Label: views.T(ctx, "outcome."+string(o)),
			N: byOutcome[o], Href: base + "?outcome=" + string(o) + "#people"})
	}
	ps.Counts = append(ps.Counts,
		views.StatusCount{Status: "minor", Label: views.T(ctx, "people.minor_victims"), N: cs.MinorVictims, Href: base + "?outcome=potential_victim#people"},
		views.StatusCount{Status: "arrests", Label: views.T(ctx, "people.arrests"), N: cs.Arrests, Href: base + "?outcome=suspect#people"})
	selected := map[string]bool{}
	for _, p := range ps.Rows {
		selected[p.Pseudonym] = p.Selected
	}
	ps.Rows = nil
	for _, p := range pp.People {
		ps.Rows = append(ps.Rows, personRow(ctx, r, &p, selected[p.Pseudonym]))
	}
	pageURL := func(n int) string {
		q := url.Values{"ppage": {strconv.Itoa(n)}}
		if outcome != "" {
			q.Set("outcome", string(outcome))
		}
		return base + "?" + q.Encode() + "#people"
	}
	if pp.Page > 1 {
		ps.PrevHref = pageURL(pp.Page - 1)
	}
	if pp.Page < ps.Pages {
		ps.NextHref = pageURL(pp.Page + 1)
	}
	return ps, notice, nil
}

func outcomeValid(o Outcome) bool {
	for _, x := range Outcomes {
		if x == o {
			return true
		}
	}
	return false
}

func personRow(ctx context.Context, r snapshot, p *Person, selected bool) views.PersonRow {
	row := views.PersonRow{
		Pseudonym: p.Pseudonym, Href: "/people/" + p.Pseudonym, Outcome: string(p.Outcome),
		OutcomeLabel: views.T(ctx, "outcome."+string(p.Outcome)), Sex: views.T(ctx, "sex."+p.Sex),
		Age: views.T(ctx, "age."+p.AgeBand), Minor: p.Minor, Selected: selected,
	}
	if p.Nationality != "" {
		row.Nationality = r.country(p.Nationality)
	}
	var details []string
	if p.Exploitation != "" {
		details = append(details, exploitationLabel(ctx, p.Exploitation))
	}
	if p.AssistanceOrg != "" {
		details = append(details, views.T(ctx, "people.assisted_by", p.AssistanceOrg))
	}
	if p.Arrested {
		details = append(details, views.T(ctx, "people.arrested"))
	}
	for _, ch := range p.Charges {
		details = append(details, views.T(ctx, "charge."+string(ch)))
	}
	if p.ProsecutionAuthority != "" {
		details = append(details, views.T(ctx, "people.referred", p.ProsecutionAuthority))
	}
	row.Details = strings.Join(details, " · ")
	return row
}

// personInputFromForm reads the person fields of a form as typed.
func personInputFromForm(c echo.Context) PersonInput {
	return PersonInput{
		Outcome: c.FormValue("outcome"), Sex: c.FormValue("sex"), AgeBand: c.FormValue("age_band"),
		Nationality: c.FormValue("nationality"), Exploitation: c.FormValue("exploitation"),
		AssistanceOrg: c.FormValue("assistance_org"), AssistanceDate: c.FormValue("assistance_date"),
		Name: c.FormValue("name"), BirthDate: c.FormValue("birth_date"), Arrested: c.FormValue("arrested") != "",
		ArrestedAt: c.FormValue("arrested_at"), Charges: formValues(c, "charges"),
		ProsecutionAuthority: c.FormValue("prosecution_authority"), ProsecutionRef: c.FormValue("prosecution_ref"),
		ProsecutionDate: c.FormValue("prosecution_date"),
	}
}

func formValues(c echo.Context, name string) []string {
	f, err := c.FormParams()
	if err != nil {
		return nil
	}
	return f[name]
}

func personValues(in PersonInput, version int) views.PersonFormValues {
	return views.PersonFormValues{
		Outcome: in.Outcome, Sex: in.Sex, AgeBand: in.AgeBand, Nationality: in.Nationality, Exploitation: in.Exploitation,
		AssistanceOrg: in.AssistanceOrg, AssistanceDate: in.AssistanceDate, Name: in.Name, BirthDate: in.BirthDate,
		Arrested: in.Arrested, ArrestedAt: in.ArrestedAt, Charges: in.Charges,
		ProsecutionAuthority: in.ProsecutionAuthority, ProsecutionRef: in.ProsecutionRef, ProsecutionDate: in.ProsecutionDate,
		Version: version,
	}
}

// bulkAdd adds people with shared attributes from the case page.
func (h *Handler) bulkAdd(c echo.Context) error {
	ctx := c.Request().Context()
	ref := c.Param("ref")
	in := personInputFromForm(c)
	countText := strings.TrimSpace(c.FormValue("count"))
	n, err := strconv.Atoi(countText)
	if err != nil {
		n = 0 // reported by AddPeople as a count error
	}
	added, err := h.Store.AddPeople(ctx, ref, n, in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		cs, gerr := h.Store.Get(ctx, ref)
		if gerr != nil {
			return gerr
		}
		_, fields := e.Translate(translator(c))
		d := views.CasePageData{}
		d.People.Bulk, d.People.BulkCount, d.People.BulkErrors = personValues(in, 0), countText, fields
		return h.renderCase(c, http.StatusUnprocessableEntity, cs, d)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/cases/%s?saved=people_added&n=%d#people", strings.ToUpper(ref), len(added)))
}

// screen applies one outcome to the selected people, or to everyone still
// unscreened.
func (h *Handler) screen(c echo.Context) error {
	ctx := c.Request().Context()
	ref := c.Param("ref")
	sc := ScreeningRequest{Pseudonyms: formValues(c, "people"), AllUnscreened: c.FormValue("all_unscreened") != "",
		Outcome: c.FormValue("outcome"), Exploitation: c.FormValue("exploitation")}
	n, err := h.Store.Screen(ctx, ref, sc)
	if e, ok := asError(err); ok && (e.Kind == ocu.Invalid || e.Kind == ocu.Conflict) {
		cs, gerr := h.Store.Get(ctx, ref)
		if gerr != nil {
			return gerr
		}
		msg, fields := e.Translate(translator(c))
		d := views.CasePageData{}
		d.People.Screen = views.ScreenForm{Outcome: sc.Outcome, Exploitation: sc.Exploitation, All: sc.AllUnscreened, Errors: fields, Summary: msg}
		for _, p := range sc.Pseudonyms {
			d.People.Rows = append(d.People.Rows, views.PersonRow{Pseudonym: strings.ToUpper(p), Selected: true})
		}
		status := http.StatusUnprocessableEntity
		if e.Kind == ocu.Conflict {
			status = http.StatusConflict
		}
		return h.renderCase(c, status, cs, d)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/cases/%s?saved=screened&n=%d#people", strings.ToUpper(ref), n))
}
