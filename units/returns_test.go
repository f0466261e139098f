package units_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// lib2 is a database holding the demo operation (116 countries, 29 Sep to
// 4 Oct 2024) with no returns filed, whatever the demo loader files.
func lib2(t *testing.T) (*units.Store, *db.DB, units.Operation) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	s := units.NewStore(d)
	if err := s.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := d.Write.Exec("DELETE FROM daily_return_history").Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Write.Exec("DELETE FROM daily_returns").Error; err != nil {
		t.Fatal(err)
	}
	op, err := s.Operation(ctx, "LIB2")
	if err != nil {
		t.Fatal(err)
	}
	return s, d, op
}

func ret(country, day string, checks, flights, borders, officers, by string) units.ReturnInput {
	return units.ReturnInput{Operation: "LIB2", Country: country, Day: day, DatabaseChecks: checks,
		FlightsMonitored: flights, BorderPoints: borders, OfficersDeployed: officers, FiledBy: by}
}

func intp(n int) *int { return &n }

func TestFileAndCorrectReturn(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	s, _, op := lib2(t)

	r, created, err := s.FileReturn(ctx, ret(" ph", "2024-09-30", "340", "12", "4", "55", " Officer Santos "))
	if err != nil || !created {
		t.Fatalf("file: %v created=%v", err, created)
	}
	if r.ID == 0 || r.CountryISO2 != "PH" || r.Version != 1 || r.DatabaseChecks != 340 || r.FiledBy != "Officer Santos" || r.FiledAt.Location() != time.UTC {
		t.Fatalf("filed: %+v", r)
	}

	in := ret("PH", "2024-09-30", "360", "14", "4", "60", "Sgt Cruz")
	in.Version = intp(1)
	c, created, err := s.FileReturn(ctx, in)
	if err != nil || created || c.ID != r.ID || c.Version != 2 || c.DatabaseChecks != 360 || c.FiledBy != "Sgt Cruz" {
		t.Fatalf("correct: %v created=%v %+v", err, created, c)
	}
	hist, err := s.ReturnHistory(ctx, r.ID)
	if err != nil || len(hist) != 1 {
		t.Fatalf("history: %v %+v", err, hist)
	}
	if h := hist[0]; h.Version != 1 || h.DatabaseChecks != 340 || h.FlightsMonitored != 12 || h.OfficersDeployed != 55 ||
		h.FiledBy != "Officer Santos" || h.ReplacedAt.IsZero() {
		t.Fatalf("history keeps the replaced figures: %+v", h)
	}

	// A second correction made on version 1 is refused with the stored return.
	in = ret("PH", "2024-09-30", "1", "1", "1", "1", "Someone late")
	in.Version = intp(1)
	_, _, err = s.FileReturn(ctx, in)
	var e *ocu.Error
	if !errors.As(err, &e) || e.Kind != ocu.Conflict || e.Message.Key != "error.return_stale" {
		t.Fatalf("stale correction: %v", err)
	}
	if cur, ok := e.Current.(units.Return); !ok || cur.Version != 2 || cur.DatabaseChecks != 360 {
		t.Fatalf("conflict carries %#v", e.Current)
	}
	// Version 0 means "none filed yet": refused too, as someone has.
	in.Version = intp(0)
	if _, _, err := s.FileReturn(ctx, in); ocu.KindOf(err) != ocu.Conflict {
		t.Fatalf("version 0 over a filed return: %v", err)
	}

	// Filing the same figures again is no correction.
	same := ret("PH", "2024-09-30", "360", "14", "4", "60", "Sgt Cruz")
	if r, created, err := s.FileReturn(ctx, same); err != nil || created || r.Version != 2 {
		t.Fatalf("repeat: %v %v %+v", err, created, r)
	}
	// A third version puts the newest replaced figures first.
	if _, _, err := s.FileReturn(ctx, ret("PH", "2024-09-30", "400", "14", "4", "60", "Sgt Cruz")); err != nil {
		t.Fatal(err)
	}
	hist, _ = s.ReturnHistory(ctx, r.ID)
	if len(hist) != 2 || hist[0].Version != 2 || hist[1].Version != 1 {
		t.Fatalf("history order: %+v", hist)
	}

	rs, err := s.Returns(ctx, op.ID, 0, "ph")
	if err != nil || len(rs) != 1 || rs[0].Version != 3 || rs[0].DatabaseChecks != 400 {
		t.Fatalf("stored: %v %+v", err, rs)
	}
}

