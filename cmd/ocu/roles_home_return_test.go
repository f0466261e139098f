package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// During an operation, an officer's home says when today's return is not
// filed yet, links to it, and stops saying so once it is filed.
func TestOfficerHomeAsksForTodaysReturn(t *testing.T) {
	a := newTestApp(t)
	manila, _ := time.LoadLocation("Asia/Manila")
	now := time.Now().In(manila)
	today := now.Format(time.DateOnly)
	// An operation running today, the Philippines attached to Manila.
	for _, q := range []string{
		`INSERT INTO operations (code, name, first_day, last_day, created_at) VALUES ('LIVE', 'Live operation', ?, ?, ?)`,
		`INSERT INTO attachments (operation_id, country_iso2, unit_id, mode)
			SELECT (SELECT id FROM operations WHERE code = 'LIVE'), 'PH', (SELECT id FROM units WHERE code = 'MNL'), 'in_person'`,
	} {
		args := []any{}
		if strings.Contains(q, "VALUES") {
			args = []any{now.AddDate(0, 0, -1).Format(time.DateOnly), now.AddDate(0, 0, 1).Format(time.DateOnly), time.Now().UTC()}
		}
		if err := a.db.Write.Exec(q, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	home := a.as("officer.ph").get("/home")
	link := `href="/returns/PH/` + today + `?op=LIVE"`
	mustContain(t, home.Body, link)
	r := a.postForm("/returns/PH/"+today+"?op=LIVE", url.Values{"operation": {"LIVE"}, "database_checks": {"120"}, "flights_monitored": {"4"},
		"border_points": {"2"}, "officers_deployed": {"30"}, "version": {"0"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("file today's return: %d %s", r.Status, r.Body)
	}
	if home := a.get("/home"); strings.Contains(home.Body, link) {
		t.Error("the home still asks for a return filed today")
	}
}
