package cases_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/units"
)

// setup returns a migrated database with the reference data and one
// operation whose participants are Philippines and Thailand (Manila) and
// Serbia (Skopje).
func setup(t *testing.T) (*db.DB, *cases.Store) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	if err := us.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	op, err := us.EnsureOperation(ctx, units.Operation{Code: "TEST", Name: "Test operation", FirstDay: "2024-09-29", LastDay: "2024-10-04"})
	if err != nil {
		t.Fatal(err)
	}
	for code, unit := range map[string]string{"PH": "MNL", "TH": "MNL", "RS": "SKP"} {
		u, err := us.Unit(ctx, unit)
		if err != nil {
			t.Fatal(err)
		}
		if err := us.Attach(ctx, units.Attachment{OperationID: op.ID, CountryISO2: code, UnitID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
	return d, cases.NewStore(d, us)
}

func validInput() cases.Input {
	return cases.Input{
		Operation: "TEST", RaisingCountry: "PH", Title: "Warehouse raid", Summary: "People found.",
		Place: "Manila", Country: "PH", RaidAt: "2024-09-30T23:30", Forms: []string{"forced_criminality", "migrant_smuggling"},
		Linked: map[string][]string{"origin": {"CN", "VN"}, "destination": {"MY"}}, RaisedBy: "Officer Reyes",
	}
}

func TestCreateAssignsReferenceAndStoresUTC(t *testing.T) {
	_, s := setup(t)
	ctx := ocu.SystemContext(context.Background())
	c, err := s.Create(ctx, validInput())
	if err != nil {
		t.Fatal(err)
	}
	if c.Reference != "TEST-MNL-0001" || c.Status != cases.Raid || c.Version != 1 {
		t.Fatalf("got %s %s v%d", c.Reference, c.Status, c.Version)
	}
	got, err := s.Get(ctx, "test-mnl-0001")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 in Manila (UTC+8) is 15:30 UTC the same day.
	if want := "2024-09-30T15:30:00Z"; got.RaidAt.UTC().Format("2006-01-02T15:04:05Z") != want {
		t.Fatalf("raid_at stored as %v, want %s", got.RaidAt, want)
	}
	if fmt.Sprint(got.Forms) != "[forced_criminality migrant_smuggling]" {
		t.Fatalf("forms %v", got.Forms)
	}
	if fmt.Sprint(got.Countries("origin"), got.Countries("destination")) != "[CN VN] [MY]" {
		t.Fatalf("links %v", got.Links)
	}
	// The OCU follows the raising country: Serbia reports to Skopje and
	// starts its own sequence.
	in := validInput()
	in.RaisingCountry, in.Country = "RS", "RS"
	c2, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Reference != "TEST-SKP-0001" {
		t.Fatalf("got %s", c2.Reference)
	}
}

func TestCreateRefusesInvalidInputWithEveryField(t *testing.T) {
	_, s := setup(t)
	in := cases.Input{
		Operation: "TEST", Unit: "SKP", RaisingCountry: "PH", Title: "", Place: "", Country: "XX",
		RaidAt: "2024-10-09T10:00", Forms: []string{"astrology"}, Linked: map[string][]string{"via": {"FR"}},
	}
	_, err := s.Create(ocu.SystemContext(context.Background()), in)
	e, ok := err.(*ocu.Error)
	if !ok || e.Kind != ocu.Invalid {
		t.Fatalf("want invalid, got %v", err)
	}
	want := map[string]string{
		"title": "error.required", "place": "error.required", "raised_by": "error.required",
		"country": "error.country_unknown", "forms": "error.form_unknown", "linked_countries": "error.link_role_unknown",
		"raising_country": "error.country_other_unit", "raid_at": "error.raid_outside_operation",
	}
	for f, key := range want {
		if e.Fields[f].Key != key {
			t.Errorf("field %s: got %q, want %q", f, e.Fields[f].Key, key)
		}
	}
	in = validInput()
	in.RaisingCountry = "FR"
	_, err = s.Create(ocu.SystemContext(context.Background()), in)
	if e := err.(*ocu.Error); e.Fields["raising_country"].Key != "error.country_not_participating" {
		t.Fatalf("non-participating country: %v", e)
	}
	in = validInput()
	in.RaidAt = "30/09/2024"
	_, err = s.Create(ocu.SystemContext(context.Background()), in)
	if e := err.(*ocu.Error); e.Fields["raid_at"].Key != "error.datetime_format" {
		t.Fatalf("bad time: %v", e)
	}
}

func TestConcurrentCreationsGetConsecutiveReferences(t *testing.T) {
	_, s := setup(t)
	const n = 50
	refs := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := validInput()
			in.Title = fmt.Sprintf("Case %d", i)
			c, err := s.Create(ocu.SystemContext(context.Background()), in)
			errs[i] = err
			if err == nil {
				refs[i] = c.Reference
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("creation %d: %v", i, err)
		}
	}
	sort.Strings(refs)
	for i, r := range refs {
		if want := cases.Reference("TEST", "MNL", i+1); r != want {
			t.Fatalf("reference %d = %s, want %s (all: %v)", i, r, want, refs)
		}
	}
}

func TestUpdateRefusesStaleVersionAndKeepsNewerValues(t *testing.T) {
	_, s := setup(t)
	ctx := ocu.SystemContext(context.Background())
	c, err := s.Create(ctx, validInput())
	if err != nil {
		t.Fatal(err)
	}
	first := validInput()
	first.Title = "Edited by the first officer"
	if _, err := s.Update(ctx, c.Reference, 1, first); err != nil {
		t.Fatal(err)
	}
	second := validInput()
	second.Title = "Edited by the second officer on a stale copy"
	_, err = s.Update(ctx, c.Reference, 1, second)
	e, ok := err.(*ocu.Error)
	if !ok || e.Kind != ocu.Conflict || e.Current == nil {
		t.Fatalf("want conflict with current, got %v", err)
	}
	if cur := e.Current.(*cases.Case); cur.Title != first.Title || cur.Version != 2 {
		t.Fatalf("current = %q v%d", cur.Title, cur.Version)
	}
	got, _ := s.Get(ctx, c.Reference)
	if got.Title != first.Title {
		t.Fatalf("stale save overwrote: %q", got.Title)
	}
}

func TestTransitionsRecordHistoryAndBumpVersion(t *testing.T) {
	_, s := setup(t)
	ctx := ocu.SystemContext(context.Background())
	c, err := s.Create(ctx, validInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPeople(ctx, c.Reference, 3, cases.PersonInput{}); err != nil {
		t.Fatal(err)
	}
	if c, err = s.Transition(ctx, c.Reference, cases.Screening, "interviews started", "Sgt Cruz", nil); err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.Screening || c.Version != 2 {
		t.Fatalf("after move: %s v%d", c.Status, c.Version)
	}
	stale := 1
	if _, err := s.Transition(ctx, c.Reference, cases.Referred, "", "Sgt Cruz", &stale); ocu.KindOf(err) != ocu.Conflict {
		t.Fatalf("stale transition: %v", err)
	}
	if _, err := s.Transition(ctx, c.Reference, cases.Closed, "", "Sgt Cruz", nil); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("closing without reason: %v", err)
	}
	if _, err := s.Transition(ctx, c.Reference, cases.Closed, "duplicate of another case", "", nil); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("transition without actor: %v", err)
	}
	if _, err := s.Transition(ctx, c.Reference, cases.Closed, "duplicate of another case", "Sgt Cruz", nil); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range h {
		got = append(got, fmt.Sprintf("%s>%s by %s: %s", e.FromStatus, e.ToStatus, e.Actor, e.Note))
	}
	want := "[>raid by Officer Reyes:  raid>screening by Sgt Cruz: interviews started screening>closed by Sgt Cruz: duplicate of another case]"
	if fmt.Sprint(got) != want {
		t.Fatalf("history:\n got %v\nwant %s", got, want)
	}
	if _, err := s.Update(ctx, c.Reference, 3, validInput()); ocu.KindOf(err) != ocu.Conflict {
		t.Fatalf("editing a closed case: %v", err)
	}
}

