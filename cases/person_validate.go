package cases

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Every rule a person's record must pass, in one place.

// MaxBulkPeople bounds one bulk add: a raid's worth (the largest in
// Liberterra II found about 1,500 migrants) with room to spare.
const MaxBulkPeople = 5000

func (in *PersonInput) normalise() {
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&in.Outcome, &in.Sex, &in.AgeBand, &in.Exploitation, &in.AssistanceOrg, &in.AssistanceDate,
		&in.Name, &in.BirthDate, &in.ArrestedAt, &in.ProsecutionAuthority, &in.ProsecutionRef, &in.ProsecutionDate} {
		trim(s)
	}
	in.Nationality = strings.ToUpper(strings.TrimSpace(in.Nationality))
	var charges []string
	for _, c := range in.Charges {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(charges, c) {
			charges = append(charges, c)
		}
	}
	in.Charges = charges
}

// personFields is a validated person, ready to store.
type personFields struct {
	outcome    Outcome
	minor      bool
	arrestedAt *time.Time
	charges    []Charge
}

// validatePerson checks a full person record. loc is the OCU's zone, for
// the arrest time; now bounds dates that cannot be in the future.
func validatePerson(snap *units.Snapshot, in *PersonInput, loc *time.Location, now time.Time) (personFields, error) {
	in.normalise()
	fe := ocu.FieldErrors{}
	for _, f := range []struct{ name, v string }{{"outcome", in.Outcome}, {"sex", in.Sex}, {"age_band", in.AgeBand},
		{"nationality", in.Nationality}, {"exploitation", in.Exploitation}, {"assistance_date", in.AssistanceDate},
		{"birth_date", in.BirthDate}, {"arrested_at", in.ArrestedAt}, {"prosecution_date", in.ProsecutionDate}} {
		tooLong(fe, f.name, f.v)
	}
	tooLong(fe, "charges", in.Charges...)
	var pf personFields
	if in.Outcome == "" {
		in.Outcome = string(Unscreened)
	}
	pf.outcome = Outcome(in.Outcome)
	if !slices.Contains(Outcomes, pf.outcome) {
		fe.Add("outcome", "error.outcome_unknown", in.Outcome)
	}
	if in.Sex == "" {
		in.Sex = "unknown"
	}
	if !slices.Contains(Sexes, in.Sex) {
		fe.Add("sex", "error.sex_unknown", in.Sex)
	}
	if in.AgeBand == "" {
		in.AgeBand = "unknown"
	}
	if !slices.Contains(AgeBands, in.AgeBand) {
		fe.Add("age_band", "error.age_band_unknown", in.AgeBand)
	}
	pf.minor = IsMinorBand(in.AgeBand)
	if in.Nationality != "" && snap.CountryName(in.Nationality) == "" {
		fe.Add("nationality", "error.country_unknown", in.Nationality)
	}

	victim, suspect := pf.outcome == PotentialVictim, pf.outcome == Suspect
	onlyFor := func(field, value string, allowed bool, key string) {
		if value != "" && !allowed {
			fe.Add(field, key)
		}
	}
	// Victim details belong to potential victims only.
	onlyFor("exploitation", in.Exploitation, victim, "error.victims_only")
	onlyFor("assistance_org", in.AssistanceOrg, victim, "error.victims_only")
	onlyFor("assistance_date", in.AssistanceDate, victim, "error.victims_only")
	if in.Exploitation != "" && !slices.Contains(VictimForms(), in.Exploitation) {
		fe.Add("exploitation", "error.exploitation_unknown", in.Exploitation)
	}
	if utf8.RuneCountInString(in.AssistanceOrg) > maxPlace {
		fe.Add("assistance_org", "error.too_long", maxPlace)
	}
	if in.AssistanceDate != "" {
		if !validDate(in.AssistanceDate, now) {
			fe.Add("assistance_date", "error.past_date")
		} else if in.AssistanceOrg == "" {
			fe.Add("assistance_org", "error.assistance_org_required")
		}
	}

	// Identity, arrest, charges and prosecution belong to suspects only:
	// the de-identification of victims and migrants is a rule, not a habit.
	onlyFor("name", in.Name, suspect, "error.names_suspects_only")
	onlyFor("birth_date", in.BirthDate, suspect, "error.names_suspects_only")
	if in.Arrested && !suspect {
		fe.Add("arrested", "error.suspects_only")
	}
	if len(in.Charges) > 0 && !suspect {
		fe.Add("charges", "error.suspects_only")
	}
	for _, f := range []struct{ name, v string }{{"prosecution_authority", in.ProsecutionAuthority}, {"prosecution_ref", in.ProsecutionRef}, {"prosecution_date", in.ProsecutionDate}} {
		onlyFor(f.name, f.v, suspect, "error.suspects_only")
	}
	if utf8.RuneCountInString(in.Name) > maxName {
		fe.Add("name", "error.too_long", maxName)
	}
	if in.BirthDate != "" && !validDate(in.BirthDate, now) {
		fe.Add("birth_date", "error.past_date")
	}
	if in.Arrested {
		if in.ArrestedAt == "" {
			fe.Add("arrested_at", "error.arrest_time_required")
		} else if t, ok := parseRaidAt(in.ArrestedAt, loc); !ok {
			fe.Add("arrested_at", "error.datetime_format")
		} else if t.After(now.Add(5 * time.Minute)) {
			fe.Add("arrested_at", "error.in_future")
		} else {
			pf.arrestedAt = &t
		}
	} else if in.ArrestedAt != "" {
		fe.Add("arrested_at", "error.arrest_time_without_arrest")
	}
	for _, c := range in.Charges {
		if !slices.Contains(Charges, Charge(c)) {
			fe.Add("charges", "error.charge_unknown", c)
		}
		pf.charges = append(pf.charges, Charge(c))
	}
	// A referral for prosecution is to an authority on a date; the
	// prosecutor's own reference often comes days later, so it may follow.
	if in.ProsecutionAuthority != "" || in.ProsecutionRef != "" || in.ProsecutionDate != "" {
		if in.ProsecutionAuthority == "" {
			fe.Add("prosecution_authority", "error.referral_incomplete")
		}
		if in.ProsecutionDate == "" {
			fe.Add("prosecution_date", "error.referral_incomplete")
		} else if !validDate(in.ProsecutionDate, now) {
			fe.Add("prosecution_date", "error.past_date")
		}
	}
	for _, f := range []struct{ name, v string }{{"prosecution_authority", in.ProsecutionAuthority}, {"prosecution_ref", in.ProsecutionRef}} {
		if utf8.RuneCountInString(f.v) > maxPlace {
			fe.Add(f.name, "error.too_long", maxPlace)
		}
	}
	return pf, fe.Err()
}

// validatePeople checks n people like in for an add to case c: a count
// within bounds, no identity on a crowd, and every rule of validatePerson.
func validatePeople(snap *units.Snapshot, c *Case, n int, in *PersonInput, now time.Time) (personFields, error) {
	fe := ocu.FieldErrors{}
	if n < 1 || n > MaxBulkPeople {
		fe.Add("count", "error.people_count", MaxBulkPeople)
	}
	if n > 1 && (strings.TrimSpace(in.Name) != "" || strings.TrimSpace(in.BirthDate) != "") {
		fe.Add("name", "error.bulk_no_names")
	}
	if err := fe.Err(); err != nil {
		return personFields{}, err
	}
	return validatePerson(snap, in, snap.UnitByID(c.UnitID).Location(), now)
}

// validDate accepts YYYY-MM-DD no later than today.
func validDate(s string, now time.Time) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && !t.After(now.Add(24*time.Hour))
}
