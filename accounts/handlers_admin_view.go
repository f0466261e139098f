package accounts

import (
	"context"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// What the account pages show of an account, and the account form.

// userFields are the account form's fields in form order.
var userFields = []string{"username", "display_name", "role", "unit", "country", "password"}

// Account, token and lock times on the admin pages are in UTC (views.When
// with no zone): administrators of OCUs in several time zones read them.

// formUserValues reads the account form's fields other than the username
// and password, exactly as typed.
func formUserValues(c echo.Context) views.UserFormValues {
	return views.UserFormValues{DisplayName: c.FormValue("display_name"), Role: c.FormValue("role"),
		Unit: c.FormValue("unit"), Country: c.FormValue("country")}
}

func inputOf(v views.UserFormValues) UserInput {
	return UserInput{Username: v.Username, DisplayName: v.DisplayName, Role: v.Role, Unit: v.Unit, Country: v.Country}
}

// valuesOf is a stored account as the form shows it.
func valuesOf(snap *units.Snapshot, u *User) views.UserFormValues {
	v := views.UserFormValues{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role}
	if u.UnitID != nil {
		v.Unit = snap.UnitByID(*u.UnitID).Code
	}
	if u.CountryISO2 != nil {
		v.Country = *u.CountryISO2
	}
	return v
}

func userRow(ctx context.Context, snap *units.Snapshot, u *User) views.UserRow {
	v := valuesOf(snap, u)
	r := views.UserRow{Username: u.Username, Href: userHref(u.Username), DisplayName: u.DisplayName,
		Role: u.Role, RoleLabel: roleLabel(ctx, u.Role), Unit: v.Unit, Disabled: u.Disabled,
		Created: views.When(ctx, u.CreatedAt, nil)}
	if v.Country != "" {
		r.Country = snap.CountryName(v.Country)
	}
	return r
}

func roleLabel(ctx context.Context, role string) string {
	if !slices.Contains(ocu.Roles, role) {
		return role
	}
	return views.T(ctx, "admin.role."+role)
}

func unitLabel(ctx context.Context, u units.Unit) string {
	return views.T(ctx, "unit.name", u.City) + " (" + u.Code + ")"
}

// userForm builds the account form with v selected. The countries offered
// are those taking part in the current operation, by OCU: the ones an
// officer can be given (validation checks the country against that
// operation too). A country outside them that the account already has, or
// that was sent, is offered on its own so the form never silently drops it.
func userForm(ctx context.Context, snap *units.Snapshot, action string, editing bool, v views.UserFormValues, refusal *ocu.Error) views.UserForm {
	f := views.UserForm{Action: action, Editing: editing, Values: v}
	for _, r := range ocu.Roles {
		f.Roles = append(f.Roles, views.Option{Value: r, Label: roleLabel(ctx, r), Selected: r == strings.TrimSpace(v.Role)})
	}
	unit, country := strings.ToUpper(strings.TrimSpace(v.Unit)), strings.ToUpper(strings.TrimSpace(v.Country))
	for _, u := range snap.Units() {
		f.Units = append(f.Units, views.Option{Value: u.Code, Label: unitLabel(ctx, u), Selected: u.Code == unit})
	}
	offered := false
	if ops := snap.Operations(); len(ops) > 0 {
		attached := snap.Attached(ops[0].ID)
		for _, u := range snap.Units() {
			g := views.OptionGroup{Label: unitLabel(ctx, u)}
			for _, a := range attached {
				if a.UnitID == u.ID {
					g.Options = append(g.Options, views.Option{Value: a.ISO2, Label: a.Name, Selected: a.ISO2 == country})
					offered = offered || a.ISO2 == country
				}
			}
			if len(g.Options) > 0 {
				f.Countries = append(f.Countries, g)
			}
		}
	}
	if !offered && snap.CountryName(country) != "" {
		f.Countries = append(f.Countries, views.OptionGroup{Label: views.T(ctx, "admin.users.not_taking_part"),
			Options: []views.Option{{Value: country, Label: snap.CountryName(country), Selected: true}}})
	}
	if refusal != nil {
		summary, fields := refusal.Translate(func(key string, args ...any) string { return views.T(ctx, key, args...) })
		anchored := func(field string) bool {
			return slices.Contains(userFields, field) && !(editing && (field == "username" || field == "password"))
		}
		f.FormErrors = views.NewFormErrors(summary, fields, userFields, func(field string) string { return fieldLabel(ctx, field) }, anchored)
	}
	return f
}

// fieldLabel names a field of the account form in messages.
func fieldLabel(ctx context.Context, field string) string {
	key := "admin.field." + field
	if l := views.T(ctx, key); l != key {
		return l
	}
	return field
}
