package demo_test

import (
	"context"
	"testing"

	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
)

func TestLoadIsCompleteAndIdempotent(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	first, err := demo.Load(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if first.Added != 19 || first.Existing != 0 {
		t.Fatalf("first load: %+v", first)
	}
	second, err := demo.Load(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if second.Added != 0 || second.Existing != 19 {
		t.Fatalf("second load: %+v", second)
	}
	counts := map[string]int{}
	for table, want := range map[string]int{"operations": 1, "units": 4, "attachments": 116, "cases": 19, "countries": 250} {
		var n int
		d.Read.Raw("SELECT COUNT(*) FROM " + table).Scan(&n)
		counts[table] = n
		if n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	var perUnit []struct {
		Code string
		N    int
	}
	d.Read.Raw(`SELECT u.code, COUNT(*) AS n FROM attachments a JOIN units u ON u.id = a.unit_id GROUP BY u.code ORDER BY u.code`).Scan(&perUnit)
	want := map[string]int{"BUE": 29, "DKR": 40, "MNL": 16, "SKP": 31}
	for _, p := range perUnit {
		if want[p.Code] != p.N {
			t.Errorf("%s has %d countries, want %d", p.Code, p.N, want[p.Code])
		}
	}
	var byStatus []struct {
		Status string
		N      int
	}
	d.Read.Raw("SELECT status, COUNT(*) AS n FROM cases GROUP BY status ORDER BY status").Scan(&byStatus)
	got := map[string]int{}
	for _, s := range byStatus {
		got[s.Status] = s.N
	}
	if got["raid"] != 4 || got["screening"] != 14 || got["referred"] != 1 {
		t.Errorf("statuses: %v", got)
	}
	// Every move the demo made went through the workflow and is in the history.
	var moves int
	d.Read.Raw("SELECT COUNT(*) FROM case_transitions WHERE from_status != ''").Scan(&moves)
	if moves != 16 {
		t.Errorf("%d recorded moves, want 16", moves)
	}
}
