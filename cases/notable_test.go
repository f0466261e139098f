package cases_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

func TestMarkNotableIsTheSupervisorsAndAudited(t *testing.T) {
	d, s := setup(t)
	sys := ocu.SystemContext(context.Background())
	c, err := s.Create(sys, validInput())
	if err != nil {
		t.Fatal(err)
	}
	us := units.NewStore(d)
	manila, _ := us.Unit(sys, "MNL")
	skopje, _ := us.Unit(sys, "SKP")
	as := func(role string, unitID int64, country string) context.Context {
		return ocu.WithPrincipal(context.Background(), ocu.Principal{UserID: 1, Username: role, Role: role, UnitID: unitID, Country: country})
	}
	supervisor := as(ocu.RoleSupervisor, manila.ID, "")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want ocu.Kind
	}{
		{"the raising officer", as(ocu.RoleOfficer, manila.ID, "PH"), ocu.Forbidden},
		{"a coordinator", as(ocu.RoleCoordinator, 0, ""), ocu.Forbidden},
		{"another OCU's supervisor", as(ocu.RoleSupervisor, skopje.ID, ""), ocu.NotFound},
		{"an administrator", as(ocu.RoleAdmin, 0, ""), ocu.NotFound},
	} {
		if err := s.MarkNotable(tc.ctx, c.Reference, true, "x"); ocu.KindOf(err) != tc.want {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
	if err := s.MarkNotable(supervisor, c.Reference, true, strings.Repeat("é", 501)); ocu.KindOf(err) != ocu.Invalid ||
		err.(*ocu.Error).Fields["notable_note"].Key != "error.too_long" {
		t.Fatalf("501 characters: %v", err)
	}
	if err := s.MarkNotable(supervisor, strings.ToLower(c.Reference), true, "  First scam compound of the week.  "); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(sys, c.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Notable || got.NotableNote != "First scam compound of the week." || got.Version != c.Version {
		t.Fatalf("after marking: notable %v, note %q, version %d (was %d)", got.Notable, got.NotableNote, got.Version, c.Version)
	}
	// Unmarking keeps the note; saving the same again records nothing.
	if err := s.MarkNotable(supervisor, c.Reference, false, got.NotableNote); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNotable(supervisor, c.Reference, false, got.NotableNote); err != nil {
		t.Fatal(err)
	}
	var entries []string
	d.Read.Raw("SELECT details FROM audit_log WHERE action = 'case.notable' AND subject = ? ORDER BY id", "case:"+c.Reference).Scan(&entries)
	// The note is named as changed, never copied (the audit package's rule).
	if len(entries) != 2 || entries[0] != `{"after":{"notable":true},"before":{"notable":false},"changed":["notable","note"]}` ||
		entries[1] != `{"after":{"notable":false},"before":{"notable":true},"changed":["notable"]}` {
		t.Fatalf("audit entries %v", entries)
	}
}
