package main

import (
	"net/http"
	"strings"
	"testing"
)

// alertsOf is the alerts the current user is told, over the API.
func (a *testApp) alertsOf() (alerts []map[string]any, unread float64) {
	a.t.Helper()
	status, m := a.api("GET", "/api/v1/alerts", nil)
	if status != http.StatusOK {
		a.t.Fatalf("alerts: %d %v", status, m)
	}
	for _, x := range m["alerts"].([]any) {
		alerts = append(alerts, x.(map[string]any))
	}
	return alerts, m["new"].(float64)
}

// Recording that a located person is the subject of Argentina's Red Notice
// tells Argentina's officers and the OCU Argentina reports to, who may not
// see the Manila case: they learn where, not who. Others are told nothing.
func TestLocatedNoticeSubjectAlertsTheIssuingCountryAndItsOCU(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Wanted man located")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect", "name": "Wanted Person"})
	status, m := a.api("POST", "/api/v1/people/"+suspect+"/notices", map[string]any{
		"colour": "red", "control_number": "a-1234/5-2024", "issuing_country": "AR", "purpose": "Wanted for trafficking"})
	if status != http.StatusCreated || m["control_number"] != "A-1234/5-2024" {
		t.Fatalf("record notice: %d %v", status, m)
	}

	list, unread := a.as("officer.ar").alertsOf()
	if len(list) != 1 || unread != 1 {
		t.Fatalf("Argentina's officer is told %d alerts (%v new): %v", len(list), unread, list)
	}
	al := list[0]
	details := al["details"].(map[string]any)
	if al["kind"] != "notice_located" || al["subject"] != "person:"+suspect || al["country"] != "AR" || al["unit"] != "BUE" ||
		details["case"] != ref || details["colour"] != "red" || details["control_number"] != "A-1234/5-2024" {
		t.Fatalf("the alert: %v", al)
	}
	page := a.get("/alerts")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Subject of your notice located") || !strings.Contains(page.Body, ref) ||
		!strings.Contains(page.Body, "1 new") {
		t.Fatalf("the alerts page: %d %s", page.Status, page.Body)
	}
	if strings.Contains(page.Body, "Wanted Person") || strings.Contains(page.Body, "Wanted for trafficking") {
		t.Fatal("the alerts page discloses the person or the notice's purpose")
	}
	// Told of it, not shown the record.
	if status, _ := a.api("GET", "/api/v1/people/"+suspect, nil); status != http.StatusNotFound {
		t.Fatalf("Argentina's officer reads the Manila person: %d", status)
	}
	// Every page's header carries the count.
	if home := a.get("/cases"); !strings.Contains(home.Body, "1 new") {
		t.Fatal("the header does not count the unread alert")
	}
	if status, m := a.api("POST", "/api/v1/alerts/read", map[string]any{"up_to": al["id"]}); status != http.StatusOK || m["marked"] != float64(1) {
		t.Fatalf("mark read: %d %v", status, m)
	}
	if _, unread := a.alertsOf(); unread != 0 {
		t.Fatalf("%v still new after marking read", unread)
	}

	// The coordinator sees every alert (this one and the demo's Red
	// Notice located in the United Kingdom, told to Romania); Manila's
	// officers and Dakar's supervisor are not told.
	if list, _ := a.as("coordinator").alertsOf(); len(list) != 2 {
		t.Fatalf("the coordinator sees %d alerts", len(list))
	}
	for _, user := range []string{"officer.ph", "officer.th", "supervisor.dkr", "admin"} {
		if list, _ := a.as(user).alertsOf(); len(list) != 0 {
			t.Fatalf("%s is told %v", user, list)
		}
	}

	// Notices follow the visibility of names.
	if status, _ := a.as("officer.th").api("GET", "/api/v1/people/"+suspect+"/notices", nil); status != http.StatusForbidden {
		t.Fatalf("another country's officer reads the notices: %d", status)
	}
	if page := a.as("officer.th").get("/people/" + suspect); strings.Contains(page.Body, "A-1234/5-2024") {
		t.Fatal("another country's officer sees the notice on the person page")
	}
	if page := a.as("officer.ph").get("/people/" + suspect); !strings.Contains(page.Body, "A-1234/5-2024") {
		t.Fatal("the raising officer does not see the notice")
	}
}

// A notice form refused comes back as typed, with what to fix.
func TestNoticeFormKeepsWhatWasTyped(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Notice typo")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	r := a.postForm("/people/"+suspect+"/notices", map[string][]string{"colour": {"red"}, "control_number": {"A-99/2024"}, "issuing_country": {"XX"}, "purpose": {"kept purpose"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="A-99/2024"`) || !strings.Contains(r.Body, `value="kept purpose"`) ||
		!strings.Contains(r.Body, `No country has the code`) {
		t.Fatalf("refused notice form: %d %s", r.Status, r.Body)
	}
}

