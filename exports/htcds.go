package exports

import "database/sql"

// The JSON export carries every potential victim once more, in the field
// names and codes of IOM's Human Trafficking Case Data Standard (HTCDS) 2.0,
// so that victim-assistance and case-management systems built on it can
// take ocu's figures without a mapping of their own. ocu holds little of
// what the standard describes (it is a police coordination tool, not a
// victim case file): trafficking status, gender, citizenship and type of
// exploitation. Fields the standard has no place for keep ocu's meaning
// under an "ocu_" prefix. docs/exports.md gives the mapping and where each
// HTCDS name and code comes from.

// tableVictims is the potential victims, read for the HTCDS records only.
const tableVictims Table = "htcds_victims"

func init() {
	schema[tableVictims] = []column{
		{"pseudonym", kText}, {"case", kText}, {"sex", kText}, {"age_band", kText},
		{"minor", kBool}, {"nationality", kText}, {"exploitation", kText},
	}
}

// htcdsVictim is one potential victim as an HTCDS 2.0 record: the 2.0
// field names carry their table's prefix (prs_ person, vic_ victim
// context), and the values are 2.0's own picklist names
// (exports/testdata/htcds-2.0.md lists them; a test checks every record
// against it).
type htcdsVictim struct {
	Pseudonym            string   `json:"ocu_Pseudonym"`
	CaseReference        string   `json:"ocu_CaseReference"`
	TraffickingStatus    string   `json:"vic_TraffickingStatus"`
	DecisionMakingOrg    string   `json:"vic_TraffickingStatusDecisionMakingOrg"`
	Gender               string   `json:"prs_Gender"`
	Citizenship          []string `json:"prs_Citizenship"`
	TypeOfExploitation   []string `json:"vic_TypeOfExploitation"`
	ForcedLabourIndustry *string  `json:"vic_ForcedLabourIndustry"`
	Sex                  string   `json:"ocu_Sex"`
	Nationality          string   `json:"ocu_Nationality"`
	AgeBand              string   `json:"ocu_AgeBand"`
	Minor                bool     `json:"ocu_Minor"`
}

// htcdsPossibleVictim is HTCDS's "Possible victim of trafficking": there
// are indicators, but no formal identification yet. That is exactly what
// screening makes of someone in ocu: a potential victim.
const htcdsPossibleVictim = "PossibleVictimOfTrafficking"

// htcdsDecisionByPolice names who decided the trafficking status: in an
// operation's screening, the police officers who raised the case.
const htcdsDecisionByPolice = "Police"

// htcdsGender maps ocu's recorded sex to 2.0's prs_Gender. ocu records sex
// as officers note it in a raid, not gender identity: "other" says neither
// female nor male without saying more, so it is 2.0's NonSpecifiedUnknown,
// and ocu_Sex keeps ocu's own code.
var htcdsGender = map[string]string{"female": "Feminine", "male": "Masculine", "other": "NonSpecifiedUnknown", "unknown": "NonSpecifiedUnknown"}

// htcdsExploitation maps the form of exploitation recorded for a victim to
// 2.0's vic_TypeOfExploitation. 2.0 has no "forced criminality" (scam
// centres, fraud schemes): it is Other. Domestic servitude is 2.0's
// Servitude. Child exploitation has no type of its own (childhood is a
// trait of the victim, ocu_Minor, not a purpose of exploitation): Other.
var htcdsExploitation = map[string]string{
	"sexual_exploitation": "SexualExploitation",
	"forced_labour":       "ForcedLabour",
	"forced_criminality":  "Other",
	"forced_begging":      "ForcedBegging",
	"domestic_servitude":  "Servitude",
	"forced_marriage":     "ForcedMarriage",
	"organ_removal":       "OrganRemoval",
	"child_exploitation":  "Other",
	"other":               "Other",
}

// htcdsNotISO3166 are nationality codes ocu accepts that ISO 3166 does not
// define (Kosovo's XK): they stay in ocu_Nationality only, never in
// prs_Citizenship, which 2.0 defines as ISO 3166.
var htcdsNotISO3166 = map[string]bool{"XK": true}

func (pl *plan) decodeVictim(rows *sql.Rows) func([]cell) error {
	var (
		pseudonym, ref, sex, band, nationality, exploitation string
		minor                                                int64
	)
	dest := []any{&pseudonym, &ref, &sex, &band, &minor, &nationality, &exploitation}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c[0].s, c[1].s, c[2].s, c[3].s, c[4].n, c[5].s, c[6].s = pseudonym, ref, sex, band, minor, nationality, exploitation
		return nil
	}
}

// htcdsRecord turns a potential victim's cells into its HTCDS record. ocu
// holds no industry for forced labour: vic_ForcedLabourIndustry, a core
// field, is present and null.
func htcdsRecord(c []cell) htcdsVictim {
	v := htcdsVictim{
		Pseudonym: c[0].s, CaseReference: c[1].s, TraffickingStatus: htcdsPossibleVictim,
		DecisionMakingOrg: htcdsDecisionByPolice, Gender: htcdsGender[c[2].s],
		Citizenship: []string{}, TypeOfExploitation: []string{},
		Sex: c[2].s, Nationality: c[5].s, AgeBand: c[3].s, Minor: c[4].n == 1,
	}
	if v.Gender == "" {
		v.Gender = "NonSpecifiedUnknown"
	}
	if c[5].s != "" && !htcdsNotISO3166[c[5].s] {
		v.Citizenship = append(v.Citizenship, c[5].s)
	}
	// Only what was recorded for this victim: the case's forms may cover
	// other victims of the same raid, so they are not copied onto each.
	if t, ok := htcdsExploitation[c[6].s]; ok {
		v.TypeOfExploitation = append(v.TypeOfExploitation, t)
	}
	return v
}
