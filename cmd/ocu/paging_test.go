package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A page number past the end of a list answered an empty page (or page
// 1) without a word. Every paged list now does the same: a page shows the
// last page with a note saying so, a page number that is not one shows
// page 1 with a note, and the API answers 404 naming the last page (an
// empty list still has its page 1).
func TestPageNumbersPastTheEndAreSaidAndShowTheLastPage(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	_, m := a.api("GET", "/api/v1/cases?per_page=1", nil)
	last := int(m["total"].(float64))
	huge := "9223372036854775807"

	r := a.get("/cases?per_page=1&page=99")
	mustContain(t, r.Body, fmt.Sprintf("Page 99 does not exist: showing page %d, the last.", last), fmt.Sprintf("Page %d of %d", last, last))
	r = a.get("/cases?page=" + huge)
	mustContain(t, r.Body, "Page "+huge+" does not exist: showing page 1, the last.", "Page 1 of 1")
	r = a.get("/cases?page=abc")
	mustContain(t, r.Body, "“abc” is not a page number: showing page 1.", "Page 1 of 1")
	if r := a.get("/cases?page=1"); strings.Contains(r.Body, `class="alert warning"`) {
		t.Error("page 1 carries a note")
	}

	apiPage := func(path, want string) {
		t.Helper()
		status, m := a.api("GET", path, nil)
		if status != http.StatusNotFound || m["error"] != "not_found" || m["message"] != want {
			t.Errorf("%s: %d %v, want 404 saying %q", path, status, m, want)
		}
	}
	apiPage("/api/v1/cases?page=99", "Page 99 does not exist: the last page is 1.")
	apiPage("/api/v1/cases?q=no+such+case&page=2", "Page 2 does not exist: the last page is 1.")
	if status, m := a.api("GET", "/api/v1/cases?q=no+such+case&page=1", nil); status != http.StatusOK || m["total"].(float64) != 0 {
		t.Errorf("page 1 of an empty list: %d %v", status, m)
	}
	if status, _ := a.api("GET", "/api/v1/cases?page=abc", nil); status != http.StatusUnprocessableEntity {
		t.Errorf("page=abc: %d", status)
	}

	// The people of a case: 254, 100 a page on the case page, 200 a page
	// by default in the API.
	r = a.get("/cases/" + mnlCase + "?ppage=99")
	mustContain(t, r.Body, "Page 99 of the people does not exist: showing page 3, the last.", "Page 3 of 3", mnlCase+"-P254")
	r = a.get("/cases/" + mnlCase + "?ppage=0")
	mustContain(t, r.Body, "“0” is not a page number of the people: showing page 1.", "Page 1 of 3")
	apiPage("/api/v1/cases/"+mnlCase+"/people?page=3", "Page 3 does not exist: the last page is 2.")
	apiPage("/api/v1/cases/"+mnlCase+"/people?page="+huge, "Page "+huge+" does not exist: the last page is 2.")

	// The audit trail.
	a.as("admin")
	r = a.get("/admin/audit?page=999")
	if r.Status != http.StatusOK {
		t.Fatalf("audit page 999: %d", r.Status)
	}
	mustContain(t, r.Body, "Page 999 does not exist: showing page", "the last.")
	r = a.get("/admin/audit?page=abc")
	if r.Status != http.StatusOK {
		t.Fatalf("audit page abc: %d", r.Status)
	}
	mustContain(t, r.Body, "“abc” is not a page number: showing page 1.", "Page 1 of")
	_, m = a.api("GET", "/api/v1/audit", nil)
	auditLast := (int(m["total"].(float64)) + 1 + 49) / 50 // that read is on the trail now
	apiPage("/api/v1/audit?page=999", fmt.Sprintf("Page 999 does not exist: the last page is %d.", auditLast))
}
