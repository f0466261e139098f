package views

// HomeData is an officer's home: what needs them in their country's cases
// now, and the latest of those cases.
type HomeData struct {
	Page
	Country          string // the officer's country, by name
	AllHref, NewHref string // the country's case list; raising a case ("" when they may not)
	Unscreened       []AttentionRow
	UnscreenedCases  int
	UnscreenedPeople int
	Stale            []AttentionRow
	StaleCount       int
	// ReturnHref is today's return to file, "" when it is filed or no
	// return is due today.
	ReturnHref, ReturnDay string
	ReturnsHref           string
	Rows                  []CaseRow
}

// AttentionRow is a case the home page points at, with why.
type AttentionRow struct {
	Reference, Href, Title, Detail string
	// DetailFormat and At: a detail holding a time (T's text with %s where
	// the time goes), shown in a <time> element.
	DetailFormat string
	At           Time
}

// Nothing reports whether nothing needs the officer now.
func (d HomeData) Nothing() bool {
	return d.UnscreenedCases == 0 && d.StaleCount == 0 && d.ReturnHref == ""
}
