package views

// AuditFilterValues are the audit trail's filters exactly as typed, so the
// form comes back as it was sent, errors included.
type AuditFilterValues struct {
	User, Action, Subject, From, To string
}

// AuditRow is one entry of the audit trail as the page shows it.
type AuditRow struct {
	ID                        string
	At, AtISO                 string // "2024-10-02 09:12:33" (UTC) and its RFC 3339 form for <time>
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
}

// AuditVerifyData is the outcome of checking the audit trail's hash chain.
type AuditVerifyData struct {
	Page
	Checked  int
	Intact   bool
	BrokenID string
	Reason   string
}
