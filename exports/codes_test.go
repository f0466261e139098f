package exports_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu/exports"
)

// Every code the zip's files hold is explained in its codes.csv, with a
// label in the reader's language; the workbook carries the same list.
func TestExportsExplainTheirCodes(t *testing.T) {
	fx := newFixture(t)
	b, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatZip, "")
	_, tables, _ := readZip(t, b)
	codes := tables[strings.TrimSuffix(exports.CodesFile, ".csv")]
	labels := map[string]string{} // "table.column code" → label
	for _, r := range codes.rows {
		if r["label"] == "" || r["label"] == r["code"] || strings.Contains(r["label"], r["list"]+".") {
			t.Errorf("code %s of %s has no real label: %q", r["code"], r["list"], r["label"])
		}
		for _, col := range strings.Fields(r["used_in"]) {
			labels[col+" "+r["code"]] = r["label"]
		}
	}
	checked := map[string]int{}
	for name, tb := range tables {
		for _, r := range tb.rows {
			for col, v := range r {
				key := name + "." + col
				if !strings.Contains(" "+codedColumns+" ", " "+key+" ") || v == "" {
					continue
				}
				for _, code := range strings.Split(v, ";") {
					checked[key]++
					if labels[key+" "+code] == "" {
						t.Fatalf("%s holds %q, which codes.csv does not explain", key, code)
					}
				}
			}
		}
	}
	for _, key := range strings.Fields(codedColumns) {
		if checked[key] == 0 && key != "cases.transit" {
			t.Errorf("no %s value in the fixture: the test proves nothing for it", key)
		}
	}
	if labels["cases.status referred"] != "Referred" || labels["people.nationality TR"] != "Türkiye" {
		t.Errorf("labels: referred %q, TR %q", labels["cases.status referred"], labels["people.nationality TR"])
	}

	x, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatXLSX, "")
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	must(t, err)
	defer wb.Close()
	rows, err := wb.GetRows(exports.CodesSheet)
	must(t, err)
	if len(rows) != len(codes.rows)+1 || strings.Join(rows[0], ",") != "list,used_in,code,label" {
		t.Errorf("the workbook's %s sheet has %d rows (header %v), codes.csv %d", exports.CodesSheet, len(rows), rows[0], len(codes.rows)+1)
	}
}

// codedColumns are the columns whose values are codes from a list.
const codedColumns = "cases.status history.from history.to cases.forms people.outcome people.sex people.age_band " +
	"people.exploitation suspects.charges seizures.kind attachments.mode cases.unit attachments.unit " +
	"cases.raising_country cases.country cases.origin cases.transit cases.destination people.nationality attachments.country returns.country"
