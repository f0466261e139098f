package views

// ScreenGridData is the screening grid of a case: one page of its people,
// each row's outcome, sex, age band and nationality editable, saved at once.
type ScreenGridData struct {
	Page
	CaseRef, CaseHref, CaseTitle string
	Action                       string // where the grid is saved (POST)
	PickAction                   string // the grid itself (GET), for "the next N unscreened"
	AllHref, NoneHref            string // select every row, or none, without JavaScript
	Rows                         []GridRowView
	Choices                      PersonChoices
	Fill                         GridFill
	Next                         string // the N of "the next N unscreened", as typed
	Unscreened                   int    // in the whole case
	Total                        int    // people in the case
	Saved                        string // what the last save did
	Summary                      string // why a save was refused
	Errors                       []string
	PageNo, Pages                int
	PrevHref, NextHref           string
	Notice                       string
}

// GridRowView is one person in the grid, with the values as stored or as
// typed, and the errors of a refused save by field.
type GridRowView struct {
	Pseudonym, Href                    string
	Version                            int
	Outcome, Sex, AgeBand, Nationality string
	Minor, Selected                    bool
	Details                            string
	Errors                             map[string]string
}

// GridFill is the values to set on every selected row, as chosen.
type GridFill struct {
	Outcome, Sex, AgeBand, Nationality string
}
