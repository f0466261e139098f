package cases

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Outcome is where screening placed a person found in a case.
type Outcome string

const (
	Unscreened       Outcome = "unscreened"
	PotentialVictim  Outcome = "potential_victim" // of trafficking
	IrregularMigrant Outcome = "irregular_migrant"
	Suspect          Outcome = "suspect"
	OtherOutcome     Outcome = "other" // released, witness
)

// Outcomes in display order.
var Outcomes = []Outcome{Unscreened, PotentialVictim, IrregularMigrant, Suspect, OtherOutcome}

// Sexes a person can be recorded with.
var Sexes = []string{"female", "male", "other", "unknown"}

// AgeBands follow the broad bands the Counter Trafficking Data
// Collaborative publishes, so exports stay comparable; the two "unknown"
// bands let an officer say minor or adult without an age, so counts of
// minors are exact even when ages are not.
var AgeBands = []string{"0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+", "minor_unknown", "adult_unknown", "unknown"}

// IsMinorBand reports whether a band means under 18.
func IsMinorBand(band string) bool { return band == "0-8" || band == "9-17" || band == "minor_unknown" }

// Charge is a charge a suspect faces.
type Charge string

const (
	ChargeTrafficking Charge = "human_trafficking"
	ChargeSmuggling   Charge = "migrant_smuggling"
)

// Charges in display order: the operation's own two first, then the others.
var Charges = []Charge{ChargeTrafficking, ChargeSmuggling, "drug_trafficking", "money_laundering", "firearms", "document_fraud", "other"}

// TraffickingOrSmuggling reports whether c counts among arrests "on
// trafficking or smuggling charges".
func (c Charge) TraffickingOrSmuggling() bool { return c == ChargeTrafficking || c == ChargeSmuggling }

// VictimForms are the forms of exploitation a potential victim can be
// recorded with: the trafficking forms of the taxonomy, and other.
func VictimForms() []string {
	var out []string
	for _, f := range FormGroups[0].Forms {
		out = append(out, string(f))
	}
	return append(out, "other")
}

// Person is someone found in a case. Victims and migrants carry only the
// pseudonym; name and date of birth exist for suspects alone.
type Person struct {
	ID                   int64
	CaseID               int64
	OperationID          int64
	UnitID               int64
	Seq                  int
	Pseudonym            string
	Outcome              Outcome
	Sex                  string
	AgeBand              string
	Minor                bool
	Nationality          string
	Exploitation         string
	AssistanceOrg        string
	AssistanceDate       string
	Name                 string
	BirthDate            string
	Arrested             bool
	ArrestedAt           *time.Time
	ProsecutionAuthority string
	ProsecutionRef       string
	ProsecutionDate      string
	Version              int
	CreatedAt            time.Time
	UpdatedAt            time.Time

	Charges []Charge `gorm:"-"`
}

func (Person) TableName() string { return "people" }

// Pseudonym formats a person's system pseudonym: the case reference and a
// number that is never reused within the case.
func Pseudonym(caseReference string, seq int) string {
	return fmt.Sprintf("%s-P%03d", caseReference, seq)
}

// PersonInput is what an officer types about a person, kept as text so a
// form with errors comes back as typed. Empty fields of a bulk add or a
// screening mean "leave as is".
type PersonInput struct {
	Outcome              string   `json:"outcome"`
	Sex                  string   `json:"sex"`
	AgeBand              string   `json:"age_band"`
	Nationality          string   `json:"nationality"`
	Exploitation         string   `json:"exploitation"`
	AssistanceOrg        string   `json:"assistance_org"`
	AssistanceDate       string   `json:"assistance_date"`
	Name                 string   `json:"name"`
	BirthDate            string   `json:"birth_date"`
	Arrested             bool     `json:"arrested"`
	ArrestedAt           string   `json:"arrested_at"`
	Charges              []string `json:"charges"`
	ProsecutionAuthority string   `json:"prosecution_authority"`
	ProsecutionRef       string   `json:"prosecution_ref"`
	ProsecutionDate      string   `json:"prosecution_date"`
}

// PersonInputFrom turns a stored person back into an input, for forms and
// partial updates.
func PersonInputFrom(p *Person, loc *time.Location) PersonInput {
	in := PersonInput{
		Outcome: string(p.Outcome), Sex: p.Sex, AgeBand: p.AgeBand, Nationality: p.Nationality,
		Exploitation: p.Exploitation, AssistanceOrg: p.AssistanceOrg, AssistanceDate: p.AssistanceDate,
		Name: p.Name, BirthDate: p.BirthDate, Arrested: p.Arrested,
		ProsecutionAuthority: p.ProsecutionAuthority, ProsecutionRef: p.ProsecutionRef, ProsecutionDate: p.ProsecutionDate,
	}
	if p.ArrestedAt != nil {
		in.ArrestedAt = p.ArrestedAt.In(loc).Format(LocalTimeLayout)
	}
	for _, c := range p.Charges {
		in.Charges = append(in.Charges, string(c))
	}
	return in
}

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
func validatePerson(ref *units.Snapshot, in *PersonInput, loc *time.Location, now time.Time) (personFields, error) {
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
	if in.Nationality != "" && ref.CountryName(in.Nationality) == "" {
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
	// A referral for prosecution is recorded whole or not at all.
	if in.ProsecutionAuthority != "" || in.ProsecutionRef != "" || in.ProsecutionDate != "" {
		if in.ProsecutionAuthority == "" {
			fe.Add("prosecution_authority", "error.referral_incomplete")
		}
		if in.ProsecutionRef == "" {
			fe.Add("prosecution_ref", "error.referral_incomplete")
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
