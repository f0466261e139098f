package cases

import (
	"context"
	"slices"
	"strings"

	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// formData fills the case form's choices around what was typed. The zone
// hint names the time zone the raid time is read in: the case's OCU when
// editing (renderEdit); when raising a case the OCU follows from the
// country, so the OCUs of the countries offered are named.
func (h *Handler) formData(ctx context.Context, layout views.Page, in Input, op units.Operation, errs map[string]string) (views.CaseFormData, error) {
	d := views.CaseFormData{Page: layout, Errors: errs, Values: views.CaseFormValues{
		Operation: in.Operation, RaisingCountry: in.RaisingCountry, Title: in.Title, Summary: in.Summary,
		Place: in.Place, Country: in.Country, RaidAt: in.RaidAt, RaisedBy: in.RaisedBy,
		Found: map[string]string{"found_victims": in.Found.Victims, "found_minors": in.Found.Minors, "found_migrants": in.Found.Migrants,
			"found_suspects": in.Found.Suspects, "found_other": in.Found.Other, "found_unscreened": in.Found.Unscreened},
	}}
	if d.Values.Operation == "" {
		d.Values.Operation = op.Code
	}
	ref, err := h.Units.Snapshot(ctx)
	if err != nil {
		return d, err
	}
	ops := ref.Operations()
	opGroup := views.OptionGroup{}
	for _, o := range ops {
		opGroup.Options = append(opGroup.Options, views.Option{Value: o.Code, Label: o.Code + " · " + o.Name, Selected: strings.EqualFold(o.Code, d.Values.Operation)})
	}
	d.Operations = []views.OptionGroup{opGroup}

	// The raising countries are those the user may raise for (an
	// officer: their own; a supervisor: their OCU's), so the form offers
	// no country it would then refuse; the hint names only those OCUs'
	// time zones.
	p := principal(ctx)
	us, attached := ref.Units(), ref.Attached(op.ID)
	var zones []string
	var offered []string
	for _, u := range us {
		g := views.OptionGroup{Label: views.T(ctx, "unit.name", u.City) + " (" + u.Code + ")"}
		for _, a := range attached {
			if a.UnitID == u.ID && p.MayRaiseFor(a.ISO2, a.UnitID) {
				g.Options = append(g.Options, views.Option{Value: a.ISO2, Label: a.Name, Selected: strings.EqualFold(a.ISO2, in.RaisingCountry)})
				offered = append(offered, a.ISO2)
			}
		}
		if len(g.Options) == 0 {
			continue
		}
		g.Options = views.LocalCountries(ctx, g.Options)
		d.RaisingCountries = append(d.RaisingCountries, g)
		zones = append(zones, u.City+": "+u.TimeZone)
	}
	if len(offered) == 1 {
		// One country to choose from is chosen already.
		d.RaisingCountries[0].Options[0].Selected = true
	}
	d.Zone = strings.Join(zones, "; ")

	countries := ref.Countries()
	for _, c := range countries {
		d.Countries = append(d.Countries, views.Option{Value: c.ISO2, Label: c.Name, Selected: strings.EqualFold(c.ISO2, in.Country)})
	}
	for _, role := range LinkRoles {
		lf := views.LinkedField{Role: role, Name: role, Label: views.T(ctx, "link."+role)}
		for _, c := range countries {
			sel := slices.ContainsFunc(in.Linked[role], func(s string) bool { return strings.EqualFold(s, c.ISO2) })
			lf.Options = append(lf.Options, views.Option{Value: c.ISO2, Label: c.Name, Selected: sel})
			if sel {
				lf.Chosen = append(lf.Chosen, c.Name)
			}
		}
		d.Linked = append(d.Linked, lf)
	}
	for _, g := range FormGroups {
		og := views.OptionGroup{Label: views.T(ctx, "formgroup."+g.Code)}
		for _, f := range g.Forms {
			og.Options = append(og.Options, views.Option{Value: string(f), Label: views.T(ctx, "form."+string(f)), Selected: slices.Contains(in.Forms, string(f))})
		}
		d.Forms = append(d.Forms, og)
	}
	return d, nil
}
