package cases

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// renderPersonView shows a person to a reader who may see the case but not
// change it (another country's case in their OCU, a shared case, a
// coordinator): the recorded facts, and why there is no form. Identities
// are already blank for them (Store.Person), so nothing is recorded.
func (h *Handler) renderPersonView(c echo.Context, cs *Case, p *Person, r snapshot) error {
	ctx := c.Request().Context()
	layout, err := h.Layout.Page(ctx, p.Pseudonym, "cases", r.OperationByID(cs.OperationID).Ref())
	if err != nil {
		return err
	}
	ch := r.personChoices(ctx)
	in := PersonInputFrom(p, r.UnitByID(cs.UnitID).Location())
	d := views.PersonViewData{Page: layout, CaseRef: cs.Reference, CaseHref: "/cases/" + cs.Reference,
		CaseTitle: cs.Title, Pseudonym: p.Pseudonym}
	add := func(key, value string) {
		if value != "" {
			d.Facts = append(d.Facts, views.Fact{Label: views.T(ctx, key), Value: value})
		}
	}
	add("field.outcome", optionLabel(ch.Outcomes, in.Outcome))
	add("field.sex", optionLabel(ch.Sexes, in.Sex))
	add("field.age_band", optionLabel(ch.AgeBands, in.AgeBand))
	add("field.nationality", optionLabel(ch.Nationalities, in.Nationality))
	add("field.exploitation", optionLabel(ch.Exploitations, in.Exploitation))
	add("field.assistance_org", in.AssistanceOrg)
	add("field.assistance_date", in.AssistanceDate)
	if in.Arrested {
		add("field.arrested", strings.TrimSpace(views.T(ctx, "person.view_yes")+" "+in.ArrestedAt))
	}
	var charges []string
	for _, v := range in.Charges {
		charges = append(charges, optionLabel(ch.Charges, v))
	}
	add("field.charges", strings.Join(charges, ", "))
	add("field.prosecution_authority", in.ProsecutionAuthority)
	add("field.prosecution_ref", in.ProsecutionRef)
	add("field.prosecution_date", in.ProsecutionDate)
	if d.Matches, err = h.matchSection(ctx, p.Pseudonym); err != nil {
		return err
	}
	if d.Checks, err = h.personCheckRows(ctx, p.ID, r.UnitByID(cs.UnitID).Location()); err != nil {
		return err
	}
	if d.Prosecution, err = h.prosecutionSummary(ctx, cs, p); err != nil {
		return err
	}
	if e, ok := asError(readOnly(principal(ctx), cs)); ok {
		d.Why, _ = e.Translate(translator(c))
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.PersonView(d))
}

// optionLabel is the label of the option whose value is v; v itself when
// no option has it.
func optionLabel(opts []views.Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// matchSection is the person's possible matches, each disclosed within the
// reader's scope (matching decides what of the other side is shown).
func (h *Handler) matchSection(ctx context.Context, pseudonym string) (views.MatchSection, error) {
	if h.Matches == nil {
		return views.MatchSection{}, nil
	}
	return h.Matches.Section(ctx, pseudonym)
}
