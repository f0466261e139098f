package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestOfficerRaisesAndRefersACase walks a case through the workflow in the
// browser, as an officer of the Philippines in OCU Manila: raise it, add 30
// people in one go, screen them, record an arrest with a charge and a
// referral for prosecution, record a seizure and refer the case. An officer
// of another OCU cannot open it; the coordinator sees the dashboard's
// figures move by exactly what was recorded, and downloads the case in the
// CSV and XLSX exports.
func TestOfficerRaisesAndRefersACase(t *testing.T) {
	off := as(t, officer)
	off.openOK("/")
	off.waitText("header .user-menu", "E2E "+officer.Username)
	off.shot("signed-in")

	coord := as(t, coordinator)
	coord.openOK("/dashboard")
	before := dashboardFigures(coord)
	coord.shot("dashboard-before")

	// Raise the case.
	title := fmt.Sprintf("Forced labour on a fishing fleet, run %d", time.Now().UnixNano()%1e6)
	off.openOK("/cases/new")
	off.do("fill the case form",
		chromedp.SetValue(chromedp.ID("raising_country"), "PH"),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("summary"), "Crew held on board without pay; passports kept by the captain."),
		chromedp.SendKeys(chromedp.ID("place"), "General Santos fish port"),
		chromedp.SetValue(chromedp.ID("country"), "PH"),
		chromedp.SetValue(chromedp.ID("raid_at"), "2024-10-02T05:30"),
		chromedp.Click(chromedp.CSS(`input[name=forms][value=forced_labour]`)),
		chromedp.Click(chromedp.CSS(`input[name=forms][value=document_fraud]`)),
	)
	off.shot("case-form-filled")
	off.do("raise the case", chromedp.Click(chromedp.CSS("form.case-form button[type=submit]")))
	off.waitText("main .alert.success", "Case raised")
	ref := regexp.MustCompile(`/cases/(LIB2-MNL-\d{4})(?:\?|$)`).FindStringSubmatch(off.waitURL(`/cases/LIB2-MNL-\d{4}(\?|$)`))[1]
	if got := off.text("h1 .ref"); got != ref {
		t.Fatalf("the case page is headed %q, want %s", got, ref)
	}
	if got := off.text("h1"); !strings.Contains(got, title) {
		t.Errorf("the case page's heading is %q, want the title %q", got, title)
	}
	off.waitText(".page-head .badge", "Raid")
	off.shot("case-raised")

	// 30 people found in the raid, added at once.
	// The bulk form is open while the case has nobody.
	off.do("add 30 people",
		chromedp.SetValue(chromedp.ID("bulk-count"), ""),
		chromedp.SendKeys(chromedp.ID("bulk-count"), "30"),
		chromedp.SetValue(chromedp.ID("bulk-sex"), "male"),
		chromedp.SetValue(chromedp.ID("bulk-age"), "adult_unknown"),
		chromedp.SetValue(chromedp.ID("bulk-nationality"), "MM"),
		chromedp.Click(chromedp.CSS("#bulk button[type=submit]")),
	)
	off.waitText("main .alert.success", "30 people added")
	off.waitText("#people-h", "(30)")
	if n := eval[int](off, `document.querySelectorAll(".people-table tbody tr").length`); n != 30 {
		t.Fatalf("the case lists %d people, want 30", n)
	}
	if n := off.number(".people .count-unscreened dd"); n != 30 {
		t.Errorf("%d people unscreened, want 30", n)
	}
	off.shot("people-added")

	// With people recorded the case moves to screening.
	off.do("move to screening", chromedp.Click(chromedp.CSS("button.move-screening")))
	off.waitText(".page-head .badge", "Screening")
	off.shot("screening")

	// Screen: the first person a suspect, the next nine irregular migrants,
	// everyone left a potential victim of forced labour.
	suspect := off.text(".people-table tbody tr:nth-child(1) td.ref a")
	off.do("screen one suspect",
		chromedp.Click(chromedp.CSS(".people-table tbody tr:nth-child(1) input[type=checkbox]")),
		chromedp.SetValue(chromedp.ID("screen-outcome"), "suspect"),
		chromedp.Click(chromedp.CSS("#screen button[type=submit]")),
	)
	off.waitText("main .alert.success", "1 person screened")
	var migrants []chromedp.Action[chromedp.Void]
	for i := 2; i <= 10; i++ {
		migrants = append(migrants, chromedp.Click(chromedp.CSS(fmt.Sprintf(".people-table tbody tr:nth-child(%d) input[type=checkbox]", i))))
	}
	migrants = append(migrants,
		chromedp.SetValue(chromedp.ID("screen-outcome"), "irregular_migrant"),
		chromedp.Click(chromedp.CSS("#screen button[type=submit]")))
	off.do("screen nine migrants", migrants...)
	off.waitText("main .alert.success", "9 people screened")
	off.do("screen the rest as victims",
		chromedp.Click(chromedp.CSS(`#screen input[name=all_unscreened]`)),
		chromedp.SetValue(chromedp.ID("screen-outcome"), "potential_victim"),
		chromedp.SetValue(chromedp.ID("screen-exploitation"), "forced_labour"),
		chromedp.Click(chromedp.CSS("#screen button[type=submit]")),
	)
	off.waitText("main .alert.success", "20 people screened")
	for outcome, want := range map[string]int{"unscreened": 0, "suspect": 1, "irregular_migrant": 9, "potential_victim": 20} {
		if n := off.number(".people .count-" + outcome + " dd"); n != want {
			t.Errorf("%s: %d people, want %d", outcome, n, want)
		}
	}
	off.shot("screened")

	// The suspect's arrest, charge and referral for prosecution.
	off.do("open the suspect", chromedp.Click(chromedp.CSS(fmt.Sprintf(`.people-table a[href="/people/%s"]`, suspect))))
	off.waitText("h1", suspect)
	off.do("record the arrest",
		chromedp.SendKeys(chromedp.ID("name"), "Juan Dela Cruz"),
		chromedp.SetValue(chromedp.ID("birth_date"), "1979-06-12"),
		chromedp.Click(chromedp.ID("arrested")),
		chromedp.SetValue(chromedp.ID("arrested_at"), "2024-10-02T07:15"),
		chromedp.Click(chromedp.CSS(`input[name=charges][value=human_trafficking]`)),
		chromedp.SendKeys(chromedp.ID("prosecution_authority"), "Office of the City Prosecutor, General Santos"),
		chromedp.SendKeys(chromedp.ID("prosecution_ref"), "NPS-XII-2024-1002"),
		chromedp.SetValue(chromedp.ID("prosecution_date"), "2024-10-03"),
	)
	off.shot("arrest-form")
	off.do("save the suspect", chromedp.Click(chromedp.CSS("form.person-form button[type=submit]")))
	off.waitText("main .alert.success", "Person saved")
	if n := off.number(".people .count-arrests dd"); n != 1 {
		t.Errorf("the case counts %d arrests, want 1", n)
	}
	off.shot("arrest-recorded")

	// A seizure: the cash found on board.
	off.do("record a seizure",
		chromedp.Click(chromedp.CSS("details.seizure-add summary")),
		chromedp.SetValue(chromedp.ID("seizure-kind"), "cash"),
		chromedp.SendKeys(chromedp.ID("description"), "Cash in the captain's cabin"),
		chromedp.SendKeys(chromedp.ID("quantity"), "250000"),
		chromedp.SendKeys(chromedp.ID("currency"), "PHP"),
		chromedp.SendKeys(chromedp.ID("value_usd"), "4450"),
		chromedp.Click(chromedp.CSS("#seizure-form button[type=submit]")),
	)
	off.waitText("main .alert.success", "Seizure recorded")
	off.waitText("#seizures table", "Cash in the captain's cabin")
	off.shot("seizure-recorded")

	// Nobody unscreened, an arrested suspect charged and referred: the
	// case can be referred.
	off.do("refer the case", chromedp.Click(chromedp.CSS("button.move-referred")))
	off.waitText("main h1", "Refer "+ref)
	off.do("confirm the referral", chromedp.Click(chromedp.CSS("form.confirm-form button[type=submit]")))
	off.waitText(".page-head .badge", "Referred")
	off.waitText(".history .timeline", "Referred")
	off.shot("referred")

	// An officer of OCU Buenos Aires: the case does not exist for them.
	other := as(t, otherOfficer)
	if status := other.open("/cases/" + ref); status != 404 {
		t.Errorf("GET /cases/%s as an officer of another OCU: status %d, want 404", ref, status)
	}
	if body := other.text("main"); strings.Contains(body, title) || strings.Contains(body, "Juan Dela Cruz") {
		t.Errorf("the 404 page shows the case to an officer of another OCU: %.300s", body)
	}
	if status := other.open("/people/" + suspect); status != 404 {
		t.Errorf("GET /people/%s as an officer of another OCU: status %d, want 404", suspect, status)
	}
	other.shot("other-ocu-404")

	// The coordinator's dashboard moves by what was recorded.
	afterMaxAge()
	coord.openOK("/dashboard")
	after := dashboardFigures(coord)
	coord.shot("dashboard-after")
	for _, d := range []struct {
		key  string
		diff int
	}{{"cases", 1}, {"people", 30}, {"victims", 20}, {"migrants", 9}, {"arrests", 1}, {"arrests_htms", 1}, {"referred", 1}} {
		if got := after[d.key] - before[d.key]; got != d.diff {
			t.Errorf("dashboard %s went from %d to %d (%+d), want %+d", d.key, before[d.key], after[d.key], got, d.diff)
		}
	}

	// The exports carry the case, referred.
	coord.openOK("/exports?unit=MNL")
	coord.shot("exports")
	data := coord.download("the CSV of cases", chromedp.Click(chromedp.CSS(`a[href*="format=csv"][href*="table=cases"]`)))
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Errorf("the CSV of cases has no byte-order mark: a spreadsheet opening it would garble accented names")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV of cases does not parse: %v\n%.500s", err, data)
	}
	if row := findRow(rows, "reference", ref); row == nil {
		t.Errorf("the CSV of cases (%d rows) has no %s", len(rows), ref)
	} else if row["status"] != "referred" || row["title"] != title || row["raising_country"] != "PH" || row["unit"] != "MNL" {
		t.Errorf("the CSV of cases has %s as %v", ref, row)
	}
	data = coord.download("the workbook", chromedp.Click(chromedp.CSS(`a[href*="format=xlsx"]`)))
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer book.Close()
	sheet, err := book.GetRows("cases")
	if err != nil {
		t.Fatalf("the workbook's cases sheet: %v (sheets: %v)", err, book.GetSheetList())
	}
	if row := findRow(sheet, "reference", ref); row == nil {
		t.Errorf("the workbook's cases sheet (%d rows) has no %s", len(sheet), ref)
	} else if row["status"] != "referred" || row["title"] != title {
		t.Errorf("the workbook has %s as %v", ref, row)
	}
}

