package exports

import (
	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu/views"
)

// totals are the workbook's headline figures, added up from the rows as
// they are written, so the summary says what the sheets hold and nothing
// else (the dashboard's figures for the same filter agree with them).
type totals struct {
	cases, victims, minors, migrants, arrests, arrestsHtMs, referred int64
	cashUSD                                                          float64
	checks, flights                                                  int64
	idx                                                              map[string]int
	// The follow-up cases' figures, apart from the week's
	// (summary_followup.go).
	followUp
}

func newTotals() *totals {
	idx := map[string]int{}
	for _, c := range []string{"potential_victims", "minor_victims", "irregular_migrants", "arrests",
		"arrests_trafficking_smuggling", "referred_for_prosecution"} {
		idx[c] = colIndex(TableCases, c)
	}
	idx["raid_day"] = colIndex(TableCases, "raid_day")
	idx["kind"], idx["value_usd"] = colIndex(TableSeizures, "kind"), colIndex(TableSeizures, "value_usd")
	idx["database_checks"], idx["flights_monitored"] = colIndex(TableReturns, "database_checks"), colIndex(TableReturns, "flights_monitored")
	return &totals{idx: idx}
}

func (t *totals) add(table Table, c []cell) {
	switch table {
	case TableCases:
		if t.isFollowUp(c) {
			t.addFollowUp(c)
			return
		}
		t.cases++
		t.victims += c[t.idx["potential_victims"]].n
		t.minors += c[t.idx["minor_victims"]].n
		t.migrants += c[t.idx["irregular_migrants"]].n
		t.arrests += c[t.idx["arrests"]].n
		t.arrestsHtMs += c[t.idx["arrests_trafficking_smuggling"]].n
		t.referred += c[t.idx["referred_for_prosecution"]].n
	case TableSeizures:
		if c[t.idx["kind"]].s == "cash" && !c[t.idx["value_usd"]].null { // an amount not published adds nothing
			t.cashUSD += c[t.idx["value_usd"]].f
		}
	case TableReturns:
		t.checks += c[t.idx["database_checks"]].n
		t.flights += c[t.idx["flights_monitored"]].n
	}
}

// writeSummary fills the first sheet: what was exported, by whom and when,
// the audit trail's anchor as of the export, the headline figures, and the
// rows per sheet. It is small, so it is written cell by cell after the
// tables are streamed.
func writeSummary(f *excelize.File, pl *plan, st xlsxStyles, counts Counts, tot *totals, anchor string) error {
	ctx := pl.ctx
	anyLabel := views.T(ctx, "exports.any")
	orAny := func(s string) string {
		if s == "" {
			return anyLabel
		}
		return s
	}
	type line struct {
		label string
		value any
		style int
	}
	lines := []line{
		{views.T(ctx, "exports.summary.title"), nil, st.bold},
		{views.T(ctx, "exports.summary.operation"), pl.op.Code + " · " + pl.op.Name + " (" + pl.op.FirstDay + " – " + pl.op.LastDay + ")", 0},
		{views.T(ctx, "exports.summary.demo"), demoLine(pl), 0},
		{views.T(ctx, "exports.filter.unit"), unitLine(pl, orAny), 0},
		{views.T(ctx, "exports.filter.country"), orAny(pl.filter.Country), 0},
		{views.T(ctx, "exports.filter.status"), orAny(pl.filter.Status), 0},
		{views.T(ctx, "exports.filter.form"), orAny(pl.filter.Form), 0},
		{views.T(ctx, "exports.summary.generated_at"), pl.now, st.datetime},
		{views.T(ctx, "exports.summary.exported_by"), pl.p.Name() + " (" + views.T(ctx, "role."+pl.p.Role) + ")", 0},
		{views.T(ctx, "exports.summary.audit_anchor"), anchor, 0},
		{"", nil, 0},
		{views.T(ctx, "exports.summary.figures"), nil, st.bold},
		{views.T(ctx, "exports.summary.cases"), tot.cases, 0},
		{views.T(ctx, "exports.summary.potential_victims"), tot.victims, 0},
		{views.T(ctx, "exports.summary.minor_victims"), tot.minors, 0},
		{views.T(ctx, "exports.summary.irregular_migrants"), tot.migrants, 0},
		{views.T(ctx, "exports.summary.arrests"), tot.arrests, 0},
		{views.T(ctx, "exports.summary.arrests_ht_ms"), tot.arrestsHtMs, 0},
		{views.T(ctx, "exports.summary.referred"), tot.referred, 0},
		{views.T(ctx, "exports.summary.cash_usd"), tot.cashUSD, st.money},
		{views.T(ctx, "exports.summary.database_checks"), tot.checks, 0},
		{views.T(ctx, "exports.summary.flights_monitored"), tot.flights, 0},
	}
	for _, l := range followUpLines(pl, tot) {
		lines = append(lines, line{l.label, l.value, 0})
	}
	lines = append(lines, []line{
		{"", nil, 0},
		{views.T(ctx, "exports.summary.rows"), nil, st.bold},
	}...)
	for _, t := range Tables {
		lines = append(lines, line{string(t), counts[t], 0})
	}
	lines = append(lines, line{"", nil, 0}, line{views.T(ctx, "exports.summary.note"), nil, 0})

	const sheet = SummarySheet
	if views.Dir(ctx) == "rtl" {
		// The reader's sheet reads right to left in a right-to-left
		// language; the data sheets stay as machines read them.
		rtl := true
		if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{RightToLeft: &rtl}); err != nil {
			return err
		}
	}
	for i, l := range lines {
		row := i + 1
		if l.label != "" {
			if err := f.SetCellValue(sheet, cellName(1, row), l.label); err != nil {
				return err
			}
		}
		if l.value != nil {
			if err := f.SetCellValue(sheet, cellName(2, row), l.value); err != nil {
				return err
			}
		}
		if l.style != 0 {
			col := 2
			if l.value == nil {
				col = 1
			}
			if err := f.SetCellStyle(sheet, cellName(col, row), cellName(col, row), l.style); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 48); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "B", 40)
}

// unitLine says which OCUs' cases the workbook holds: the OCU filtered on,
// or, with none, what the reader's scope gives them (a supervisor's or an
// officer's own OCU and the cases shared with it), never "any" when it is
// not.
func unitLine(pl *plan, orAny func(string) string) string {
	if pl.filter.Unit != "" {
		return pl.filter.Unit
	}
	if sc := pl.p.Cases(); !sc.All && sc.Unit != 0 {
		if u := pl.ref.UnitByID(sc.Unit); u.Code != "" {
			return views.T(pl.ctx, "exports.summary.unit_scope", u.Code)
		}
	}
	return orAny("")
}

// demoLine says whether the operation is a demo whose records are partly
// generated rather than published.
func demoLine(pl *plan) string {
	if pl.op.Demo {
		return views.T(pl.ctx, "demo.banner")
	}
	return views.T(pl.ctx, "exports.summary.not_demo")
}
