package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
)

// pathTo lists the moves that bring a new case to each status.
var pathTo = map[string][]string{
	"raid":      nil,
	"screening": {"screening"},
	"referred":  {"screening", "referred"},
	"closed":    {"closed"},
}

var allowedMoves = map[string]bool{
	"raid>screening": true, "screening>referred": true, "referred>closed": true,
	"raid>closed": true, "screening>closed": true,
	"raid>referred": true, // through screening, when both steps' guards pass
}

func TestAPITransitionsEveryPairOfStatuses(t *testing.T) {
	a := newTestApp(t)
	statuses := []string{"raid", "screening", "referred", "closed"}
	for _, from := range statuses {
		for _, to := range statuses {
			t.Run(from+"→"+to, func(t *testing.T) {
				ref := a.newCase("Pair " + from + " to " + to)
				a.readyForReferral(ref)
				for _, step := range pathTo[from] {
					if status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": step, "note": "setting up", "by": "Sgt Cruz"}); status != 200 {
						t.Fatalf("setup move to %s: %d %v", step, status, m)
					}
				}
				status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": to, "note": "reason for the move", "by": "Sgt Cruz"})
				if allowedMoves[from+">"+to] {
					if status != http.StatusOK || m["status"] != to {
						t.Fatalf("want 200 and status %s, got %d %v", to, status, m)
					}
					return
				}
				if status != http.StatusConflict || m["message"] == "" {
					t.Fatalf("want 409 with a message, got %d %v", status, m)
				}
			})
		}
	}
}

func TestAPIClosingBeforeReferralNeedsReason(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Closing without reason")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "closed", "by": "Sgt Cruz"})
	fields, _ := m["fields"].(map[string]any)
	if status != http.StatusUnprocessableEntity || fields["note"] == nil {
		t.Fatalf("want 422 naming the note, got %d %v", status, m)
	}
}

func TestAPICaseLifecycle(t *testing.T) {
	a := newTestApp(t).as("officer.th")
	status, m := a.api("POST", "/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": "th", "title": "Interception at the border", "summary": "Bus stopped.",
		"place": "Mae Sot", "country": "TH", "raid_at": "2024-10-03T01:15:00Z",
		"forms":            []string{"migrant_smuggling", "document_fraud"},
		"linked_countries": map[string][]string{"origin": {"MM"}, "destination": {"MY"}},
		"raised_by":        "Officer Chai",
	})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, m)
	}
	ref := m["reference"].(string)
	if !strings.HasPrefix(ref, "LIB2-MNL-") || m["unit"] != "MNL" || m["status"] != "raid" || m["version"] != 1.0 {
		t.Fatalf("created: %v", m)
	}
	if m["raid_at_local"] != "2024-10-03T09:15" || m["time_zone"] != "Asia/Manila" {
		t.Fatalf("local time: %v %v", m["raid_at_local"], m["time_zone"])
	}

	status, m = a.api("GET", "/api/v1/cases/"+strings.ToLower(ref), nil)
	if status != 200 || m["title"] != "Interception at the border" || len(m["history"].([]any)) != 1 {
		t.Fatalf("get: %d %v", status, m)
	}

	status, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 1, "title": "Interception at Mae Sot"})
	if status != 200 || m["version"] != 2.0 || m["place"] != "Mae Sot" {
		t.Fatalf("patch: %d %v", status, m)
	}
	status, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 1, "title": "A stale edit"})
	current, _ := m["current"].(map[string]any)
	if status != http.StatusConflict || current["title"] != "Interception at Mae Sot" || current["version"] != 2.0 {
		t.Fatalf("stale patch: %d %v", status, m)
	}
	if status, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"title": "No version"}); status != 422 {
		t.Fatalf("patch without version: %d %v", status, m)
	}
	if status, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 2, "titel": "typo"}); status != 422 {
		t.Fatalf("unknown field: %d %v", status, m)
	}
	if status, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 2, "forms": []string{}}); status != 422 {
		t.Fatalf("emptying forms: %d %v", status, m)
	}

	status, m = a.api("GET", "/api/v1/cases?unit=MNL&form=document_fraud&q=mae+sot", nil)
	if status != 200 || m["total"] != 1.0 {
		t.Fatalf("list: %d %v", status, m)
	}
	a.as("coordinator")
	status, m = a.api("GET", "/api/v1/cases?status=screening&per_page=5", nil)
	if status != 200 || m["total"] != 15.0 || m["per_page"] != 5.0 { // the demo's named cases in screening
		t.Fatalf("list referred: %d %v", status, m)
	}
	status, m = a.api("GET", "/api/v1/cases?status=archived&unit=XYZ", nil)
	fields, _ := m["fields"].(map[string]any)
	if status != 422 || fields["status"] == nil || fields["unit"] == nil {
		t.Fatalf("bad filters: %d %v", status, m)
	}
}

