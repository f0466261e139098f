package main

import (
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/ocu-project/ocu/cases"
)

// TestTraffickingSmugglingChargesAgree keeps one rule for what counts as an
// arrest "on trafficking or smuggling charges": Charge.TraffickingOrSmuggling
// in Go. The figures are kept in SQL (the case tallies written with every
// change to a case's people, and the per-OCU rollups the database's
// triggers keep from them, which the dashboards read), so for every charge
// the taxonomy has, an arrested suspect charged with it alone must count in
// those figures exactly when the Go rule says so: whether the suspect is
// added so charged or changed to it. The schema's list of charges must be
// the taxonomy's, so that no charge escapes the check.
func TestTraffickingSmugglingChargesAgree(t *testing.T) {
	a := newTestApp(t)

	var ddl string
	if err := a.db.Read.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'charges'").Scan(&ddl).Error; err != nil {
		t.Fatal(err)
	}
	list := regexp.MustCompile(`charge\s+IN\s*\(([^)]*)\)`).FindStringSubmatch(ddl)
	if list == nil {
		t.Fatalf("no list of charges in the charges table: %s", ddl)
	}
	var schema, taxonomy []string
	for _, m := range regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(list[1], -1) {
		schema = append(schema, m[1])
	}
	for _, c := range cases.Charges {
		taxonomy = append(taxonomy, string(c))
	}
	slices.Sort(schema)
	slices.Sort(taxonomy)
	if !slices.Equal(schema, taxonomy) {
		t.Fatalf("the schema allows charges %v, the taxonomy has %v", schema, taxonomy)
	}

	// figures reads the arrests and those on trafficking or smuggling
	// charges from the Manila and global dashboards and from the rollup.
	type figures struct{ unitArrests, unitHtMs, allHtMs, rollupHtMs int }
	read := func() figures {
		t.Helper()
		var f figures
		a.as("coordinator")
		st, m := a.api("GET", "/api/v1/dashboard?operation=LIB2&unit=MNL", nil)
		if st != http.StatusOK {
			t.Fatalf("dashboard: %d %v", st, m)
		}
		f.unitArrests, f.unitHtMs = int(m["arrests"].(float64)), int(m["arrests_trafficking_smuggling"].(float64))
		if st, m = a.api("GET", "/api/v1/dashboard?operation=LIB2", nil); st != http.StatusOK {
			t.Fatalf("dashboard: %d %v", st, m)
		}
		f.allHtMs = int(m["arrests_trafficking_smuggling"].(float64))
		if err := a.db.Read.Raw(`SELECT COALESCE(SUM(r.arrests_ht_ms), 0) FROM case_rollup r
			JOIN operations o ON o.id = r.operation_id JOIN units u ON u.id = r.unit_id
			WHERE o.code = 'LIB2' AND u.code = 'MNL'`).Scan(&f.rollupHtMs).Error; err != nil {
			t.Fatal(err)
		}
		return f
	}
	suspect := func(charge string) map[string]any {
		return map[string]any{"outcome": "suspect", "arrested": true, "arrested_at": "2024-10-02T10:00", "charges": []string{charge}}
	}

	for _, charge := range cases.Charges {
		t.Run(string(charge), func(t *testing.T) {
			a.t = t
			want := 0
			if charge.TraffickingOrSmuggling() {
				want = 1
			}
			before := read()

			a.as("officer.ph")
			ref := a.newCase("Arrest on a charge of " + string(charge))
			// One suspect added with the charge alone, one added with
			// another charge and then changed to it.
			if st, m := a.api("POST", "/api/v1/cases/"+ref+"/people", suspect(string(charge))); st != http.StatusCreated {
				t.Fatalf("add suspect: %d %v", st, m)
			}
			st, p := a.api("POST", "/api/v1/cases/"+ref+"/people", suspect("other"))
			if st != http.StatusCreated {
				t.Fatalf("add suspect: %d %v", st, p)
			}
			if st, m := a.api("PATCH", "/api/v1/people/"+p["pseudonym"].(string),
				map[string]any{"version": p["version"], "charges": []string{string(charge)}}); st != http.StatusOK {
				t.Fatalf("change the charge: %d %v", st, m)
			}

			st, m := a.api("GET", "/api/v1/cases/"+ref+"/people", nil)
			if st != http.StatusOK {
				t.Fatalf("people: %d %v", st, m)
			}
			tally := m["tally"].(map[string]any)
			if got := int(tally["arrests"].(float64)); got != 2 {
				t.Errorf("the case counts %d arrests, want 2", got)
			}
			if got := int(tally["arrests_trafficking_smuggling"].(float64)); got != 2*want {
				t.Errorf("the case counts %d arrests on trafficking or smuggling charges for %s, the Go rule %d", got, charge, 2*want)
			}
			after := read()
			if d := after.unitArrests - before.unitArrests; d != 2 {
				t.Errorf("the Manila dashboard's arrests moved by %d, want 2", d)
			}
			for what, d := range map[string]int{
				"the Manila dashboard":  after.unitHtMs - before.unitHtMs,
				"the global dashboard":  after.allHtMs - before.allHtMs,
				"Manila's case rollups": after.rollupHtMs - before.rollupHtMs,
			} {
				if d != 2*want {
					t.Errorf("%s: arrests on trafficking or smuggling charges moved by %d for %s, the Go rule %d", what, d, charge, 2*want)
				}
			}
		})
	}
}
