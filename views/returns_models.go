package views

// ReturnDay is a column of the returns grid: one day of the operation.
type ReturnDay struct {
	Date  string // YYYY-MM-DD
	Label string // "Sun 29 Sep"
}

// ReturnCell is one country's return for one day, as the grid shows it.
type ReturnCell struct {
	Href  string // the form for this country and day; "" when it cannot be filed yet
	Label string // the link's accessible name: country, day and what the cell shows
	Filed bool
	// Flights and Checks are the two figures the grid shows; the form
	// shows all four.
	Flights, Checks int64
}

// ReturnGridRow is one participating country across the operation's days.
type ReturnGridRow struct {
	Name, Unit string
	Cells      []ReturnCell
}

// ReturnTotal sums one day's column of the grid.
type ReturnTotal struct {
	Flights, Checks int64
	Filed, Expected int
}

// ReturnsGridData is the grid of daily returns of an operation, for one OCU
// or all.
type ReturnsGridData struct {
	Page
	Units    []Option // the OCU filter; none selected means all
	ShowUnit bool     // the grid spans several OCUs, so each row names its own
	Days     []ReturnDay
	Rows     []ReturnGridRow
	Totals   []ReturnTotal
	Filed    int // returns filed of the Expected ones: days begun in the OCU's zone
	Expected int
	Saved    string // confirmation of the return just saved
	// Country names the one country shown ("" for an OCU or every OCU),
	// with a link to its OCU's countries; OwnHref leads an officer back to
	// their own country's row.
	Country               string
	WiderHref, WiderLabel string
	OwnHref, OwnLabel     string
}

// ReturnFigures is a filed return as the form page shows it, figures
// already formatted.
type ReturnFigures struct {
	DatabaseChecks, FlightsMonitored, BorderPoints, OfficersDeployed string
	FiledBy, FiledAt                                                 string
	Version                                                          int
	ReplacedAt                                                       string // history rows only
}

// ReturnFormValues are the form's fields exactly as typed.
type ReturnFormValues struct {
	Operation                                                        string
	DatabaseChecks, FlightsMonitored, BorderPoints, OfficersDeployed string
	FiledBy                                                          string
	Version                                                          int
}

// ReturnFormData is the form for one country's return for one day, with
// the figures filed so far and their corrections.
type ReturnFormData struct {
	Page
	CountryName      string
	DayLabel         string
	UnitName, Zone   string
	Action, GridHref string
	Values           ReturnFormValues
	Current          *ReturnFigures // nil until a return is filed
	History          []ReturnFigures
	Errors           map[string]string
	// ErrorList is Errors in form order, for the summary above the form.
	ErrorList []FieldMessage
	Summary   string
	Stale     *ReturnFigures
}

// FieldMessage is one line of an error summary. Anchored says whether the
// field has an input to link to: the country and day of a return come from
// the address, not from an input.
type FieldMessage struct {
	Field, Label, Message string
	Anchored              bool
}