// dashboardFigures reads the headline figures of the dashboard shown.
func dashboardFigures(b *tab) map[string]int {
	b.t.Helper()
	b.waitText("#dashboard .headline", "")
	f := map[string]int{}
	for _, key := range []string{"victims", "migrants", "arrests", "referred", "cases"} {
		f[key] = b.number(".headline .figure-" + key + " .value")
	}
	f["arrests_htms"] = firstNumber(b, ".headline .figure-arrests .note")
	f["people"] = firstNumber(b, ".headline .figure-cases .note")
	return f
}

// firstNumber is the first number in the text of an element ("of which
// 850 on trafficking or smuggling charges").
func firstNumber(b *tab, sel string) int {
	b.t.Helper()
	s := b.text(sel)
	m := regexp.MustCompile(`\d[\d,]*`).FindString(s)
	n, err := strconv.Atoi(strings.ReplaceAll(m, ",", ""))
	if err != nil {
		b.t.Fatalf("%s says %q: no number", sel, s)
	}
	return n
}

// findRow finds the row of a table (header first) whose column col is
// value, as a map of column to cell.
func findRow(rows [][]string, col, value string) map[string]string {
	if len(rows) == 0 {
		return nil
	}
	idx := -1
	for i, h := range rows[0] {
		if h == col {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	for _, r := range rows[1:] {
		if idx < len(r) && r[idx] == value {
			m := map[string]string{}
			for i, h := range rows[0] {
				if i < len(r) {
					m[h] = r[i]
				}
			}
			return m
		}
	}
	return nil
}

// download runs what starts a download (a click on a link) and answers the
// file the browser saved.
func (b *tab) download(what string, trigger chromedp.Action[chromedp.Void]) []byte {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: b.browserContextID(),
		DownloadPath: dir, EventsEnabled: new(true),
	}); err != nil {
		b.t.Fatalf("allow downloads: %v", err)
	}
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	b.do("download "+what, trigger)
	for ev, err := range progress {
		if err != nil {
			b.failShot()
			b.t.Fatalf("download %s: %v", what, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				b.t.Fatalf("download %s: %v", what, err)
			}
			return data
		case browser.DownloadProgressStateCanceled:
			b.t.Fatalf("download %s: canceled", what)
		}
	}
	b.t.Fatalf("download %s: no download", what)
	return nil
}

// afterMaxAge waits out how old a dashboard may be when shown (the
// server's --dashboard-max-age, 1 s by default): a dashboard built by
// another tab while the last change was being saved may be served for
// that long, by design.
func afterMaxAge() { time.Sleep(1100 * time.Millisecond) }
