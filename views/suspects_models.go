package views

// SuspectsSection is the case page's quick arrest and referral of its
// suspects: what an officer records for a suspect on the night of the
// raid, without opening each person's page.
type SuspectsSection struct {
	Forms []SuspectForm
	// More counts suspects not shown (the section shows the first few not
	// yet referred); AllHref lists every suspect.
	More    int
	AllHref string
}

// SuspectForm is one suspect's arrest, charges and referral, as stored or
// as typed when the save was refused. Field ids carry the pseudonym, so
// several forms live on one page.
type SuspectForm struct {
	Pseudonym, Href, Action string
	Version                 int
	Arrested                bool
	ArrestedAt              string
	Charges                 []Option
	Authority, Ref, Date    string
	Zone                    string
	Summary                 string
	Errors                  map[string]string
}
