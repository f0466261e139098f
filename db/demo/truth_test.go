package demo_test

import (
	"context"

	"gorm.io/gorm"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/units"
)

// The demo says what the corrected reference digest says, and marks what
// it generates (issue 14, point 9).
func TestDemoTellsTheTruth(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	one := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := d.Read.Raw(q, args...).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	// Manila: 14 countries in the room, 2 online.
	if in, on := one(`SELECT COUNT(*) FROM attachments a JOIN units u ON u.id = a.unit_id WHERE u.code = 'MNL' AND a.mode = 'in_person'`),
		one(`SELECT COUNT(*) FROM attachments a JOIN units u ON u.id = a.unit_id WHERE u.code = 'MNL' AND a.mode = 'online'`); in != 14 || on != 2 {
		t.Errorf("Manila: %d in the room, %d online; want 14 and 2", in, on)
	}
	// The Mali case is one of the eight pyramid-scheme cases: the other
	// record holds the other seven.
	if n := one(`SELECT COUNT(*) FROM cases WHERE title LIKE '%pyramid%' OR title LIKE '%multi-level%'`); n != 2 {
		t.Errorf("%d pyramid-scheme records, want 2 (Mali, the other seven)", n)
	}
	if n := one(`SELECT COUNT(*) FROM cases WHERE raising_country = 'ML' AND summary LIKE '%One of the eight%'`); n != 1 {
		t.Error("the Mali case does not say it is one of the eight")
	}
	// Identified, not arrested: the UK's located man, Tunisia's three.
	for _, c := range []struct {
		country  string
		suspects int64
	}{{"GB", 1}, {"TN", 3}} {
		q := `SELECT COUNT(*) FROM people p JOIN cases c ON c.id = p.case_id WHERE c.raising_country = ? AND c.title NOT LIKE 'Generated case%' AND p.outcome = 'suspect'`
		if n := one(q, c.country); n != c.suspects {
			t.Errorf("%s: %d suspects, want %d", c.country, n, c.suspects)
		}
		if n := one(q+" AND p.arrested = 1", c.country); n != 0 {
			t.Errorf("%s: %d suspects recorded as arrested; the reporting says identified", c.country, n)
		}
	}
	// Algeria's seven: arrested on money-laundering charges only.
	alg := `FROM people p JOIN cases c ON c.id = p.case_id JOIN charges ch ON ch.person_id = p.id WHERE c.title = 'Money laundering tied to organising migrant smuggling'`
	if n, ml := one("SELECT COUNT(*) "+alg), one("SELECT COUNT(*) "+alg+" AND ch.charge = 'money_laundering'"); n != 7 || ml != 7 {
		t.Errorf("Algeria: %d charges of which %d money laundering, want 7 and 7", n, ml)
	}
	// Serbia's and Montenegro's cash: present, amount not published.
	for _, c := range []string{"RS", "ME"} {
		if n := one(`SELECT COUNT(*) FROM seizures s JOIN cases c ON c.id = s.case_id WHERE c.raising_country = ? AND c.title NOT LIKE 'Generated case%'
			AND s.kind = 'cash' AND s.amount_unknown = 1 AND s.quantity IS NULL AND s.value_usd IS NULL`, c); n != 1 {
			t.Errorf("%s: %d cash seizures with the amount not published, want 1", c, n)
		}
	}
	// Kenya's hundred: potential victims of trafficking, suspects charged with it.
	ke := `FROM people p JOIN cases c ON c.id = p.case_id WHERE c.title = 'Ethiopian migrants confined and beaten in a four-bedroom house'`
	if n := one("SELECT COUNT(*) " + ke + " AND p.outcome = 'potential_victim'"); n != 100 {
		t.Errorf("Kenya: %d potential victims, want 100", n)
	}
	if n := one("SELECT COUNT(*) " + ke + " AND p.id IN (SELECT person_id FROM charges WHERE charge = 'human_trafficking')"); n != 2 {
		t.Errorf("Kenya: %d suspects charged with trafficking, want 2", n)
	}

	// Generated cases follow the reported trends.
	var forms []struct {
		Exploitation string
		N            int64
	}
	d.Read.Raw(`SELECT exploitation, COUNT(*) AS n FROM people WHERE outcome = 'potential_victim' GROUP BY exploitation ORDER BY n DESC`).Scan(&forms)
	if len(forms) == 0 || forms[0].Exploitation != "forced_criminality" {
		t.Errorf("victims by form of exploitation: %+v; scam-centre trafficking (forced criminality) should be the largest", forms)
	}
	for _, f := range forms {
		if (f.Exploitation == "forced_marriage" || f.Exploitation == "organ_removal") && f.N*10 > forms[0].N {
			t.Errorf("%s: %d victims, more than a tenth of forced criminality's %d", f.Exploitation, f.N, forms[0].N)
		}
	}
	var nat []struct {
		Nationality string
		N           int64
	}
	d.Read.Raw(`SELECT nationality, COUNT(*) AS n FROM people WHERE outcome = 'irregular_migrant' AND nationality != '' GROUP BY nationality ORDER BY n DESC`).Scan(&nat)
	if len(nat) == 0 || nat[0].Nationality != "VE" {
		t.Errorf("migrants by nationality: %+v; Venezuelans should be the largest group", nat[:min(3, len(nat))])
	}
	for _, c := range []string{"VE", "VN"} {
		if n := one(`SELECT COUNT(*) FROM people p JOIN units u ON u.id = p.unit_id WHERE p.outcome = 'irregular_migrant' AND p.nationality = ? AND u.code != 'BUE'`, c); n != 0 {
			t.Errorf("%d %s migrants outside the Americas (Buenos Aires)", n, c)
		}
	}

	// Generated records say so: cases by title and by whom, returns by filer,
	// the operation as a whole.
	if n := one(`SELECT COUNT(*) FROM cases WHERE title LIKE 'Generated case % (not in the public reporting)' AND raised_by LIKE 'Demo generator%'`); n != 116*4 {
		t.Errorf("%d generated cases marked as such, want %d", n, 116*4)
	}
	if n := one(`SELECT COUNT(*) FROM daily_returns WHERE filed_by NOT LIKE 'Demo generator: figures generated%'`); n != 0 {
		t.Errorf("%d demo returns not marked as generated", n)
	}
	if n := one(`SELECT demo FROM operations WHERE code = 'LIB2'`); n != 1 {
		t.Error("the demo operation is not marked as a demo")
	}

	// Histories are dated within the operation week (in UTC, between the
	// first day's start anywhere and the last day's end anywhere), never at
	// the moment the demo was loaded.
	from, until := time.Date(2024, 9, 28, 10, 0, 0, 0, time.UTC), time.Date(2024, 10, 5, 12, 0, 0, 0, time.UTC)
	for _, q := range []string{"SELECT MIN(at) FROM case_transitions", "SELECT MIN(created_at) FROM cases", "SELECT MIN(screening_since) FROM cases"} {
		at := timeOf(t, d.Read, q)
		if at.Before(from) {
			t.Errorf("%s: %v, before the operation", q, at)
		}
	}
	for _, q := range []string{"SELECT MAX(at) FROM case_transitions", "SELECT MAX(created_at) FROM cases", "SELECT MAX(screening_since) FROM cases",
		"SELECT MAX(created_at) FROM people", "SELECT MAX(created_at) FROM seizures"} {
		at := timeOf(t, d.Read, q)
		if !at.Before(until) {
			t.Errorf("%s: %v, after the operation", q, at)
		}
	}
	if n := one(`SELECT COUNT(*) FROM cases WHERE created_at < raid_at OR screening_since < raid_at`); n != 0 {
		t.Errorf("%d cases raised or screened before their raid", n)
	}
}

