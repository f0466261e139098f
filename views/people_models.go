package views

// PeopleSection is the people part of a case page: figures by outcome, one
// page of people, the screening form around them and the bulk-add form.
type PeopleSection struct {
	Counts     []StatusCount // by outcome, linking to the filtered list
	Total      int
	Outcome    string // the outcome filter, "" for everyone
	Rows       []PersonRow
	PageNo     int
	Pages      int
	PrevHref   string
	NextHref   string
	Shown      int64 // people matching the filter
	Unscreened int

	ScreenAction string
	Screen       ScreenForm
	BulkAction   string
	Bulk         PersonFormValues
	BulkCount    string
	BulkErrors   map[string]string
	NewHref      string
	GridHref     string // the screening grid
	Choices      PersonChoices
	Open         bool // the case accepts changes (not closed)
}

// PersonRow is a person in the case's list.
type PersonRow struct {
	Pseudonym, Href, Outcome, OutcomeLabel string
	Sex, Age, Nationality, Details         string
	Minor                                  bool
	Selected                               bool
}

// ScreenForm is the bulk screening form as typed.
type ScreenForm struct {
	Outcome, Exploitation string
	All                   bool
	Errors                map[string]string
	Summary               string
}

// PersonChoices are the options of the person fields.
type PersonChoices struct {
	Outcomes, Sexes, AgeBands, Exploitations, Charges, Nationalities []Option
}

// PersonFormValues are a person's fields as typed.
type PersonFormValues struct {
	Outcome, Sex, AgeBand, Nationality, Exploitation, AssistanceOrg, AssistanceDate string
	Name, BirthDate, ArrestedAt                                                     string
	Arrested                                                                        bool
	Charges                                                                         []string
	ProsecutionAuthority, ProsecutionRef, ProsecutionDate                           string
	Version                                                                         int
}

// PersonPageData is the page to add or edit one person.
type PersonPageData struct {
	Page
	CaseRef, CaseHref, CaseTitle string
	Pseudonym                    string // "" when adding
	Action                       string
	Values                       PersonFormValues
	Choices                      PersonChoices
	Zone                         string
	Errors                       map[string]string
	Summary                      string
	Stale                        *PersonFormValues
	// What the person carries and the notices they are the subject of;
	// nil when adding, or for a reader who may not see them.
	Identifiers *IdentifierSection
	Notices     *NoticeSection
	Matches     MatchSection       // possible matches in other cases (matching)
	Checks      []CheckRow         // of an existing person
	Prosecution ProsecutionSummary // a referred suspect's prosecution steps (followup)
}

// SeizureSection is the seizures part of a case page.
type SeizureSection struct {
	Rows     []SeizureRow
	CashUSD  string
	Action   string
	Values   SeizureFormValues
	Kinds    []Option
	Errors   map[string]string
	Summary  string
	Open     bool
	Recorder string
	// Cash has a form of its own, open on the page: the seizure recorded
	// most, with the raid country's currency filled in.
	Cash        SeizureFormValues
	CashErrors  map[string]string
	CashSummary string
}

// SeizureRow is one seizure.
type SeizureRow struct {
	Kind, Description, Quantity, ValueUSD, RecordedBy, DeleteAction string
}

// SeizureFormValues are a seizure as typed.
type SeizureFormValues struct {
	Kind, Description, Quantity, Unit, Currency, ValueUSD, RecordedBy string
	AmountUnknown                                                     bool
}
