// Package views holds ocu's templ components and the plain structs they
// render. Handlers turn records into these structs; views import no domain
// package, so a page can never reach into the database.
package views

// Page is what the layout needs on every page (web.Layout builds it).
type Page struct {
	Title      string
	Nav        string // "operations", "units" or "cases": the active menu entry
	Operation  OperationRef
	Operations []OperationRef
	// Who is signed in, for the header and the menu; empty on the sign-in
	// page.
	UserName  string
	RoleLabel string // "Supervisor", in the reader's language
	Scope     string // "OCU Manila · Philippines", for officers and supervisors
	// What the signed-in user may do, for the menu and the links to
	// offer (ocu.Principal's capability methods answered them): a view
	// never decides it from a role.
	MayReadCases, MayRaiseCases, MayReadDashboards bool
	MayExport, MayImport, MayAdminister            bool
	// MayReadMatches: the possible matches page is in the menu.
	MayReadMatches bool
	// HasHome: the user has a page of their own (an officer's country's
	// cases and what needs them, /home).
	HasHome bool
	// SeesAlerts: the alerts page is in the menu (every signed-in user);
	// AlertsUnread is how many alerts told to them they have not read.
	SeesAlerts   bool
	AlertsUnread int
	// WorkCount is how many things wait on the reader (My work); Live
	// says the page opens the live stream (every signed-in page).
	WorkCount int
	Live      bool
	// Notice is a note above the page's content: what was shown instead
	// of what was asked (page 9 of a list of 3).
	Notice string
}

// OperationRef names an operation in menus and headings.
type OperationRef struct {
	Code, Name, FirstDay, LastDay string
	// Demo: the operation is a demonstration, partly generated; every
	// page of it says so.
	Demo bool
}

// Option is one choice of a select or a checkbox list.
type Option struct {
	Value, Label string
	Selected     bool
}

// OptionGroup is an <optgroup> or a <fieldset> of options.
type OptionGroup struct {
	Label   string
	Options []Option
}

// StatusCount is a number of cases in one status, linking to the list.
type StatusCount struct {
	Status, Label string
	N             int
	Href          string
}

// CountryRow is a participating country as shown on OCU pages.
type CountryRow struct {
	ISO2, ISO3, Name, Mode string
}

// UnitCard is an OCU with its countries and case counts.
type UnitCard struct {
	Code, City, HostCountry, TimeZone, LocalTime string
	Href                                         string
	Countries                                    []CountryRow
	Counts                                       []StatusCount
	Total                                        int
	CasesHref                                    string
}

// OperationsData is the list of operations.
type OperationsData struct {
	Page
	Rows []OperationRow
}

// OperationRow is an operation with its headline counts.
type OperationRow struct {
	OperationRef
	Href      string
	Days      int
	Countries int
	Cases     int
}

// UnitsData is the overview of every OCU of an operation.
type UnitsData struct {
	Page
	Units []UnitCard
}

// UnitData is one OCU's page.
type UnitData struct {
	Page
	Unit UnitCard
}

// CaseRow is a line of the case list.
type CaseRow struct {
	Reference, Href, Title string
	Unit, Country          string
	Status, StatusLabel    string
	RaidAt                 Time
	RaidZone, Forms        string
	// People found, of whom unscreened and potential victims.
	People, Unscreened, Victims int
}

// CaseListData is the case list with its filters.
type CaseListData struct {
	Page
	Units, Countries, Statuses, Sorts []Option
	Forms                             []OptionGroup
	Query                             string
	Rows                              []CaseRow
	Total                             int64
	PageNo, Pages                     int
	PrevHref, NextHref                string
	NewHref                           string
}

// CaseFormValues are the case form's fields exactly as typed.
type CaseFormValues struct {
	Operation, RaisingCountry, Title, Summary, Place, Country, RaidAt, RaisedBy string
	Version                                                                     int
	// Found holds the raise form's counts of people found, by field name
	// (found_victims, ...), as typed.
	Found map[string]string
}

// CaseFormData is the new-case or edit form, possibly with errors.
type CaseFormData struct {
	Page
	Editing    bool
	Reference  string
	Action     string
	CancelHref string
	Values     CaseFormValues
	// Choices, with what was typed already selected.
	Operations, RaisingCountries []OptionGroup
	Countries                    []Option
	Forms                        []OptionGroup
	Linked                       []LinkedField
	Zone                         string
	Errors                       map[string]string
	Summary                      string // the message above the form
	Stale                        *CaseView
}

// LinkedField is a picker of countries for one link role.
type LinkedField struct {
	Role, Label, Name string
	Options           []Option
	Chosen            []string // the names of the countries chosen, for the picker's summary
}

// CaseView is a case as its page shows it.
type CaseView struct {
	Reference, Title, Summary, Place, Country string
	Operation, Unit, UnitCity, Zone           string
	RaisingCountry                            string
	RaidAt                                    Time
	Status, StatusLabel                       string
	Forms                                     []string
	Linked                                    []LinkedView
	RaisedBy                                  string
	Version                                   int
	Updated                                   Time
	EditHref, Href                            string
	Closed                                    bool
	// ReadOnly: the reader may see the case but not change it (another
	// country's case, a shared case, a coordinator).
	ReadOnly bool
}

// LinkedView lists the countries of one link role.
type LinkedView struct {
	Label     string
	Countries []string
}

// TimelineRow is one event of a case's timeline: when, who, what, and a
// status move's note.
type TimelineRow struct {
	When Time
	// Recorded is when ocu recorded the event, shown only where it differs
	// from When (a record dated by its own time, as a past operation's).
	Recorded        Time
	Who, What, Note string
	Kind            string // the action, as a class name ("case-transition")
}

// Timeline is the events of a case the page lists, newest first.
type Timeline struct {
	Rows    []TimelineRow
	Total   int    // events in all
	AllHref string // the page listing every event, when Rows holds fewer
}

// TransitionChoice is a status change the case page offers, or shows as held
// back with the reason.
type TransitionChoice struct {
	To, Label   string
	NeedsReason bool
	Blocked     string
}

// CasePageData is a case's page.
type CasePageData struct {
	Page
	Case        CaseView
	Timeline    Timeline
	Transitions []TransitionChoice
	Action      string
	Note, By    string
	Error       string
	Errors      map[string]string
	Saved       string
	FollowUp    FollowUpBadge // a follow-up case is marked as such (followup)
	People      PeopleSection
	Suspects    SuspectsSection
	Seizures    SeizureSection
	Checks      ChecksSection
	Files       FilesData
	// Sharing with other OCUs: the current shares, and for the case's
	// supervisors the OCUs it can be shared with.
	SharedWith  []Option // Value: unit code; Label: name; Selected unused
	ShareUnits  []Option
	ShareAction string
	CanShare    bool
	// Marked notable for the debrief report; the case's supervisors may
	// change it.
	CanMarkNotable bool
	Notable        bool
	NotableNote    string
	NotableAction  string
	Matches        MatchSection     // possible matches of the case's people (matching)
	Related        CaseLinksSection // linked cases and partner countries
	Requests       CaseRequestsData // requests about the case (requests), moving it to another OCU (cases)
	// TransferRefusal is a refused proposal to move the case, shown in
	// its section.
	TransferRefusal error
}

// ErrorData is an error page.
type ErrorData struct {
	Page
	Status  int
	Message string
	Back    string
}
