package reports_test

import (
	"context"
	"github.com/ocu-project/ocu"
	"testing"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
)

// assertAggregatesMatchRecords recomputes every aggregate the dashboards
// read (per-case tallies, people and form tallies) from the raw rows and
// fails on any difference.
func assertAggregatesMatchRecords(t *testing.T, d *db.DB) {
	t.Helper()
	var n int
	d.Read.Raw(`SELECT COUNT(*) FROM cases c WHERE
		c.people_count != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id) OR
		c.unscreened != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'unscreened') OR
		c.potential_victims != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'potential_victim') OR
		c.minor_victims != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'potential_victim' AND minor = 1) OR
		c.irregular_migrants != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'irregular_migrant') OR
		c.suspects != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'suspect') OR
		c.arrests != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'suspect' AND arrested = 1) OR
		c.arrests_ht_ms != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'suspect' AND arrested = 1
			AND EXISTS (SELECT 1 FROM charges ch WHERE ch.person_id = p.id AND ch.charge IN ('human_trafficking', 'migrant_smuggling'))) OR
		c.referred_suspects != (SELECT COUNT(*) FROM people p WHERE p.case_id = c.id AND outcome = 'suspect' AND prosecution_ref != '')`).Scan(&n)
	if n != 0 {
		t.Errorf("%d cases whose tallies differ from their people", n)
	}
	d.Read.Raw(`SELECT COUNT(*) FROM (
		SELECT operation_id, unit_id, outcome, nationality, exploitation, minor, COUNT(*) AS n FROM people
		GROUP BY operation_id, unit_id, outcome, nationality, exploitation, minor
		EXCEPT SELECT operation_id, unit_id, outcome, nationality, exploitation, minor, n FROM people_tallies WHERE n > 0)`).Scan(&n)
	var extra int
	d.Read.Raw(`SELECT COUNT(*) FROM people_tallies t WHERE n != (SELECT COUNT(*) FROM people p WHERE p.operation_id = t.operation_id
		AND p.unit_id = t.unit_id AND p.outcome = t.outcome AND p.nationality = t.nationality AND p.exploitation = t.exploitation AND p.minor = t.minor)`).Scan(&extra)
	if n != 0 || extra != 0 {
		t.Errorf("people tallies differ from people: %d groups missing, %d wrong", n, extra)
	}
	d.Read.Raw(`SELECT COUNT(*) FROM form_tallies t WHERE n != (SELECT COUNT(*) FROM case_forms f WHERE f.operation_id = t.operation_id
		AND f.unit_id = t.unit_id AND f.form = t.form)`).Scan(&n)
	d.Read.Raw(`SELECT COUNT(*) FROM (SELECT DISTINCT operation_id, unit_id, form FROM case_forms
		EXCEPT SELECT operation_id, unit_id, form FROM form_tallies)`).Scan(&extra)
	if n != 0 || extra != 0 {
		t.Errorf("form tallies differ from case forms: %d wrong, %d missing", n, extra)
	}
	// The rollup, both ways: every group of cases has its exact row, and
	// every row with cases is such a group.
	const groups = `SELECT operation_id, unit_id, raising_country, raid_day, status, COUNT(*), SUM(people_count),
		SUM(unscreened), SUM(unscreened > 0), SUM(potential_victims), SUM(minor_victims), SUM(irregular_migrants),
		SUM(suspects), SUM(arrests), SUM(arrests_ht_ms), SUM(referred_suspects)
		FROM cases GROUP BY operation_id, unit_id, raising_country, raid_day, status`
	d.Read.Raw(`SELECT COUNT(*) FROM (` + groups + ` EXCEPT SELECT * FROM case_rollup)`).Scan(&n)
	d.Read.Raw(`SELECT COUNT(*) FROM (SELECT * FROM case_rollup WHERE cases != 0 EXCEPT ` + groups + `)`).Scan(&extra)
	var negative int
	d.Read.Raw(`SELECT COUNT(*) FROM case_rollup WHERE cases < 0 OR people < 0 OR unscreened < 0 OR unscreened_cases < 0
		OR (cases = 0 AND people + unscreened + potential_victims + irregular_migrants + suspects + arrests != 0)`).Scan(&negative)
	if n != 0 || extra != 0 || negative != 0 {
		t.Errorf("case rollup differs from cases: %d groups missing or wrong, %d rows extra, %d impossible", n, extra, negative)
	}
}

func TestAggregatesFollowEveryKindOfChange(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if err := demo.Generate(ctx, d, 300, 7); err != nil {
		t.Fatal(err)
	}
	assertAggregatesMatchRecords(t, d)

	// Edits of every kind: screening, single edits, case edits that change
	// forms, more people.
	us := unitsStore(d)
	cs := cases.NewStore(d, us)
	ref := "LIB2-MNL-0001" // the warehouse raid: 254 unscreened
	if _, err := cs.Screen(ctx, ref, cases.ScreeningRequest{Pseudonyms: []string{ref + "-P001", ref + "-P002"}, Outcome: "potential_victim", Exploitation: "forced_criminality"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Screen(ctx, ref, cases.ScreeningRequest{AllUnscreened: true, Outcome: "irregular_migrant"}); err != nil {
		t.Fatal(err)
	}
	p, _, err := cs.Person(ctx, ref+"-P003")
	if err != nil {
		t.Fatal(err)
	}
	manila, _ := us.Unit(ctx, "MNL")
	in := cases.PersonInputFrom(p, manila.Location())
	in.Outcome, in.Arrested, in.ArrestedAt, in.Charges = "suspect", true, "2024-10-01T10:00", []string{"migrant_smuggling"}
	if _, err := cs.UpdatePerson(ctx, p.Pseudonym, p.Version, in); err != nil {
		t.Fatal(err)
	}
	c, err := cs.Get(ctx, "LIB2-BUE-0003")
	if err != nil {
		t.Fatal(err)
	}
	bue, _ := us.Unit(ctx, "BUE")
	cin := cases.InputFrom(c, "LIB2", "BUE", bue.Location())
	cin.Forms = []string{"document_fraud"}
	cin.RaidAt = "2024-10-03T22:15" // another raid day: the case moves between rollup rows
	if _, err := cs.Update(ctx, c.Reference, c.Version, cin); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.AddPeople(ctx, "LIB2-SKP-0001", 40, cases.PersonInput{Outcome: "potential_victim", AgeBand: "0-8"}); err != nil {
		t.Fatal(err)
	}
	// A closure moves the case to another status row.
	if _, err := cs.Transition(ctx, "LIB2-SKP-0001", cases.Closed, "Duplicate of another case.", "Test supervisor", nil); err != nil {
		t.Fatal(err)
	}
	assertAggregatesMatchRecords(t, d)
}
