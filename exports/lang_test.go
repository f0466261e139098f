package exports_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/views"
)

// An export read in another language keeps its codes and column names (a
// machine reads them) and labels its code lists and writes its summary in
// the reader's language; in Arabic the summary sheet reads right to left.
func TestExportsInTheReadersLanguage(t *testing.T) {
	for _, lang := range []string{"fr", "ar"} {
		if !views.Ships(lang) {
			views.AddDerived(lang, views.StandIn(lang), false)
		}
	}
	fx := newFixture(t)
	en, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatZip, "")
	fr, _ := fx.export(views.WithLang(fx.coordinator(), "fr"), exports.Filter{}, exports.FormatZip, "")
	_, enTables, _ := readZip(t, en)
	_, frTables, _ := readZip(t, fr)
	for name, tb := range enTables {
		if name == strings.TrimSuffix(exports.CodesFile, ".csv") {
			continue
		}
		if got, ok := frTables[name]; !ok || strings.Join(got.header, ",") != strings.Join(tb.header, ",") {
			t.Errorf("%s: columns changed with the language", name)
		}
	}
	labels := map[string]string{}
	for _, r := range frTables[strings.TrimSuffix(exports.CodesFile, ".csv")].rows {
		labels[r["list"]+" "+r["code"]] = r["label"]
	}
	frCtx := views.WithLang(fx.coordinator(), "fr")
	if labels["status referred"] != views.T(frCtx, "status.referred") || labels["country DE"] != "Allemagne" || labels["country TR"] != "Turquie" {
		t.Errorf("French labels: referred %q, DE %q, TR %q", labels["status referred"], labels["country DE"], labels["country TR"])
	}

	x, _ := fx.export(views.WithLang(fx.coordinator(), "ar"), exports.Filter{}, exports.FormatXLSX, "")
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	must(t, err)
	defer wb.Close()
	view, err := wb.GetSheetView(exports.SummarySheet, 0)
	must(t, err)
	if view.RightToLeft == nil || !*view.RightToLeft {
		t.Error("the Arabic summary sheet does not read right to left")
	}
	title, err := wb.GetCellValue(exports.SummarySheet, "A1")
	must(t, err)
	if title != views.T(views.WithLang(fx.coordinator(), "ar"), "exports.summary.title") {
		t.Errorf("summary title %q is not in Arabic", title)
	}
}
