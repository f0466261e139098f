package alerts_test

import (
	"testing"

	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/db/dbtest"
)

// Raise refuses an alert told to nobody, and records one told to an OCU.
func TestRaise(t *testing.T) {
	d := dbtest.New(t)
	if err := alerts.Raise(d.Write, alerts.Alert{Kind: alerts.CheckHit, Subject: "case:X"}); err == nil {
		t.Fatal("an alert told to nobody was accepted")
	}
	if err := d.Write.Exec(`INSERT INTO countries (iso2, iso3, name) VALUES ('PH', 'PHL', 'Philippines')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Write.Exec(`INSERT INTO units (id, code, city, host_country, time_zone) VALUES (1, 'MNL', 'Manila', 'PH', 'Asia/Manila')`).Error; err != nil {
		t.Fatal(err)
	}
	unit := int64(1)
	if err := alerts.Raise(d.Write, alerts.Alert{UnitID: alerts.ToUnit(unit), Kind: alerts.CheckHit, Subject: "case:X",
		Details: map[string]any{"database": "sltd"}}); err != nil {
		t.Fatal(err)
	}
	var details string
	d.Read.Raw("SELECT details FROM alerts WHERE subject = 'case:X'").Scan(&details)
	if details != `{"database":"sltd"}` {
		t.Fatalf("details stored as %q", details)
	}
}
