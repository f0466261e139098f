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
}
