package cases

import (
	"time"
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

// personCharge is one row of charges.
type personCharge struct {
	PersonID int64
	Charge   Charge
}

func (personCharge) TableName() string { return "charges" }

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

// personFrom fills a person's fields from a validated input.
func personFrom(in PersonInput, pf personFields) Person {
	return Person{
		Outcome: pf.outcome, Sex: in.Sex, AgeBand: in.AgeBand, Minor: pf.minor, Nationality: in.Nationality,
		Exploitation: in.Exploitation, AssistanceOrg: in.AssistanceOrg, AssistanceDate: in.AssistanceDate,
		Name: in.Name, BirthDate: in.BirthDate, Arrested: in.Arrested, ArrestedAt: pf.arrestedAt,
		ProsecutionAuthority: in.ProsecutionAuthority, ProsecutionRef: in.ProsecutionRef, ProsecutionDate: in.ProsecutionDate,
		Charges: pf.charges,
	}
}

// auditPersonValues are the fields of a PersonInput the audit trail records by
// value: the screening outcome alone. Everything else said of a person is
// recorded by name only (see the audit package).
var auditPersonValues = []string{"outcome"}
