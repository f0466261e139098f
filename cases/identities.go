package cases

import (
	"context"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Suspects' names and dates of birth are shown only to the raising
// country's officers and the OCU's supervisors
// (ocu.Principal.MaySeeIdentities), and every time a response carries them
// the handler records it in the audit trail. Reads blank what may not be
// seen and never write.

// blankIdentities blanks the suspects' identities p may not see in c.
func blankIdentities(p ocu.Principal, c *Case, people []Person) {
	if seesIdentities(p, c) {
		return
	}
	for i := range people {
		people[i].Name, people[i].BirthDate = "", ""
	}
}

// RecordIdentityView records in the audit trail that the suspects' names
// and dates of birth among people, of case c, were shown to the context's
// principal. People whose identity is blank (none recorded, or hidden from
// the principal) are left out; with nobody left, nothing is written. Every
// handler that sends identities calls it, after reading them through
// Person or People, which never write.
func (s *Store) RecordIdentityView(ctx context.Context, c *Case, people ...Person) error {
	var shown []string
	for _, p := range people {
		if p.Name != "" || p.BirthDate != "" {
			shown = append(shown, p.Pseudonym)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	return (&audit.Log{DB: s.db}).Append(ctx, audit.Entry{Action: "suspect.view", Subject: "case:" + c.Reference,
		Details: map[string]any{"people": shown}})
}