// In a past operation "now" stops at its end: 48 hours after loading the
// demo, the cases in screening too long are the same as at loading, and
// not every case in screening.
func TestStaleScreeningInAPastOperation(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	us := units.NewStore(d)
	op, err := us.Operation(ctx, "LIB2")
	if err != nil {
		t.Fatal(err)
	}
	svc := reports.NewService(d, us)
	stale := func(now time.Time) int {
		svc.Now = func() time.Time { return now }
		dash, err := svc.Build(ctx, op, nil)
		if err != nil {
			t.Fatal(err)
		}
		return dash.Attention.StaleScreeningCount
	}
	now := time.Now().UTC()
	today, later := stale(now), stale(now.Add(48*time.Hour))
	var screening int
	d.Read.Raw("SELECT COUNT(*) FROM cases WHERE status = 'screening'").Scan(&screening)
	if today != later || today == 0 || today >= screening {
		t.Errorf("in screening too long: %d now, %d in 48 hours, of %d in screening", today, later, screening)
	}
	// During the operation the rule is the plain 48 hours.
	during := time.Date(2024, 10, 2, 12, 0, 0, 0, time.UTC)
	if got := cases.StaleScreeningCutoff(during, op); !got.Equal(during.Add(-48 * time.Hour)) {
		t.Errorf("cutoff during the operation: %v", got)
	}
	if a, b := cases.StaleScreeningCutoff(now, op), cases.StaleScreeningCutoff(now.Add(48*time.Hour), op); !a.Equal(b) || !strings.HasPrefix(a.Format(time.DateOnly), "2024-10-03") {
		t.Errorf("cutoff after the operation: %v, %v", a, b)
	}
}

// timeOf reads a time SQLite's MIN or MAX gives back as text.
func timeOf(t *testing.T, db *gorm.DB, q string) time.Time {
	t.Helper()
	var s string
	if err := db.Raw(q).Scan(&s).Error; err != nil || len(s) < 19 {
		t.Fatalf("%s: %q %v", q, s, err)
	}
	at, err := time.Parse("2006-01-02 15:04:05", s[:19])
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return at
}
