package cases

import "sync"

// Form is one entry of the fixed taxonomy of forms of exploitation and
// linked crimes a case can involve. Codes are stable: they are stored, sent
// by the API and exported; labels come from the translation catalogue
// ("form.<code>").
type Form string

// Forms of trafficking (the purpose of exploitation).
const (
	SexualExploitation Form = "sexual_exploitation"
	ForcedLabour       Form = "forced_labour"
	ForcedCriminality  Form = "forced_criminality" // scam centres, fraud and pyramid schemes
	ForcedBegging      Form = "forced_begging"
	DomesticServitude  Form = "domestic_servitude"
	ForcedMarriage     Form = "forced_marriage"
	OrganRemoval       Form = "organ_removal"
	ChildExploitation  Form = "child_exploitation"
)

// Migrant smuggling, the operation's other subject.
const MigrantSmuggling Form = "migrant_smuggling"

// Linked crimes found alongside trafficking and smuggling.
const (
	DrugTrafficking Form = "drug_trafficking"
	MoneyLaundering Form = "money_laundering"
	Firearms        Form = "firearms"
	DocumentFraud   Form = "document_fraud"
)

// FormGroup gathers forms under a heading for forms and reports.
type FormGroup struct {
	Code  string // "trafficking", "smuggling", "linked"
	Forms []Form
}

// FormGroups is the whole taxonomy in display order.
var FormGroups = []FormGroup{
	{Code: "trafficking", Forms: []Form{SexualExploitation, ForcedLabour, ForcedCriminality, ForcedBegging, DomesticServitude, ForcedMarriage, OrganRemoval, ChildExploitation}},
	{Code: "smuggling", Forms: []Form{MigrantSmuggling}},
	{Code: "linked", Forms: []Form{DrugTrafficking, MoneyLaundering, Firearms, DocumentFraud}},
}

var formSet = func() map[Form]bool {
	m := map[Form]bool{}
	for _, g := range FormGroups {
		for _, f := range g.Forms {
			m[f] = true
		}
	}
	return m
}()

// Valid reports whether f is in the taxonomy.
func (f Form) Valid() bool { return formSet[f] }

// AllForms lists every form in display order.
func AllForms() []Form {
	var fs []Form
	for _, g := range FormGroups {
		fs = append(fs, g.Forms...)
	}
	return fs
}

// formOrder gives each form its place in the taxonomy, the order forms
// are listed in.
var formOrder = sync.OnceValue(func() map[Form]int {
	order := map[Form]int{}
	for i, f := range AllForms() {
		order[f] = i
	}
	return order
})

// LinkRoles are how another country is linked to a case.
var LinkRoles = []string{"origin", "transit", "destination"}
