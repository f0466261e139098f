package views

// PersonViewData is a person's read-only page.
type PersonViewData struct {
	Page
	CaseRef, CaseHref, CaseTitle string
	Pseudonym                    string
	Facts                        []Fact
	Why                          string       // why the reader cannot change it
	Matches                      MatchSection // possible matches in other cases (matching)
	Checks                       []CheckRow
	Prosecution                  ProsecutionSummary // a referred suspect's prosecution steps (followup)
}

// Fact is one labelled value on a read-only page.
type Fact struct{ Label, Value string }
