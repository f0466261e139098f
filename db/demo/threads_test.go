package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
)

// threadCounts counts the rows the published threads add.
func threadCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for name, q := range map[string]string{
		"notices":  "SELECT COUNT(*) FROM notices",
		"alerts":   "SELECT COUNT(*) FROM alerts WHERE kind = 'notice_located'",
		"partners": "SELECT COUNT(*) FROM case_partners",
		"links":    "SELECT COUNT(*) FROM case_links",
		"groups":   "SELECT COUNT(*) FROM criminal_groups",
		"grouped":  "SELECT COUNT(*) FROM group_cases",
		"audit":    "SELECT COUNT(*) FROM audit_log",
	} {
		var n int
		if err := d.Read.Raw(q).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

// The demo carries the threads the reporting publishes, recorded through
// the stores: Romania's Red Notice on the man the United Kingdom located
// alerts Romania's officers and Romania's OCU; Paraguay works Chile's case
// as a partner; the pyramid-scheme
// cases are one group; Serbia's case has its two groups; the Orange
// Notice is the operation's alert. Loading again adds none of it twice.
func TestDemoCarriesThePublishedThreads(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatal(err)
	}

	var alert struct {
		Country string
		Unit    string
		Subject string
		Details string
	}
	d.Read.Raw(`SELECT a.country_iso2 AS country, u.code AS unit, a.subject, a.details FROM alerts a JOIN units u ON u.id = a.unit_id
		WHERE a.kind = 'notice_located'`).Scan(&alert)
	if alert.Country != "RO" || alert.Unit != "SKP" {
		t.Fatalf("the located man's alert went to %q and %q, want Romania (RO) and its OCU (SKP)", alert.Country, alert.Unit)
	}
	var located string
	d.Read.Raw(`SELECT 'person:' || p.pseudonym FROM people p JOIN cases c ON c.id = p.case_id
		WHERE c.title = 'Man wanted by Romania for moving migrants located' AND p.outcome = 'suspect'`).Scan(&located)
	if alert.Subject != located || !strings.Contains(alert.Details, `"colour":"red"`) {
		t.Fatalf("alert subject %s details %s, want the UK case's suspect %s and a red notice", alert.Subject, alert.Details, located)
	}
	// Identified, not arrested: the reporting says so.
	var arrested int
	d.Read.Raw(`SELECT COUNT(*) FROM people p JOIN cases c ON c.id = p.case_id
		WHERE c.title IN ('Man wanted by Romania for moving migrants located', 'Group intercepted on a pretended language-study trip to the United Kingdom')
		  AND p.arrested`).Scan(&arrested)
	if arrested != 0 {
		t.Errorf("%d of the people identified in the UK are recorded arrested", arrested)
	}

	partners := map[string]string{}
	var rows []struct{ Country, Partner string }
	d.Read.Raw(`SELECT c.raising_country AS country, p.country_iso2 AS partner FROM case_partners p JOIN cases c ON c.id = p.case_id`).Scan(&rows)
	for _, r := range rows {
		partners[r.Country] = r.Partner
	}
	if partners["CL"] != "PY" || len(partners) != 1 {
		t.Errorf("partners %v, want Paraguay on Chile's case only (the UK helped Tunisia through a request, not as a partner)", partners)
	}

	var groups []struct {
		Name  string
		Cases string
	}
	d.Read.Raw(`SELECT g.name, GROUP_CONCAT(c.raising_country, ',') AS cases FROM criminal_groups g
		JOIN group_cases gc ON gc.group_id = g.id JOIN cases c ON c.id = gc.case_id GROUP BY g.id ORDER BY g.name`).Scan(&groups)
	var pyramid, serbian int
	for _, g := range groups {
		if !strings.Contains(g.Name, "demo's own") {
			t.Errorf("group %q: its name is the demo's and must say so", g.Name)
		}
		switch {
		case strings.Contains(g.Name, "pyramid"):
			pyramid++
			if !strings.Contains(g.Cases, "ML") || !strings.Contains(g.Cases, "SN") {
				t.Errorf("the pyramid-scheme group holds %s, want the Mali case and the other seven", g.Cases)
			}
		case strings.Contains(g.Name, "Serbian"):
			serbian++
			if g.Cases != "RS" {
				t.Errorf("%s holds %s, want Serbia's case", g.Name, g.Cases)
			}
		}
	}
	if pyramid != 1 || serbian != 2 {
		t.Errorf("groups %+v: want one pyramid-scheme group and Serbia's two", groups)
	}

	var orange []struct{ Colour, ControlNumber, Purpose string }
	d.Read.Raw(`SELECT colour, control_number, purpose FROM notices WHERE person_id IS NULL`).Scan(&orange)
	if len(orange) != 1 || orange[0].Colour != "orange" || !strings.Contains(orange[0].Purpose, "scam centres") ||
		!strings.HasPrefix(orange[0].ControlNumber, "DEMO-") {
		t.Errorf("operation notices %+v: want the Orange Notice on scam centres, its control number marked the demo's", orange)
	}

	before := threadCounts(t, d)
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatal(err)
	}
	if after := threadCounts(t, d); after["notices"] != before["notices"] || after["alerts"] != before["alerts"] ||
		after["partners"] != before["partners"] || after["links"] != before["links"] || after["groups"] != before["groups"] ||
		after["grouped"] != before["grouped"] {
		t.Errorf("a second load changed the threads: %v, then %v", before, after)
	}
}
