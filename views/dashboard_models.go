package views

// DashboardData is a dashboard page: the whole operation or one OCU.
type DashboardData struct {
	Page
	Heading     string
	Scope       string // "" for the whole operation, else the OCU code
	Zone        string
	GeneratedAt Time
	RefreshURL  string
	Units       []Option // to switch between the global and OCU dashboards
	Headline    []Figure
	Results     ResultsPanel // preliminary or final, week and follow-up (followup)
	Statuses    []StatusCount
	Activity    []Figure
	Seizures    []SeizureLine
	CashUSD     string
	Charts      []Chart
	DayRows     []DayRow
	Countries   CountryTable
	Forms       []FormLine
	Nationality []NationalityLine
	Attention   AttentionView
	// Persons located who were the subject of a notice, by colour.
	NoticesByColour []NoticeColourFigure
	Hits            HitsView
}

// Figure is one headline number with its label and an optional breakdown.
type Figure struct {
	Key, Label, Value, Note string
}

// SeizureLine is a kind of seizure with its totals.
type SeizureLine struct {
	Kind, Quantity, Count, ValueUSD string
}

// DayRow is one day of the operation in the per-day table.
type DayRow struct {
	Day                                                        string
	Cases, Victims, Minors, Migrants, Arrests, Checks, Flights string
}

// CountryTable is the per-country table with its sortable columns.
type CountryTable struct {
	Columns []SortColumn
	Rows    []CountryLine
}

// SortColumn is a column header linking to the table sorted by it.
type SortColumn struct {
	Label, Href, Sort string // Sort: "ascending", "descending" or "none" (aria-sort)
	Numeric           bool
}

// CountryLine is one country's figures, formatted.
type CountryLine struct {
	Name, Unit                                                                        string
	Cases, Victims, Minors, Migrants, Arrests, ArrestsHtMs, Referred, Checks, Flights string
}

// FormLine is a form of exploitation or crime with its counts.
type FormLine struct {
	Label, Cases, Victims string
}

// NationalityLine is potential victims of one nationality.
type NationalityLine struct {
	Name, Victims, Minors string
}

// AttentionView is the dashboard's list of things to look at.
type AttentionView struct {
	StaleScreening      []AttentionCase
	StaleScreeningCount string
	Unscreened          []AttentionCase
	UnscreenedPeople    string
	UnscreenedCases     string
	MissingReturns      []AttentionReturn
	MissingReturnCount  string
	MissingCountries    string
	ReturnsDueUpTo      string
}

// AttentionCase is a case on the attention list.
type AttentionCase struct {
	Reference, Href, Title, Detail string
}

// AttentionReturn is a country with returns missing.
type AttentionReturn struct {
	Name, Unit, Days, Href string
}

// Chart is a small bar chart of one measure over the operation's days,
// drawn as SVG by the server.
type Chart struct {
	ID, Title string
	Width     int
	Height    int
	Bars      []Bar
	Max       string
}

// Bar is one day's bar, in SVG user units.
type Bar struct {
	X, Y, W, H  int
	Label       string // the day, under the bar
	Value       string
	LabelX      int
	ValueY      int
	Description string // for the <title> tooltip and screen readers
}
