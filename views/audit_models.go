package views

// AuditFilterValues are the audit trail's filters exactly as typed, so the
// form comes back as it was sent, errors included.
type AuditFilterValues struct {
	User, Action, Subject, From, To string
}

// AuditRow is one entry of the audit trail as the page shows it.
type AuditRow struct {
	ID                        string
	At                        Time // to the second
	User, Address             string
	Action, Subject           string
	DetailsShort, DetailsFull string // one line, and indented JSON; both "" when there are none
}

// AuditData is the audit trail page: filters, a page of entries (newest
// first) and the pager.
type AuditData struct {
	Page
	Filter AuditFilterValues
	// Errors are the filters that could not be read, by field; Summary
	// says so above the form. No entries are listed then.
	Errors             map[string]string
	Summary            string
	Rows               []AuditRow
	Total              int64
	PageNo, Pages      int
	PrevHref, NextHref string
	Head               AuditHead
}

// AuditHead is the trail's head as an anchor to copy, and the form that
// checks an anchor kept earlier.
type AuditHead struct {
	Anchor string // the ocu-anchor:v1:… line
	Signed bool
	// Input is an anchor as typed into the form, Error why it cannot be
	// read ("" when it can).
	Input, Error string
}

// AuditVerifyData is the outcome of checking the audit trail's hash chain.
type AuditVerifyData struct {
	Page
	Checked  int
	Intact   bool
	BrokenID string
	Reason   string
	Head     AuditHead
	// Anchor is the check of an anchor, when one was given and read.
	Anchor *AuditAnchorCheck
}

// AuditAnchorCheck says whether the trail still holds an anchor.
type AuditAnchorCheck struct {
	ID        string
	Holds     bool
	Problem   string // why it does not hold, "" when it does
	Signature string // what is known of its signature
	SigOK     bool   // the signature was checked and is valid
}
