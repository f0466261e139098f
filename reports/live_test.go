package reports_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
)

// TestLiveDashboardIsAtMostMaxAgeOld: within MaxAge every viewer of a
// scope gets the same dashboard; past it, a new one with the records as
// they are now. Scopes are kept apart.
func TestLiveDashboardIsAtMostMaxAgeOld(t *testing.T) {
	f := newFixture(t)
	ctx := ocu.SystemContext(context.Background())
	now := time.Date(2024, 10, 1, 12, 0, 0, 0, time.UTC)
	f.rs.Now = func() time.Time { return now }
	f.rs.MaxAge = time.Second

	a := f.newCase(t, "PH", "2024-09-30T10:00", "forced_labour")
	f.people(t, a.Reference, 3, cases.PersonInput{Outcome: "potential_victim", Exploitation: "forced_labour"})
	first, err := f.rs.Live(ctx, f.op, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Totals.PotentialVictims != 3 {
		t.Fatalf("first build: %d victims, want 3", first.Totals.PotentialVictims)
	}

	f.people(t, a.Reference, 2, cases.PersonInput{Outcome: "potential_victim", Exploitation: "forced_labour"})
	now = now.Add(999 * time.Millisecond)
	again, err := f.rs.Live(ctx, f.op, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again != first || again.Totals.PotentialVictims != 3 {
		t.Errorf("within MaxAge: got a new dashboard (%d victims), want the one built %s ago", again.Totals.PotentialVictims, now.Sub(first.GeneratedAt))
	}
	manila, err := f.rs.Live(ctx, f.op, &f.manila)
	if err != nil {
		t.Fatal(err)
	}
	if manila == first || manila.Totals.PotentialVictims != 5 {
		t.Errorf("Manila's dashboard: %d victims, want its own build with 5", manila.Totals.PotentialVictims)
	}

	now = now.Add(time.Millisecond)
	fresh, err := f.rs.Live(ctx, f.op, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fresh == first || fresh.Totals.PotentialVictims != 5 || !fresh.GeneratedAt.Equal(now) {
		t.Errorf("at MaxAge: %d victims generated at %s, want a new build with 5 at %s", fresh.Totals.PotentialVictims, fresh.GeneratedAt, now)
	}

	f.rs.MaxAge = 0
	f.people(t, a.Reference, 1, cases.PersonInput{Outcome: "potential_victim", Exploitation: "forced_labour"})
	d, err := f.rs.Live(ctx, f.op, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.PotentialVictims != 6 {
		t.Errorf("MaxAge 0: %d victims, want every call to build: 6", d.Totals.PotentialVictims)
	}
}
