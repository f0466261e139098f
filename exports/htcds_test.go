package exports_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// htcdsField is one field of HTCDS 2.0 as the reference lists it.
type htcdsField struct {
	multi, core bool
	values      map[string]bool // nil: not a picklist
}

// htcdsFields reads the 2.0 fields and picklist values from
// testdata/htcds-2.0.md, a copy of the standard's field list (from "HTCDS
// Field Standards 2.0.ods"), so that the test checks the export against
// the standard, not against ocu's own idea of it.
func htcdsFields(t *testing.T) map[string]htcdsField {
	t.Helper()
	raw, err := os.ReadFile("testdata/htcds-2.0.md")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]htcdsField{}
	name := regexp.MustCompile("`([a-z]{3}_[A-Za-z]+)`")
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "|")
		if len(cols) != 6 || !strings.Contains(cols[1], "`") {
			continue
		}
		typ, core, vals := strings.TrimSpace(cols[2]), strings.TrimSpace(cols[3]) == "yes", strings.TrimSpace(cols[4])
		f := htcdsField{multi: typ == "multi-select", core: core}
		// Picklists list their values; ISO and ISIC codes are checked apart.
		if (typ == "picklist" || typ == "multi-select") && !strings.Contains(vals, "ISO") && !strings.Contains(vals, "ISIC") {
			f.values = map[string]bool{}
			for _, v := range strings.Split(vals, ",") {
				f.values[strings.TrimSpace(v)] = true
			}
		}
		for _, m := range name.FindAllStringSubmatch(cols[1], -1) {
			fields[m[1]] = f
		}
	}
	if len(fields) < 15 || fields["prs_Gender"].values == nil || !fields["vic_TypeOfExploitation"].multi {
		t.Fatalf("the HTCDS 2.0 reference did not parse: %v", fields)
	}
	return fields
}

// Every victim record of the JSON export conforms to HTCDS 2.0: each field
// is a 2.0 field (with its table prefix) or ocu's own (ocu_), each value a
// 2.0 value, citizenship ISO 3166 alpha-2, and the core fields ocu can fill
// are there.
func TestHTCDSRecordsConformTo20(t *testing.T) {
	fx := newFixture(t)
	fields := htcdsFields(t)
	b, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatJSON, "")
	var doc struct {
		Victims []map[string]any `json:"htcds_victims"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Victims) < 50 {
		t.Fatalf("%d victim records: too few to prove anything", len(doc.Victims))
	}
	iso := map[string]bool{}
	countries, err := units.ReferenceCountries()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range countries {
		iso[c.ISO2] = c.ISO2 != "XK" // not an ISO 3166 code
	}
	seen := map[string]map[string]bool{}
	must20 := []string{"vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg", "prs_Gender", "prs_Citizenship", "vic_TypeOfExploitation", "vic_ForcedLabourIndustry"}
	for i, rec := range doc.Victims {
		for _, k := range must20 {
			if _, ok := rec[k]; !ok {
				t.Fatalf("record %d lacks the core field %s: %v", i, k, rec)
			}
		}
		for k, v := range rec {
			if strings.HasPrefix(k, "ocu_") {
				continue
			}
			f, ok := fields[k]
			if !ok {
				t.Fatalf("record %d: %q is not an HTCDS 2.0 field name", i, k)
			}
			var vals []string
			switch x := v.(type) {
			case nil:
				continue
			case string:
				if f.multi {
					t.Fatalf("record %d: %s is a multi-select, written as one value %q", i, k, x)
				}
				vals = []string{x}
			case []any:
				if !f.multi {
					t.Fatalf("record %d: %s is a single value, written as a list", i, k)
				}
				for _, e := range x {
					vals = append(vals, e.(string))
				}
			default:
				t.Fatalf("record %d: %s = %v (%T)", i, k, v, v)
			}
			for _, val := range vals {
				if seen[k] == nil {
					seen[k] = map[string]bool{}
				}
				seen[k][val] = true
				switch {
				case k == "prs_Citizenship":
					if !iso[val] {
						t.Fatalf("record %d: citizenship %q is not an ISO 3166 alpha-2 code", i, val)
					}
				case f.values != nil && !f.values[val]:
					t.Fatalf("record %d: %s = %q is not an HTCDS 2.0 value", i, k, val)
				}
			}
		}
	}
	if len(seen["prs_Gender"]) < 2 || len(seen["vic_TypeOfExploitation"]) < 4 || len(seen["prs_Citizenship"]) < 3 {
		t.Errorf("values seen %v: the fixture barely exercises the mapping", seen)
	}
}
