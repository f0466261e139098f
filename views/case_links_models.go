package views

// CaseLinksSection is the case page's links to other cases and its partner
// countries (cases/handlers_links.go fills it).
type CaseLinksSection struct {
	Links    []CaseLinkRow
	Partners []Option // Value: country code; Label: its name
	// For those who may link the case and choose its partners.
	CanLink       bool
	LinkAction    string // POST a new link; + "/{id}/delete" removes one
	PartnerAction string // POST a new partner; + "/{code}/delete" removes one
	Kinds         []Option
	Countries     []Option // participating countries that may become partners
	// For partner countries' officers: what they may do here.
	PartnerNote string
}

// CaseLinkRow is one linked case. When the reader may not see the other
// case, only Elsewhere is filled (its OCU and country) and there is no
// link to it.
type CaseLinkRow struct {
	ID        int64
	Kind      string // as it reads from this case
	Href      string // "" when not visible
	Reference string
	Title     string
	Status    string
	Reason    string
	Elsewhere string // "a case of OCU Skopje raised by North Macedonia"
	LinkedBy  string
}
