package cases_test

import (
	"context"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
)

// auditRows counts the audit trail's entries.
func auditRows(t *testing.T, d *db.DB) int64 {
	t.Helper()
	var n int64
	if err := d.Read.Raw("SELECT COUNT(*) FROM audit_log").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// Reading a case's people, identities included, writes nothing: recording
// the view is the handler's own, visible call (RecordIdentityView).
func TestReadingPeopleWritesNothing(t *testing.T) {
	d, s := setup(t)
	ctx := ocu.SystemContext(context.Background())
	c, err := s.Create(ctx, validInput())
	if err != nil {
		t.Fatal(err)
	}
	added, err := s.AddPeople(ctx, c.Reference, 1, cases.PersonInput{Outcome: "suspect", Name: "Juan Demo", BirthDate: "1980-01-02"})
	if err != nil {
		t.Fatal(err)
	}
	before := auditRows(t, d)

	pp, err := s.People(ctx, c, "", 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(pp.People) != 1 || pp.People[0].Name != "Juan Demo" {
		t.Fatalf("the list does not show the identity to ocu itself: %+v", pp.People)
	}
	p, pc, err := s.Person(ctx, added[0].Pseudonym)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Juan Demo" || pc.Reference != c.Reference {
		t.Fatalf("person: %q of %s", p.Name, pc.Reference)
	}
	if after := auditRows(t, d); after != before {
		t.Fatalf("reading people wrote %d audit entries", after-before)
	}

	// The handler's call records exactly the identities shown.
	if err := s.RecordIdentityView(ctx, c, pp.People...); err != nil {
		t.Fatal(err)
	}
	var subject, details string
	d.Read.Raw("SELECT subject, details FROM audit_log WHERE action = 'suspect.view' ORDER BY id DESC LIMIT 1").Row().Scan(&subject, &details)
	if subject != "case:"+c.Reference || details != `{"people":["`+added[0].Pseudonym+`"]}` {
		t.Fatalf("view recorded as %s %s", subject, details)
	}
	// Nobody shown (identities blanked or none recorded): nothing written.
	hidden := pp.People[0]
	hidden.Name, hidden.BirthDate = "", ""
	before = auditRows(t, d)
	if err := s.RecordIdentityView(ctx, c, hidden); err != nil {
		t.Fatal(err)
	}
	if after := auditRows(t, d); after != before {
		t.Fatalf("a view of no identity was recorded")
	}
}
