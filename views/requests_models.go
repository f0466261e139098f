package views

import "github.com/a-h/templ"

// RequestsListData is the list of requests a reader sees.
type RequestsListData struct {
	Page     Page
	Box      string // "in", "out" or ""
	Rows     []RequestRow
	Overdue  int
	ShowOpen bool
}

// RequestRow is one request in a list.
type RequestRow struct {
	Href, Subject, Case, From, To, Status, StatusCode, Priority string
	Due                                                         Time
	Overdue                                                     bool
}

// RequestFormData is the form of a new request about a case.
type RequestFormData struct {
	Page                                           Page
	Case, CaseHref                                 string
	ToCountry, ToUnit, Subject, Question, Priority string
	Due, Origin                                    string
	Countries, Units, Priorities                   []Option
	People, Identifiers, Seizures                  []RequestChoice
	Error                                          string
	Errors                                         map[string]string
}

// RequestChoice is an item a request may concern, as a checkbox.
type RequestChoice struct {
	Value, Label string
	Checked      bool
}

// RequestPageData is one request: its extract, thread and what the reader
// may do.
type RequestPageData struct {
	Page                                 Page
	ID, Action                           string
	Subject, Question, Priority, Status  string
	StatusCode, Case, CaseHref, From, To string
	SentBy, DeclineReason, Origin        string
	Due, Sent                            Time
	Overdue, Escalated, Identities       bool
	Version                              int
	People                               []RequestPersonRow
	Identifiers                          []RequestIdentifierRow
	Seizures                             []RequestSeizureRow
	Thread                               []RequestMessageRow
	Actions                              []string // acknowledge, reply, answer, close, decline the reader may take
	Saved                                string
	Error                                string
	Errors                               map[string]string
	Body                                 string
	// Attachments is the slot for the request's evidence files (the files
	// package's FilesSection); nil shows nothing.
	Attachments templ.Component
}

// RequestPersonRow is a person of a request's extract.
type RequestPersonRow struct {
	Pseudonym, Outcome, Sex, AgeBand, Nationality, Charges, Name, BirthDate string
	Arrested                                                                bool
}

// RequestIdentifierRow is an identifier of a request's extract.
type RequestIdentifierRow struct{ Person, Kind, Value string }

// RequestSeizureRow is a seizure of a request's extract.
type RequestSeizureRow struct{ Kind, Description, Quantity string }

// RequestMessageRow is one entry of a request's thread.
type RequestMessageRow struct {
	What, Body, Author, Side string
	At                       Time
}

// CaseRequestsData is the requests section of a case page.
type CaseRequestsData struct {
	NewHref string // "" when the reader may not ask about the case
	Rows    []RequestRow
	// Transfer is the section about moving the case to another OCU
	// (cases), shown with the requests as both are about working with
	// another side.
	Transfer CaseTransferData
}

// CaseTransferData is the section of a case page about moving the case to
// another OCU: the proposals made, and the form for its supervisors.
type CaseTransferData struct {
	Action string   // "" when the reader may not propose a move
	Units  []Option // the OCUs it may move to
	Rows   []TransferRow
	Error  string
	Errors map[string]string
}

// TransferRow is one proposal to move a case.
type TransferRow struct {
	Href, From, To, Status, StatusCode, Reason, DecisionReason, ProposedBy, DecidedBy string
	At                                                                                Time
}

// TransferPageData is one proposal to move a case, with the decision form
// for the receiving OCU's supervisors.
type TransferPageData struct {
	Page      Page
	Row       TransferRow
	Case      string
	CaseHref  string // "" when the reader does not see the case (yet)
	Action    string // "" when the reader may not decide
	Saved     string
	Error     string
	Errors    map[string]string
	Reason    string
	Undecided bool
}