func TestReturnValidation(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	s, d, _ := lib2(t)
	en := views.Catalogue("en")
	for _, tc := range []struct {
		name, field string
		edit        func(*units.ReturnInput)
	}{
		{"no operation", "operation", func(in *units.ReturnInput) { in.Operation = "" }},
		{"unknown operation", "operation", func(in *units.ReturnInput) { in.Operation = "NOPE" }},
		{"no country", "country", func(in *units.ReturnInput) { in.Country = "" }},
		{"country code shape", "country", func(in *units.ReturnInput) { in.Country = "PHL" }},
		{"country not participating", "country", func(in *units.ReturnInput) { in.Country = "JP" }},
		{"no day", "day", func(in *units.ReturnInput) { in.Day = "" }},
		{"day format", "day", func(in *units.ReturnInput) { in.Day = "30/09/2024" }},
		{"day before the operation", "day", func(in *units.ReturnInput) { in.Day = "2024-09-28" }},
		{"day after the operation", "day", func(in *units.ReturnInput) { in.Day = "2024-10-05" }},
		{"checks missing", "database_checks", func(in *units.ReturnInput) { in.DatabaseChecks = " " }},
		{"checks with separator", "database_checks", func(in *units.ReturnInput) { in.DatabaseChecks = "1,200" }},
		{"flights decimal", "flights_monitored", func(in *units.ReturnInput) { in.FlightsMonitored = "12.5" }},
		{"flights words", "flights_monitored", func(in *units.ReturnInput) { in.FlightsMonitored = "twelve" }},
		{"borders negative", "border_points", func(in *units.ReturnInput) { in.BorderPoints = "-1" }},
		{"officers over the limit", "officers_deployed", func(in *units.ReturnInput) { in.OfficersDeployed = "100000001" }},
		{"officers overflow", "officers_deployed", func(in *units.ReturnInput) { in.OfficersDeployed = "99999999999999999999" }},
		{"no name", "filed_by", func(in *units.ReturnInput) { in.FiledBy = "  " }},
		{"name too long", "filed_by", func(in *units.ReturnInput) { in.FiledBy = strings.Repeat("é", 101) }},
		{"negative version", "version", func(in *units.ReturnInput) { in.Version = intp(-1) }},
		{"version of a return never filed", "version", func(in *units.ReturnInput) { in.Version = intp(3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := ret("PH", "2024-10-01", "10", "2", "1", "8", "Officer Santos")
			tc.edit(&in)
			_, _, err := s.FileReturn(ctx, in)
			var e *ocu.Error
			if !errors.As(err, &e) || e.Kind != ocu.Invalid {
				t.Fatalf("want Invalid, got %v", err)
			}
			m, ok := e.Fields[tc.field]
			if !ok {
				t.Fatalf("want an error on %s, got %v", tc.field, e)
			}
			if _, ok := en[m.Key]; !ok {
				t.Errorf("message %q is not in the catalogue", m.Key)
			}
		})
	}
	// The limits themselves are accepted.
	if _, _, err := s.FileReturn(ctx, ret("PH", "2024-09-29", "0", "100000000", "0", "0", strings.Repeat("é", 100))); err != nil {
		t.Fatalf("limits refused: %v", err)
	}
	var n int64
	d.Read.Raw("SELECT COUNT(*) FROM daily_returns").Scan(&n)
	if n != 1 {
		t.Fatalf("%d returns stored, want only the valid one", n)
	}
}

// TestReturnForADayNotBegun uses an operation running now: a return for a
// day that has not begun in the OCU's zone is refused, yesterday's is not.
func TestReturnForADayNotBegun(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	s, _, _ := lib2(t)
	now := time.Now().UTC()
	day := func(offset int) string { return now.AddDate(0, 0, offset).Format(time.DateOnly) }
	op, err := s.EnsureOperation(ctx, units.Operation{Code: "NOW1", Name: "Running now", FirstDay: day(-2), LastDay: day(5)})
	if err != nil {
		t.Fatal(err)
	}
	mnl, _ := s.Unit(ctx, "MNL")
	if err := s.Attach(ctx, units.Attachment{OperationID: op.ID, CountryISO2: "PH", UnitID: mnl.ID}); err != nil {
		t.Fatal(err)
	}
	in := ret("PH", day(3), "1", "1", "1", "1", "Officer Santos")
	in.Operation = "NOW1"
	_, _, err = s.FileReturn(ctx, in)
	var e *ocu.Error
	if !errors.As(err, &e) || e.Fields["day"].Key != "error.return_day_future" {
		t.Fatalf("future day: %v", err)
	}
	in.Day = day(-1)
	if _, created, err := s.FileReturn(ctx, in); err != nil || !created {
		t.Fatalf("yesterday: %v", err)
	}
}

func TestFileReturnsIsAllOrNothing(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	s, d, op := lib2(t)
	count := func() (n int64) {
		d.Read.Raw("SELECT COUNT(*) FROM daily_returns").Scan(&n)
		return n
	}

	batch := []units.ReturnInput{
		ret("PH", "2024-09-29", "1", "1", "1", "1", "Demo"),
		ret("TH", "2024-09-29", "1", "1", "1", "1", "Demo"),
		ret("JP", "2024-09-29", "1", "1", "1", "1", "Demo"), // not participating
		ret("SN", "2024-09-29", "1", "1", "1", "1", "Demo"),
	}
	err := s.FileReturns(ctx, batch)
	if ocu.KindOf(err) != ocu.Invalid || !strings.Contains(err.Error(), "return 3 of 4") {
		t.Fatalf("bad input: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d returns stored after a refused batch", n)
	}

	// A conflict found while writing rolls back what the batch wrote before it.
	if _, _, err := s.FileReturn(ctx, ret("SN", "2024-09-29", "5", "5", "5", "5", "Dakar desk")); err != nil {
		t.Fatal(err)
	}
	batch[2].Country = "GB"
	batch[3].Version = intp(0) // expects no SN return: there is one
	err = s.FileReturns(ctx, batch)
	if ocu.KindOf(err) != ocu.Conflict || !strings.Contains(err.Error(), "return 4 of 4") {
		t.Fatalf("conflicting batch: %v", err)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d returns stored after a rolled-back batch, want 1", n)
	}

	// Every country, every day: what the demo loader files.
	var all []units.ReturnInput
	for _, a := range mustAttached(t, s, op) {
		for _, day := range op.Days() {
			all = append(all, ret(a.ISO2, day, "120", "9", "3", "40", "Demo officer"))
		}
	}
	if err := s.FileReturns(ctx, all); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 116*6 {
		t.Fatalf("%d returns stored, want %d", n, 116*6)
	}
	mnl, _ := s.Unit(ctx, "MNL")
	rs, err := s.Returns(ctx, op.ID, mnl.ID, "")
	if err != nil || len(rs) != 16*6 {
		t.Fatalf("Manila's returns: %v %d", err, len(rs))
	}
	for i := 1; i < len(rs); i++ {
		if rs[i-1].CountryISO2 > rs[i].CountryISO2 || (rs[i-1].CountryISO2 == rs[i].CountryISO2 && rs[i-1].Day >= rs[i].Day) {
			t.Fatalf("not ordered by country, day: %+v then %+v", rs[i-1], rs[i])
		}
	}
	// The SN return filed before was corrected by the batch, not duplicated.
	sn, _ := s.Returns(ctx, op.ID, 0, "SN")
	if sn[0].Version != 2 || sn[0].DatabaseChecks != 120 {
		t.Fatalf("SN after the batch: %+v", sn[0])
	}
	// Filing the same batch again changes nothing.
	if err := s.FileReturns(ctx, all); err != nil {
		t.Fatal(err)
	}
	var versions int64
	d.Read.Raw("SELECT SUM(version) FROM daily_returns").Scan(&versions)
	if versions != 116*6+1 {
		t.Fatalf("a repeated batch made corrections: versions sum to %d", versions)
	}
}

func mustAttached(t *testing.T, s *units.Store, op units.Operation) []units.AttachedCountry {
	t.Helper()
	as, err := s.Attachments(ocu.SystemContext(context.Background()), op.ID)
	if err != nil || len(as) != 116 {
		t.Fatalf("attachments: %v %d", err, len(as))
	}
	return as
}