func TestListFiltersSortsAndPages(t *testing.T) {
	_, s := setup(t)
	ctx := ocu.SystemContext(context.Background())
	for i := range 7 {
		in := validInput()
		in.Title = fmt.Sprintf("Manila case %d", i)
		in.RaidAt = fmt.Sprintf("2024-10-0%dT10:00", 1+i%3)
		if i%2 == 0 {
			in.Forms = []string{"forced_labour"}
		}
		if _, err := s.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	in := validInput()
	in.RaisingCountry, in.Title = "RS", "Skopje smuggling case"
	if _, err := s.Create(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPeople(ctx, "TEST-MNL-0002", 1, cases.PersonInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(ctx, "TEST-MNL-0002", cases.Screening, "", "x", nil); err != nil {
		t.Fatal(err)
	}
	count := func(f cases.Filter) int64 {
		t.Helper()
		f.OperationID = 1
		p, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	if n := count(cases.Filter{}); n != 8 {
		t.Errorf("all: %d", n)
	}
	if n := count(cases.Filter{UnitID: 2}); n != 1 {
		t.Errorf("SKP: %d", n)
	}
	if n := count(cases.Filter{Country: "rs"}); n != 1 {
		t.Errorf("country RS: %d", n)
	}
	if n := count(cases.Filter{Status: cases.Screening}); n != 1 {
		t.Errorf("screening: %d", n)
	}
	if n := count(cases.Filter{Form: cases.ForcedLabour}); n != 4 {
		t.Errorf("forced labour: %d", n)
	}
	if n := count(cases.Filter{Query: "test-mnl-000"}); n != 7 {
		t.Errorf("reference prefix: %d", n)
	}
	if n := count(cases.Filter{Query: "skopje"}); n != 1 {
		t.Errorf("title words: %d", n)
	}
	if n := count(cases.Filter{Query: "100%"}); n != 0 {
		t.Errorf("LIKE wildcards must be literal: %d", n)
	}
	p, err := s.List(ctx, cases.Filter{OperationID: 1, Sort: "reference", PerPage: 3, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 8 || p.Pages() != 3 || len(p.Cases) != 3 || p.Cases[0].Reference != "TEST-MNL-0004" {
		t.Fatalf("page 2 by reference: total %d pages %d first %s", p.Total, p.Pages(), p.Cases[0].Reference)
	}
	// Raid times compare as instants: 23:30 on 30 Sep in Skopje (UTC+2)
	// comes before 10:00 on 1 Oct in Manila (UTC+8, 02:00 UTC).
	p, _ = s.List(ctx, cases.Filter{OperationID: 1, Sort: "raid_asc", PerPage: 2})
	if p.Cases[0].Title != "Skopje smuggling case" || p.Cases[1].Title != "Manila case 0" {
		t.Fatalf("earliest raid first: %s, %s", p.Cases[0].Title, p.Cases[1].Title)
	}
}

// An OCU's readers see their own cases and those shared with them: every
// page, in every order and with every filter, is the slice of one sorted
// list of exactly those cases (the store pages the two parts separately).
func TestListOfAnOCUMergesSharedCasesIntoEveryPage(t *testing.T) {
	_, s := setup(t)
	sys := ocu.SystemContext(context.Background())
	for i := range 24 {
		in := validInput()
		in.Title = fmt.Sprintf("Case %d", i)
		in.RaidAt = fmt.Sprintf("2024-10-0%dT%02d:00", 1+i%4, i%24)
		if i%3 == 0 {
			in.RaisingCountry, in.Country = "RS", "RS" // Skopje's
		}
		c, err := s.Create(sys, in)
		if err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 && i%2 == 0 { // half of Skopje's shared with Manila
			if err := s.Share(sys, c.Reference, "MNL"); err != nil {
				t.Fatal(err)
			}
		}
	}
	all, err := s.List(sys, cases.Filter{OperationID: 1, PerPage: 200})
	if err != nil || all.Total != 24 {
		t.Fatalf("all: %v %d", err, all.Total)
	}
	manila := ocu.WithPrincipal(context.Background(), ocu.Principal{UserID: 1, Username: "sup", Role: ocu.RoleSupervisor, UnitID: 1})
	for _, sort := range cases.SortOptions {
		for _, unit := range []int64{0, 1, 2} {
			// What Manila may see, in the coordinator's order for this sort.
			full, err := s.List(sys, cases.Filter{OperationID: 1, UnitID: unit, Sort: sort, PerPage: 200})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, c := range full.Cases {
				if c.UnitID == 1 || (c.RaisingCountry == "RS" && titleNumber(c.Title)%6 == 0) {
					want = append(want, c.Reference)
				}
			}
			var got []string
			for page := 1; page <= 5; page++ {
				p, err := s.List(manila, cases.Filter{OperationID: 1, UnitID: unit, Sort: sort, PerPage: 5, Page: page})
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != int64(len(want)) {
					t.Fatalf("sort %s unit %d: total %d, want %d", sort, unit, p.Total, len(want))
				}
				for _, c := range p.Cases {
					got = append(got, c.Reference)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("sort %s unit %d:\n got %v\nwant %v", sort, unit, got, want)
			}
		}
	}
}

func titleNumber(title string) int {
	var n int
	fmt.Sscanf(title, "Case %d", &n)
	return n
}