func TestAPIErrors(t *testing.T) {
	a := newTestApp(t)
	status, m := a.api("GET", "/api/v1/cases/LIB2-MNL-9999", nil)
	if status != 404 || !strings.Contains(m["message"].(string), "LIB2-MNL-9999") {
		t.Fatalf("unknown reference: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/cases/LIB2-MNL-9999/transitions", map[string]any{"to": "screening", "by": "x"}); status != 404 {
		t.Fatalf("transition unknown: %d %v", status, m)
	}
	status, m = a.api("POST", "/api/v1/cases", map[string]any{"operation": "LIB2", "raising_country": "PH"})
	fields, _ := m["fields"].(map[string]any)
	for _, f := range []string{"title", "place", "country", "raid_at", "forms"} {
		if fields[f] == nil {
			t.Errorf("missing field error for %s", f)
		}
	}
	if status != 422 {
		t.Fatalf("invalid create: %d", status)
	}
	r := a.do("POST", "/api/v1/cases", "application/json", "{not json")
	if r.Status != 422 || !strings.Contains(r.Body, "not valid JSON") {
		t.Fatalf("bad JSON: %d %s", r.Status, r.Body)
	}
}

func TestAPIUnits(t *testing.T) {
	a := newTestApp(t)
	status, m := a.api("GET", "/api/v1/units", nil)
	if status != 200 {
		t.Fatal(status)
	}
	us := m["units"].([]any)
	if len(us) != 4 {
		t.Fatalf("%d units", len(us))
	}
	total, cases := 0, 0
	for _, u := range us {
		u := u.(map[string]any)
		total += len(u["countries"].([]any))
		cases += int(u["cases_total"].(float64))
	}
	if total != 116 || cases != 19 {
		t.Fatalf("countries %d, cases %d", total, cases)
	}
	mnl := us[0].(map[string]any)
	if mnl["code"] != "MNL" || mnl["time_zone"] != "Asia/Manila" || fmt.Sprint(mnl["cases_by_status"]) != "map[closed:0 raid:1 referred:0 screening:1]" {
		t.Fatalf("MNL: %v", mnl)
	}
}

func TestHealthz(t *testing.T) {
	a := newTestApp(t)
	if r := a.get("/healthz"); r.Status != 200 {
		t.Fatalf("healthz %d", r.Status)
	}
	a.db.Close()
	if r := a.get("/healthz"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database closed: %d", r.Status)
	}
}

func TestAPIConcurrentCreationsInOneOCU(t *testing.T) {
	a := newTestApp(t).as("officer.th")
	const n = 50
	refs := make(chan string, n)
	errs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"operation":"LIB2","raising_country":"TH","title":"Concurrent %d","place":"Bangkok","country":"TH","raid_at":"2024-10-01T12:00","forms":["forced_labour"],"raised_by":"Officer %d"}`, i, i)
			r := a.do("POST", "/api/v1/cases", "application/json", body)
			if r.Status != http.StatusCreated {
				errs <- fmt.Sprintf("%d: %s", r.Status, r.Body)
				return
			}
			var m map[string]any
			json.Unmarshal([]byte(r.Body), &m)
			refs <- m["reference"].(string)
		}()
	}
	wg.Wait()
	close(refs)
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var got []string
	for r := range refs {
		got = append(got, r)
	}
	sort.Strings(got)
	// The demo holds two Manila cases: the 50 new ones are 0003 to 0052.
	for i, r := range got {
		if want := fmt.Sprintf("LIB2-MNL-%04d", i+3); r != want {
			t.Fatalf("reference %d: %s, want %s", i, r, want)
		}
	}
	if len(got) != n {
		t.Fatalf("%d references", len(got))
	}
}
