package views

import (
	"context"
	"strings"
)

// MatchSide is one person of a possible match as the reader may know them:
// with Visible false, only the OCU and country holding the record.
type MatchSide struct {
	Visible             bool
	Pseudonym, Href     string
	CaseRef, CaseHref   string
	Unit, City, Country string
}

// MatchRow is one possible match in a list or a person's section.
type MatchRow struct {
	ID            string
	Score         int
	Status        string // open, confirmed, dismissed
	Evidence      []string
	A, B          MatchSide
	Other         MatchSide // on a person's or case's page: the side that is not them
	Self          MatchSide // on a case's page: the case's person
	Decided       string    // the OCU that decided, when decided
	MayDecide     bool
	ConfirmAction string
	DismissAction string
}

// MatchesPageData is the review list of possible matches.
type MatchesPageData struct {
	Page
	Rows    []MatchRow
	Status  string // the filter: "", open, confirmed, dismissed
	Saved   string // what was just done, said
	Filters []Option
}

// MatchSection is the possible-matches part of a person's page.
type MatchSection struct {
	Rows []MatchRow
	Show bool // false on a new person's form
}

// matchEvidence names the kinds of evidence of a match, in words.
func matchEvidence(ctx context.Context, kinds []string) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = T(ctx, "match.evidence."+k)
	}
	return strings.Join(out, ", ")
}
