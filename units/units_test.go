package units_test

import (
	"context"
	"github.com/ocu-project/ocu"
	"testing"
	"time"

	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/units"
)

func TestSeedReferenceKeepsAdministratorEdits(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	s := units.NewStore(d)
	if err := s.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	d.Write.Exec("UPDATE countries SET name = 'Viet Nam (edited)' WHERE iso2 = 'VN'")
	if err := s.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	names, err := s.CountryNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 250 || names["VN"] != "Viet Nam (edited)" || names["TR"] != "Türkiye" {
		t.Fatalf("%d countries, VN=%q TR=%q", len(names), names["VN"], names["TR"])
	}
	us, _ := s.Units(ctx)
	if len(us) != 4 || us[0].Code != "MNL" || us[3].TimeZone != "America/Argentina/Buenos_Aires" {
		t.Fatalf("units: %+v", us)
	}
	for _, u := range us {
		if u.Location() == time.UTC {
			t.Errorf("%s: zone %s did not load", u.Code, u.TimeZone)
		}
	}
}

func TestOperationDaysFollowTheUnitsZone(t *testing.T) {
	op := units.Operation{FirstDay: "2024-09-29", LastDay: "2024-10-04"}
	if days := op.Days(); len(days) != 6 || days[5] != "2024-10-04" {
		t.Fatalf("days %v", days)
	}
	manila, _ := time.LoadLocation("Asia/Manila")
	from, until := op.Span(manila)
	if from.UTC().Format(time.RFC3339) != "2024-09-28T16:00:00Z" || until.UTC().Format(time.RFC3339) != "2024-10-04T16:00:00Z" {
		t.Fatalf("span in Manila: %v – %v", from.UTC(), until.UTC())
	}
}

func TestEnsureOperationValidates(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	s := units.NewStore(dbtest.New(t))
	if _, err := s.EnsureOperation(ctx, units.Operation{Code: "X1", Name: "Bad", FirstDay: "2024-10-04", LastDay: "2024-09-29"}); err == nil {
		t.Fatal("accepted a last day before the first")
	}
	a, err := s.EnsureOperation(ctx, units.Operation{Code: "x1", Name: "One", FirstDay: "2024-10-01", LastDay: "2024-10-02"})
	if err != nil || a.Code != "X1" {
		t.Fatalf("%v %+v", err, a)
	}
	b, err := s.EnsureOperation(ctx, units.Operation{Code: "X1", Name: "Again", FirstDay: "2024-10-01", LastDay: "2024-10-02"})
	if err != nil || b.ID != a.ID || b.Name != "One" {
		t.Fatalf("second ensure: %v %+v", err, b)
	}
}
