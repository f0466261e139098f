package exports_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu/exports"
)

// A supervisor's workbook says which OCU it holds, not "Any": the rows are
// their OCU's and those shared with it. A coordinator's unfiltered one
// holds any OCU's.
func TestWorkbookSummaryNamesTheReadersOCU(t *testing.T) {
	fx := newFixture(t)
	ocuLine := func(ctx context.Context, f exports.Filter) string {
		t.Helper()
		b, _ := fx.export(ctx, f, exports.FormatXLSX, "")
		wb, err := excelize.OpenReader(bytes.NewReader(b))
		must(t, err)
		defer wb.Close()
		rows, err := wb.GetRows(exports.SummarySheet)
		must(t, err)
		for _, r := range rows {
			if len(r) == 2 && r[0] == "OCU" {
				return r[1]
			}
		}
		t.Fatal("no OCU line in the summary")
		return ""
	}
	if got := ocuLine(fx.supervisor(), exports.Filter{}); got != "MNL, with the cases other OCUs shared with it" {
		t.Errorf("supervisor of Manila: OCU line %q", got)
	}
	if got := ocuLine(fx.coordinator(), exports.Filter{}); got != "Any" {
		t.Errorf("coordinator: OCU line %q", got)
	}
	if got := ocuLine(fx.coordinator(), exports.Filter{Unit: "DKR"}); got != "DKR" {
		t.Errorf("coordinator, Dakar only: OCU line %q", got)
	}
}
