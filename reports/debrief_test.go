package reports_test

import (
	"context"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/units"
)

func TestDebriefFromKnownRecords(t *testing.T) {
	f := newFixture(t)
	ctx := ocu.SystemContext(context.Background())
	// Manila: 40 victims (6 minors), 3 arrests (2 on trafficking), cash.
	a := f.newCase(t, "PH", "2024-09-30T10:00", "forced_criminality")
	f.people(t, a.Reference, 34, cases.PersonInput{Outcome: "potential_victim", Nationality: "CN", AgeBand: "adult_unknown", Exploitation: "forced_criminality"})
	f.people(t, a.Reference, 6, cases.PersonInput{Outcome: "potential_victim", Nationality: "VN", AgeBand: "9-17", Exploitation: "forced_criminality"})
	f.people(t, a.Reference, 2, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-09-30T11:00", Charges: []string{"human_trafficking"}})
	f.people(t, a.Reference, 1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-09-30T11:00", Charges: []string{"money_laundering"}})
	if _, err := f.cs.AddSeizure(ctx, a.Reference, cases.SeizureInput{Kind: "cash", Quantity: "50000", Currency: "PHP", ValueUSD: "860", RecordedBy: "x"}); err != nil {
		t.Fatal(err)
	}
	// Buenos Aires: 20 migrants, 1 smuggler referred for prosecution.
	b := f.newCase(t, "AR", "2024-10-01T08:00", "migrant_smuggling")
	f.people(t, b.Reference, 20, cases.PersonInput{Outcome: "irregular_migrant", Nationality: "BO"})
	f.people(t, b.Reference, 1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-10-01T09:00", Charges: []string{"migrant_smuggling"},
		ProsecutionAuthority: "Fiscalía", ProsecutionRef: "F-1", ProsecutionDate: "2024-10-02"})
	// Thailand: a case with nobody in it.
	f.newCase(t, "TH", "2024-10-02T09:00", "migrant_smuggling")
	f.d.Write.Exec(`INSERT INTO daily_returns (operation_id, country_iso2, day, database_checks, flights_monitored, border_points, officers_deployed, filed_by, filed_at)
		VALUES (?, 'PH', '2024-09-30', 1000, 40, 3, 25, 'x', '2024-10-01 00:00:00+00:00'), (?, 'AR', '2024-10-01', 500, 12, 2, 10, 'x', '2024-10-02 00:00:00+00:00')`, f.op.ID, f.op.ID)

	deb, err := f.rs.Debrief(ctx, f.op, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := reports.Figures{Cases: 3, People: 64, PotentialVictims: 40, MinorVictims: 6, IrregularMigrants: 20,
		Suspects: 4, Arrests: 4, ArrestsHtMs: 3, Referred: 1}
	if deb.Dashboard.Totals != want {
		t.Fatalf("totals\n got %+v\nwant %+v", deb.Dashboard.Totals, want)
	}
	if deb.Dashboard.Activity.DatabaseChecks != 1500 || deb.Dashboard.Activity.FlightsMonitored != 52 || deb.Dashboard.CashUSD != 860 {
		t.Fatalf("activity %+v, cash %v", deb.Dashboard.Activity, deb.Dashboard.CashUSD)
	}
	// One dashboard per OCU taking part (Manila and Buenos Aires), adding
	// up to the whole.
	if len(deb.Units) != 2 || deb.Units[0].Unit.Code != "MNL" || deb.Units[1].Unit.Code != "BUE" {
		t.Fatalf("units %d", len(deb.Units))
	}
	var sum reports.Figures
	for _, u := range deb.Units {
		sum.Cases += u.Totals.Cases
		sum.PotentialVictims += u.Totals.PotentialVictims
		sum.Arrests += u.Totals.Arrests
	}
	if sum.Cases != 3 || sum.PotentialVictims != 40 || sum.Arrests != 4 || deb.Units[1].Totals.Referred != 1 {
		t.Fatalf("per OCU %+v / %+v", deb.Units[0].Totals, deb.Units[1].Totals)
	}
	if len(deb.Notable) != 0 {
		t.Fatalf("nothing marked yet, got %+v", deb.Notable)
	}

	// Marked cases appear with their note and figures; unmarked ones do not.
	if err := f.cs.MarkNotable(ctx, a.Reference, true, "Largest scam compound."); err != nil {
		t.Fatal(err)
	}
	if err := f.cs.MarkNotable(ctx, b.Reference, true, "x"); err != nil {
		t.Fatal(err)
	}
	if err := f.cs.MarkNotable(ctx, b.Reference, false, "x"); err != nil {
		t.Fatal(err)
	}
	notable := func(u *units.Unit) []reports.NotableCase {
		d, err := f.rs.Debrief(ctx, f.op, u)
		if err != nil {
			t.Fatal(err)
		}
		if u != nil && d.Units != nil {
			t.Fatal("an OCU's debrief has no per-OCU dashboards")
		}
		return d.Notable
	}
	got := notable(nil)
	if len(got) != 1 {
		t.Fatalf("notable %+v", got)
	}
	n := got[0]
	if n.Reference != a.Reference || n.Note != "Largest scam compound." || n.Unit != "MNL" || n.UnitCity != "Manila" ||
		n.Country != "PH" || n.CountryName == "" || n.Status != "raid" || n.RaidDay != "2024-09-30" ||
		n.PotentialVictims != 40 || n.MinorVictims != 6 || n.Arrests != 3 || n.ArrestsHtMs != 2 || n.People != 43 {
		t.Fatalf("notable case %+v", n)
	}
	// In scope only: Manila's report has it, Buenos Aires' does not.
	if got := notable(&f.manila); len(got) != 1 || got[0].Reference != a.Reference {
		t.Fatalf("Manila %+v", got)
	}
	if got := notable(&f.buenosAires); len(got) != 0 {
		t.Fatalf("Buenos Aires %+v", got)
	}
}