// A missing person's Yellow Notice recorded on the operation is matched
// against potential victims' document numbers, whichever is recorded first;
// the match alerts the issuing country, and suspects carrying the number are
// not matched. The notice is shown to every user, its document number to
// nobody; only supervisors record notices on the operation.
func TestYellowNoticesMatchPotentialVictimsDocuments(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Missing girl found")
	before := a.addPersonAPI(ref, map[string]any{"outcome": "potential_victim"})
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	for _, p := range []string{before, suspect} {
		if status, m := a.api("POST", "/api/v1/people/"+p+"/identifiers", map[string]any{"kind": "document", "doc_type": "passport", "country": "AR", "value": "aab 123-456"}); status != http.StatusCreated {
			t.Fatalf("document: %d %v", status, m)
		}
	}
	if status, _ := a.api("POST", "/api/v1/operations/LIB2/notices", map[string]any{"colour": "yellow", "control_number": "Y-1/2024", "issuing_country": "AR"}); status != http.StatusForbidden {
		t.Fatalf("an officer recorded an operation notice: %d", status)
	}
	status, m := a.as("supervisor.mnl").api("POST", "/api/v1/operations/LIB2/notices", map[string]any{
		"colour": "yellow", "control_number": "Y-1/2024", "issuing_country": "AR", "purpose": "Missing since August", "document_number": "AAB123456"})
	if status != http.StatusCreated || m["has_document_number"] != true {
		t.Fatalf("operation Yellow Notice: %d %v", status, m)
	}
	// A victim recorded after the notice is matched too.
	after := a.as("officer.ph").addPersonAPI(ref, map[string]any{"outcome": "potential_victim"})
	if status, m := a.api("POST", "/api/v1/people/"+after+"/identifiers", map[string]any{"kind": "document", "doc_type": "national_id", "country": "AR", "value": "AAB.123.456"}); status != http.StatusCreated {
		t.Fatalf("document: %d %v", status, m)
	}
	for p, want := range map[string]int{before: 1, after: 1, suspect: 0} {
		status, m := a.api("GET", "/api/v1/people/"+p+"/notices", nil)
		if status != http.StatusOK || len(m["yellow_matches"].([]any)) != want {
			t.Fatalf("%s: %d %v, want %d matches", p, status, m, want)
		}
	}
	list, _ := a.as("officer.ar").alertsOf()
	subjects := map[any]bool{}
	for _, al := range list {
		if al["details"].(map[string]any)["by"] != "document" {
			t.Fatalf("alert: %v", al)
		}
		subjects[al["subject"]] = true
	}
	if len(list) != 2 || !subjects["person:"+before] || !subjects["person:"+after] {
		t.Fatalf("Argentina is told %v", list)
	}
	// Every user sees the operation's notice; nobody its document number.
	for _, user := range []string{"officer.ar", "admin", "coordinator"} {
		page := a.as(user).get("/alerts")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "Y-1/2024") || !strings.Contains(page.Body, "Missing since August") ||
			strings.Contains(page.Body, "AAB123456") {
			t.Fatalf("%s: the alerts page %d", user, page.Status)
		}
	}
	status, m = a.api("GET", "/api/v1/operations/LIB2/notices", nil)
	// This one and the demo's Orange Notice on scam centres.
	if status != http.StatusOK || strings.Contains(a.get("/operations/LIB2/notices").Body, "AAB123456") || len(m["notices"].([]any)) != 2 {
		t.Fatalf("operation notices: %d %v", status, m)
	}
}

// The dashboards, their API and the report count persons located who were
// the subject of a notice, by colour: one person with two Red Notices once,
// a Yellow match under yellow, each OCU its own.
func TestDashboardsCountPersonsLocatedByNoticeColour(t *testing.T) {
	a := newTestApp(t)
	count := func(user, query, colour string) float64 {
		t.Helper()
		status, m := a.as(user).api("GET", "/api/v1/dashboard?"+query, nil)
		if status != http.StatusOK {
			t.Fatalf("dashboard: %d %v", status, m)
		}
		return m["notices_by_colour"].(map[string]any)[colour].(float64)
	}
	redBefore, redMNL := count("coordinator", "operation=LIB2", "red"), count("supervisor.mnl", "operation=LIB2&unit=MNL", "red")
	ref := a.as("officer.ph").newCase("Two notices one man")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	for _, cn := range []string{"A-1/2024", "A-2/2024"} {
		if status, m := a.api("POST", "/api/v1/people/"+suspect+"/notices", map[string]any{"colour": "red", "control_number": cn, "issuing_country": "RO"}); status != http.StatusCreated {
			t.Fatalf("notice: %d %v", status, m)
		}
	}
	victim := a.addPersonAPI(ref, map[string]any{"outcome": "potential_victim"})
	a.api("POST", "/api/v1/people/"+victim+"/identifiers", map[string]any{"kind": "document", "doc_type": "passport", "country": "PH", "value": "XY999"})
	yellowBefore := count("coordinator", "operation=LIB2", "yellow")
	if status, m := a.as("supervisor.dkr").api("POST", "/api/v1/operations/LIB2/notices", map[string]any{"colour": "yellow", "control_number": "Y-9/2024", "issuing_country": "PH", "document_number": "xy 999"}); status != http.StatusCreated {
		t.Fatalf("yellow: %d %v", status, m)
	}
	if got := count("coordinator", "operation=LIB2", "red"); got != redBefore+1 {
		t.Fatalf("red: %v, want %v", got, redBefore+1)
	}
	if got := count("coordinator", "operation=LIB2", "yellow"); got != yellowBefore+1 {
		t.Fatalf("yellow: %v, want %v", got, yellowBefore+1)
	}
	if got := count("supervisor.mnl", "operation=LIB2&unit=MNL", "red"); got != redMNL+1 {
		t.Fatalf("Manila's red: %v, want %v", got, redMNL+1)
	}
	if got := count("supervisor.dkr", "operation=LIB2&unit=DKR", "red"); got != 0 {
		t.Fatalf("Dakar counts Manila's notice: %v", got)
	}
	for _, path := range []string{"/dashboard?op=LIB2", "/report?op=LIB2"} {
		page := a.as("coordinator").get(path)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "Persons located who were the subject of a notice") {
			t.Fatalf("%s: %d", path, page.Status)
		}
	}
}
