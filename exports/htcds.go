package exports

import "database/sql"

// The JSON export carries every potential victim once more, in the field
// names and codes of IOM's Human Trafficking Case Data Standard (HTCDS),
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

// htcdsVictim is one potential victim as an HTCDS person.
type htcdsVictim struct {
	Pseudonym            string   `json:"ocu_Pseudonym"`
	CaseReference        string   `json:"ocu_CaseReference"`
	TraffickingStatus    string   `json:"TraffickingStatus"`
	Gender               string   `json:"Gender"`
	Citizenship          []string `json:"Citizenship"`
	TypeOfExploitation   []string `json:"TypeOfExploitation"`
	ForcedLabourIndustry *string  `json:"ForcedLabourIndustry"`
	AgeBand              string   `json:"ocu_AgeBand"`
	Minor                bool     `json:"ocu_Minor"`
}

// htcdsPossibleVictim is HTCDS's "Possible victim of trafficking": there
// are indicators, but no formal identification yet. That is exactly what
// screening makes of someone in ocu: a potential victim.
const htcdsPossibleVictim = "PossibleVictimOfTrafficking"

// htcdsGender maps ocu's recorded sex to HTCDS Gender.
var htcdsGender = map[string]string{"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"}

// htcdsExploitation maps the form of exploitation recorded for a victim to
// HTCDS TypeOfExploitation. Child exploitation has no type of its own in
// the standard (childhood is a trait of the victim, ocu_Minor, not a
// purpose of exploitation): it becomes Other, as does ocu's other.
var htcdsExploitation = map[string]string{
	"sexual_exploitation": "SexualExploitation",
	"forced_labour":       "ForcedLabour",
	"forced_criminality":  "IllicitActivities", // scam centres, fraud: made to commit crimes
	"forced_begging":      "ForcedBegging",
	"domestic_servitude":  "ForcedLabour", // in households: see htcdsIndustry
	"forced_marriage":     "ForcedMarriage",
	"organ_removal":       "OrganRemoval",
	"child_exploitation":  "Other",
	"other":               "Other",
}

// htcdsIndustry is the ISIC section HTCDS files forced labour under, where
// ocu's form says it: domestic servitude is labour in households.
var htcdsIndustry = map[string]string{"domestic_servitude": "T_ActivitiesOfHouseholdsAsEmployers"}

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

// htcdsRecord turns a potential victim's cells into its HTCDS record.
func htcdsRecord(c []cell) htcdsVictim {
	v := htcdsVictim{
		Pseudonym: c[0].s, CaseReference: c[1].s, TraffickingStatus: htcdsPossibleVictim,
		Gender: htcdsGender[c[2].s], Citizenship: []string{}, TypeOfExploitation: []string{},
		AgeBand: c[3].s, Minor: c[4].n == 1,
	}
	if v.Gender == "" {
		v.Gender = "Unknown"
	}
	if c[5].s != "" {
		v.Citizenship = append(v.Citizenship, c[5].s)
	}
	// Only what was recorded for this victim: the case's forms may cover
	// other victims of the same raid, so they are not copied onto each.
	if t, ok := htcdsExploitation[c[6].s]; ok {
		v.TypeOfExploitation = append(v.TypeOfExploitation, t)
	}
	if ind, ok := htcdsIndustry[c[6].s]; ok {
		v.ForcedLabourIndustry = &ind
	}
	return v
}
