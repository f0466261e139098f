// Package accounts owns who may use ocu: users and their roles, passwords,
// sessions, API tokens and sign-in throttling, and the middleware that
// turns a request's cookie or token into the ocu.Principal every store
// scopes its queries by.
package accounts

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// User is an account.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	PasswordHash string
	Role         string
	UnitID       *int64
	CountryISO2  *string `gorm:"column:country_iso2"`
	Disabled     bool
	// Language is the reader's choice of language ("fr"), or "" to follow
	// the browser's.
	Language  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (User) TableName() string { return "users" }

// Principal is the user as the rest of ocu sees them.
func (u *User) Principal(address string) ocu.Principal {
	p := ocu.Principal{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Address: address}
	if u.UnitID != nil {
		p.UnitID = *u.UnitID
	}
	if u.CountryISO2 != nil {
		p.Country = *u.CountryISO2
	}
	return p
}

// UserInput is an account as an administrator types it.
type UserInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Unit        string `json:"unit"`
	Country     string `json:"country"`
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,39}$`)

// validate checks the input against the reference data. An officer needs a
// country and its OCU; when the current operation attaches the country to
// another OCU, that is refused rather than left to surprise the officer.
func (in *UserInput) validate(ref *units.Snapshot) (unitID *int64, country *string, err error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.Role = strings.TrimSpace(in.Role)
	in.Unit = strings.ToUpper(strings.TrimSpace(in.Unit))
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	fe := ocu.FieldErrors{}
	if !usernamePattern.MatchString(in.Username) {
		fe.Add("username", "error.username_format")
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	if utf8.RuneCountInString(in.DisplayName) > 100 {
		fe.Add("display_name", "error.too_long", 100)
	}
	if !slices.Contains(ocu.Roles, in.Role) {
		fe.Add("role", "error.role_unknown", in.Role)
	}
	needsUnit := in.Role == ocu.RoleOfficer || in.Role == ocu.RoleSupervisor
	switch {
	case needsUnit && in.Unit == "":
		fe.Add("unit", "error.role_needs_unit", in.Role)
	case !needsUnit && in.Unit != "":
		fe.Add("unit", "error.role_without_unit", in.Role)
	case in.Unit != "":
		if u, ok := ref.Unit(in.Unit); ok {
			unitID = &u.ID
		} else {
			fe.Add("unit", "error.unit_not_found", in.Unit)
		}
	}
	switch {
	case in.Role == ocu.RoleOfficer && in.Country == "":
		fe.Add("country", "error.officer_needs_country")
	case in.Role != ocu.RoleOfficer && in.Country != "":
		fe.Add("country", "error.role_without_country", in.Role)
	case in.Country != "":
		if ref.CountryName(in.Country) == "" {
			fe.Add("country", "error.country_unknown", in.Country)
		} else if unitID != nil {
			if ops := ref.Operations(); len(ops) > 0 {
				if a, ok := ref.Attachment(ops[0].ID, in.Country); ok && a.UnitID != *unitID {
					fe.Add("country", "error.country_other_unit", in.Country, in.Unit)
				}
			}
		}
		c := in.Country
		country = &c
	}
	return unitID, country, fe.Err()
}
