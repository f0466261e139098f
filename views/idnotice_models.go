package views

import "strconv"

// IdentifierSection is the identifiers part of a person's page, shown only
// to those who may see the case's names.
type IdentifierSection struct {
	Rows    []IdentifierRow
	Action  string // where the add form posts
	Open    bool   // the reader may add and remove
	Values  IdentifierFormValues
	Kinds   []Option // the kinds this person may carry
	Types   []Option // document types
	Country []Option
	Hint    string // why a potential victim has only documents, when so
	Errors  map[string]string
	Summary string
}

// IdentifierRow is one identifier.
type IdentifierRow struct {
	Kind, Value, Detail, Normalized, AddedBy string
	DeleteAction                             string
}

// IdentifierFormValues is the identifier form as typed.
type IdentifierFormValues struct{ Kind, DocType, Country, Value string }

// NoticeSection is the notices part of a person's page.
type NoticeSection struct {
	Rows    []NoticeRow
	Matches []NoticeRow // Yellow Notices whose missing person's document this person carries
	Action  string
	Open    bool
	Values  NoticeFormValues
	Colours []Option
	Country []Option
	Errors  map[string]string
	Summary string
}

// NoticeRow is one notice or diffusion.
type NoticeRow struct {
	Colour, ColourCode, ControlNumber, IssuingCountry, Purpose, AddedBy string
	HasDocument                                                         bool
	Recorded                                                            Time
	DeleteAction                                                        string
}

// NoticeFormValues is the notice form as typed.
type NoticeFormValues struct{ Colour, ControlNumber, IssuingCountry, Purpose, DocumentNumber string }

// AlertsPageData is the alerts page: the operation's notices every user
// is warned of, and the alerts told to the reader.
type AlertsPageData struct {
	Page
	Warnings       []NoticeRow
	WarningsHref   string // the operation's notices page
	Alerts         []AlertRow
	NewCount       int
	MarkReadAction string
	UpTo           int64
}

// AlertRow is one alert as its reader sees it.
type AlertRow struct {
	Title, Body string
	Subject     string
	// SubjectHref is where the subject is shown, when ocu has a page for
	// it (a possible match's row on the matches page); empty otherwise.
	SubjectHref string
	Told        string // whom it was told: a country, an OCU
	At          Time
	New         bool
}

// OperationNoticesData is the page of an operation's notices, where
// supervisors record them.
type OperationNoticesData struct {
	Page
	OperationName string
	Rows          []NoticeRow
	Form          NoticeSection // Open when the reader may record
}

// NoticeColourFigure is one colour's count of persons located who were
// the subject of a notice, for the dashboards and the report.
type NoticeColourFigure struct {
	Colour string
	Code   string
	Count  int64
}

func i64toa(n int64) string { return strconv.FormatInt(n, 10) }
