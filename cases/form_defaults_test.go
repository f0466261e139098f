package cases

import (
	"testing"
	"time"

	"github.com/ocu-project/ocu/units"
)

// The raid time starts at now in the OCU's zone, only when today there is
// an operation day (issue 13, point 9).
func TestRaidAtDefaultIsNowInTheOCUsZoneDuringTheOperation(t *testing.T) {
	op := units.Operation{FirstDay: "2024-09-29", LastDay: "2024-10-04"}
	manila := units.Unit{TimeZone: "Asia/Manila"}
	buenosAires := units.Unit{TimeZone: "America/Argentina/Buenos_Aires"}
	for _, c := range []struct {
		now  string
		unit units.Unit
		want string
	}{
		{"2024-10-02T01:30:00Z", manila, "2024-10-02T09:30"},
		// Already the first day in Manila, still the day before in UTC.
		{"2024-09-28T17:00:00Z", manila, "2024-09-29T01:00"},
		{"2024-09-28T17:00:00Z", buenosAires, ""},
		// The last day is over in Manila, not yet in Buenos Aires.
		{"2024-10-04T17:00:00Z", manila, ""},
		{"2024-10-04T17:00:00Z", buenosAires, "2024-10-04T14:00"},
		{"2025-01-01T00:00:00Z", manila, ""},
	} {
		now, err := time.Parse(time.RFC3339, c.now)
		if err != nil {
			t.Fatal(err)
		}
		if got := raidAtDefault(now, c.unit, op); got != c.want {
			t.Errorf("at %s in %s the raid time starts as %q, want %q", c.now, c.unit.TimeZone, got, c.want)
		}
	}
}
