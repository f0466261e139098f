package reports_test

import (
	"context"
	"github.com/ocu-project/ocu"
	"testing"
	"time"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/units"
)

type fixture struct {
	d                   *db.DB
	us                  *units.Store
	cs                  *cases.Store
	rs                  *reports.Service
	op                  units.Operation
	manila, buenosAires units.Unit
}

// newFixture is an operation (29 Sep to 4 Oct 2024) with the Philippines
// and Thailand reporting to Manila (UTC+8) and Argentina to Buenos Aires
// (UTC-3).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	f := &fixture{d: dbtest.New(t)}
	f.us = units.NewStore(f.d)
	if err := f.us.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.op, err = f.us.EnsureOperation(ctx, units.Operation{Code: "T1", Name: "Test", FirstDay: "2024-09-29", LastDay: "2024-10-04"}); err != nil {
		t.Fatal(err)
	}
	f.manila, _ = f.us.Unit(ctx, "MNL")
	f.buenosAires, _ = f.us.Unit(ctx, "BUE")
	for iso, u := range map[string]units.Unit{"PH": f.manila, "TH": f.manila, "AR": f.buenosAires} {
		if err := f.us.Attach(ctx, units.Attachment{OperationID: f.op.ID, CountryISO2: iso, UnitID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
	f.cs = cases.NewStore(f.d, f.us)
	f.rs = reports.NewService(f.d, f.us)
	return f
}

func (f *fixture) newCase(t *testing.T, country, raidAt string, forms ...string) *cases.Case {
	t.Helper()
	c, err := f.cs.Create(ocu.SystemContext(context.Background()), cases.Input{Operation: "T1", RaisingCountry: country, Title: "Case in " + country,
		Place: "Somewhere", Country: country, RaidAt: raidAt, Forms: forms, RaisedBy: "Officer"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) people(t *testing.T, ref string, n int, in cases.PersonInput) {
	t.Helper()
	if _, err := f.cs.AddPeople(ocu.SystemContext(context.Background()), ref, n, in); err != nil {
		t.Fatal(err)
	}
}

func TestDashboardFiguresFromKnownRecords(t *testing.T) {
	f := newFixture(t)
	ctx := ocu.SystemContext(context.Background())
	// Manila: a scam compound (30 Sep), 40 victims of whom 6 minors, 3
	// arrested suspects (2 on a trafficking charge), 10 unscreened.
	a := f.newCase(t, "PH", "2024-09-30T10:00", "forced_criminality")
	f.people(t, a.Reference, 34, cases.PersonInput{Outcome: "potential_victim", Nationality: "CN", AgeBand: "adult_unknown", Exploitation: "forced_criminality"})
	f.people(t, a.Reference, 6, cases.PersonInput{Outcome: "potential_victim", Nationality: "VN", AgeBand: "9-17", Exploitation: "forced_criminality"})
	f.people(t, a.Reference, 2, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-09-30T11:00", Charges: []string{"human_trafficking", "money_laundering"}})
	f.people(t, a.Reference, 1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-09-30T11:00", Charges: []string{"money_laundering"}})
	f.people(t, a.Reference, 1, cases.PersonInput{Outcome: "suspect"}) // not arrested
	f.people(t, a.Reference, 10, cases.PersonInput{})
	if _, err := f.cs.AddSeizure(ctx, a.Reference, cases.SeizureInput{Kind: "cash", Quantity: "50000", Currency: "PHP", ValueUSD: "860", RecordedBy: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.cs.AddSeizure(ctx, a.Reference, cases.SeizureInput{Kind: "phones_devices", Quantity: "120", Unit: "items", RecordedBy: "x"}); err != nil {
		t.Fatal(err)
	}
	// Buenos Aires: farms (1 Oct), 20 migrants, 1 arrested smuggler referred
	// for prosecution, screened and referred.
	b := f.newCase(t, "AR", "2024-10-01T08:00", "forced_labour", "migrant_smuggling")
	f.people(t, b.Reference, 20, cases.PersonInput{Outcome: "irregular_migrant", Nationality: "BO"})
	f.people(t, b.Reference, 1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-10-01T09:00", Charges: []string{"migrant_smuggling"},
		ProsecutionAuthority: "Fiscalía", ProsecutionRef: "F-1", ProsecutionDate: "2024-10-02"})
	if _, err := f.cs.AddSeizure(ctx, b.Reference, cases.SeizureInput{Kind: "cash", Quantity: "200000", Currency: "USD", ValueUSD: "200000", RecordedBy: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, to := range []cases.Status{cases.Screening, cases.Referred} {
		if _, err := f.cs.Transition(ctx, b.Reference, to, "", "x", nil); err != nil {
			t.Fatal(err)
		}
	}
	// Thailand: a case closed as a duplicate, nobody in it.
	c := f.newCase(t, "TH", "2024-10-02T09:00", "migrant_smuggling")
	if _, err := f.cs.Transition(ctx, c.Reference, cases.Closed, "duplicate", "x", nil); err != nil {
		t.Fatal(err)
	}
	// Daily returns for two countries.
	f.d.Write.Exec(`INSERT INTO daily_returns (operation_id, country_iso2, day, database_checks, flights_monitored, border_points, officers_deployed, filed_by, filed_at)
		VALUES (?, 'PH', '2024-09-30', 1000, 40, 3, 25, 'x', '2024-10-01 00:00:00+00:00'), (?, 'AR', '2024-10-01', 500, 12, 2, 10, 'x', '2024-10-02 00:00:00+00:00')`, f.op.ID, f.op.ID)

	d, err := f.rs.Build(ctx, f.op, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := reports.Figures{Cases: 3, People: 75, Unscreened: 10, PotentialVictims: 40, MinorVictims: 6, IrregularMigrants: 20,
		Suspects: 5, Arrests: 4, ArrestsHtMs: 3, Referred: 1}
	if d.Totals != want {
		t.Fatalf("totals\n got %+v\nwant %+v", d.Totals, want)
	}
	if d.CasesByStatus["raid"] != 1 || d.CasesByStatus["referred"] != 1 || d.CasesByStatus["closed"] != 1 || d.CasesByStatus["screening"] != 0 {
		t.Fatalf("by status %v", d.CasesByStatus)
	}
	if d.Activity.DatabaseChecks != 1500 || d.Activity.FlightsMonitored != 52 || d.Activity.Returns != 2 {
		t.Fatalf("activity %+v", d.Activity)
	}
	if d.CashUSD != 200860 {
		t.Fatalf("cash %v", d.CashUSD)
	}
	var phones float64
	for _, s := range d.Seizures {
		if s.Kind == "phones_devices" {
			phones = s.Quantity
		}
	}
	if phones != 120 {
		t.Fatalf("seizures %+v", d.Seizures)
	}
	forms := map[string]reports.FormCount{}
	for _, fc := range d.Forms {
		forms[fc.Form] = fc
	}
	if forms["migrant_smuggling"].Cases != 2 || forms["forced_criminality"].Victims != 40 || forms["forced_criminality"].MinorVictims != 6 {
		t.Fatalf("forms %+v", d.Forms)
	}
	if len(d.Nationalities) != 2 || d.Nationalities[0].ISO2 != "CN" || d.Nationalities[0].Victims != 34 || d.Nationalities[1].Minors != 6 {
		t.Fatalf("nationalities %+v", d.Nationalities)
	}
	countries := map[string]reports.Country{}
	for _, c := range d.Countries {
		countries[c.ISO2] = c
	}
	if ph := countries["PH"]; ph.PotentialVictims != 40 || ph.Arrests != 3 || ph.DatabaseChecks != 1000 || ph.Unit != "MNL" {
		t.Fatalf("PH %+v", ph)
	}
	if th := countries["TH"]; th.Cases != 1 || th.People != 0 {
		t.Fatalf("TH %+v", th)
	}

	// The Manila dashboard holds Manila's records only.
	m, err := f.rs.Build(ctx, f.op, &f.manila)
	if err != nil {
		t.Fatal(err)
	}
	if m.Totals.Cases != 2 || m.Totals.PotentialVictims != 40 || m.Totals.IrregularMigrants != 0 || m.CashUSD != 860 || m.Activity.DatabaseChecks != 1000 {
		t.Fatalf("Manila %+v cash %v activity %+v", m.Totals, m.CashUSD, m.Activity)
	}
	if _, ok := map[string]bool{"AR": true}[m.Countries[0].ISO2]; ok || len(m.Countries) != 2 {
		t.Fatalf("Manila countries %+v", m.Countries)
	}
}

func TestDaysFollowTheUnitsTimeZoneAcrossMidnight(t *testing.T) {
	f := newFixture(t)
	ctx := ocu.SystemContext(context.Background())
	// 23:30 on 30 Sep in Manila is 15:30 UTC on 30 Sep: day 30 Sep.
	a := f.newCase(t, "PH", "2024-09-30T23:30", "forced_labour")
	f.people(t, a.Reference, 3, cases.PersonInput{Outcome: "potential_victim"})
	// 00:30 on 1 Oct in Manila is 16:30 UTC on 30 Sep: still day 1 Oct.
	b := f.newCase(t, "PH", "2024-10-01T00:30", "forced_labour")
	f.people(t, b.Reference, 5, cases.PersonInput{Outcome: "potential_victim"})
	// 22:30 on 1 Oct in Buenos Aires is 01:30 UTC on 2 Oct: day 1 Oct.
	c := f.newCase(t, "AR", "2024-10-01T22:30", "forced_labour")
	f.people(t, c.Reference, 7, cases.PersonInput{Outcome: "potential_victim"})

	days := func(u *units.Unit) map[string]int {
		d, err := f.rs.Build(ctx, f.op, u)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, day := range d.Days {
			if day.PotentialVictims > 0 {
				out[day.Day] = day.PotentialVictims
			}
		}
		return out
	}
	if got := days(&f.manila); len(got) != 2 || got["2024-09-30"] != 3 || got["2024-10-01"] != 5 {
		t.Fatalf("Manila days %v", got)
	}
	if got := days(&f.buenosAires); len(got) != 1 || got["2024-10-01"] != 7 {
		t.Fatalf("Buenos Aires days %v", got)
	}
	// Globally, each case stays on its own OCU's day.
	if got := days(nil); len(got) != 2 || got["2024-09-30"] != 3 || got["2024-10-01"] != 12 {
		t.Fatalf("global days %v", got)
	}
}

func TestAttentionList(t *testing.T) {
	f := newFixture(t)
	ctx := ocu.SystemContext(context.Background())
	start := time.Date(2024, 9, 30, 2, 0, 0, 0, time.UTC)
	f.cs = cases.NewStore(f.d, f.us)
	old := f.newCase(t, "PH", "2024-09-30T08:00", "forced_labour")
	f.people(t, old.Reference, 4, cases.PersonInput{})
	if _, err := f.cs.Transition(ctx, old.Reference, cases.Screening, "", "x", nil); err != nil {
		t.Fatal(err)
	}
	// Enter screening "now" and judge two and three days later.
	f.d.Write.Exec("UPDATE cases SET screening_since = ? WHERE id = ?", start, old.ID)

	f.rs.Now = func() time.Time { return start.Add(47 * time.Hour) }
	d, err := f.rs.Build(ctx, f.op, &f.manila)
	if err != nil {
		t.Fatal(err)
	}
	if d.Attention.StaleScreeningCount != 0 {
		t.Fatalf("47 hours is not yet stale: %+v", d.Attention.StaleScreening)
	}
	if d.Attention.UnscreenedPeople != 4 || d.Attention.UnscreenedCases != 1 || d.Attention.Unscreened[0].Reference != old.Reference {
		t.Fatalf("unscreened %+v", d.Attention)
	}
	f.rs.Now = func() time.Time { return start.Add(49 * time.Hour) }
	if d, err = f.rs.Build(ctx, f.op, &f.manila); err != nil {
		t.Fatal(err)
	}
	if d.Attention.StaleScreeningCount != 1 || d.Attention.StaleScreening[0].Reference != old.Reference {
		t.Fatalf("49 hours: %+v", d.Attention.StaleScreening)
	}

	// At 01:00 on 2 Oct in Manila (17:00 UTC on 1 Oct), returns are due up to
	// 1 Oct: three days for each of Manila's two countries, less one filed.
	f.d.Write.Exec(`INSERT INTO daily_returns (operation_id, country_iso2, day, database_checks, flights_monitored, border_points, officers_deployed, filed_by, filed_at)
		VALUES (?, 'PH', '2024-10-01', 1, 1, 1, 1, 'x', '2024-10-01 20:00:00+00:00')`, f.op.ID)
	f.rs.Now = func() time.Time { return time.Date(2024, 10, 1, 17, 0, 0, 0, time.UTC) }
	if d, err = f.rs.Build(ctx, f.op, &f.manila); err != nil {
		t.Fatal(err)
	}
	if d.Attention.ReturnsDueUpTo != "2024-10-01" || d.Attention.MissingReturnCount != 5 {
		t.Fatalf("missing returns: due %s, %d missing %+v", d.Attention.ReturnsDueUpTo, d.Attention.MissingReturnCount, d.Attention.MissingReturns)
	}
	// Thailand misses 1 Oct, the latest day, so it comes first.
	if d.Attention.MissingReturns[0].ISO2 != "TH" {
		t.Fatalf("order %+v", d.Attention.MissingReturns)
	}
	// The same instant is still 1 Oct in UTC: the global dashboard only
	// expects returns up to 30 Sep.
	if d, err = f.rs.Build(ctx, f.op, nil); err != nil {
		t.Fatal(err)
	}
	if d.Attention.ReturnsDueUpTo != "2024-09-30" {
		t.Fatalf("global due up to %s", d.Attention.ReturnsDueUpTo)
	}
}

func unitsStore(d *db.DB) *units.Store { return units.NewStore(d) }
