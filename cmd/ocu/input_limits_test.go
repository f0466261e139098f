package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// A search of any length answered 500 ("LIKE or GLOB pattern too
// complex") from 50,000 characters on. It is now refused above 200, on the
// page and the API alike, naming the parameter and the limit.
func TestSearchOverItsLimitIsRefusedNamingIt(t *testing.T) {
	a := newTestApp(t)
	if r := a.get("/cases?q=" + strings.Repeat("a", 200)); r.Status != http.StatusOK {
		t.Fatalf("a search of 200 characters: %d", r.Status)
	}
	for _, n := range []int{201, 50_000} {
		q := "q=" + strings.Repeat("a", n)
		r := a.get("/cases?" + q)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("page, %d characters: %d %s", n, r.Status, r.Header.Get("Content-Type"))
		}
		mustContain(t, r.Body, "q: at most 200 characters.")
		status, m := a.api("GET", "/api/v1/cases?"+q, nil)
		fields, _ := m["fields"].(map[string]any)
		if status != http.StatusUnprocessableEntity || m["error"] != "invalid" || fields["q"] != "q: at most 200 characters." {
			t.Fatalf("API, %d characters: %d %v", n, status, m)
		}
	}
}

// Bodies are limited to 1 MB, as docs/api.md says (the limit was 2 MB):
// one byte more answers 413 naming the limit, whether the request
// declares its length or not.
func TestBodyOverOneMegabyteIs413(t *testing.T) {
	a := newTestApp(t)
	const limit = 1 << 20
	pad := func(n int, prefix, suffix string) string {
		return prefix + strings.Repeat(" ", n-len(prefix)-len(suffix)) + suffix
	}
	// Just at the limit: read, and refused for what it holds, not its size.
	if r := a.do("POST", "/api/v1/cases", "application/json", pad(limit, `{"title": "x"`, "}")); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a body of exactly 1 MB: %d %.200s", r.Status, r.Body)
	}
	over := pad(limit+1, `{"title": "x"`, "}")
	r := a.do("POST", "/api/v1/cases", "application/json", over)
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, `"error":"request_entity_too_large"`) ||
		!strings.Contains(r.Body, "over the limit of 1 MB") {
		t.Fatalf("JSON body of 1 MB + 1: %d %.300s", r.Status, r.Body)
	}
	form := "title=" + strings.Repeat("x", limit+1-len("title="))
	if r := a.do("POST", "/cases", "application/x-www-form-urlencoded", form); r.Status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(r.Body, "over the limit of 1 MB") {
		t.Fatalf("form body of 1 MB + 1: %d %.300s", r.Status, r.Body)
	}
	// Without a length (chunked), the limit stops the reader.
	for _, tc := range []struct{ path, contentType, body string }{
		{"/api/v1/cases", "application/json", over},
		{"/cases", "application/x-www-form-urlencoded", form},
	} {
		req, err := http.NewRequest("POST", a.srv.URL+tc.path, io.MultiReader(strings.NewReader(tc.body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", tc.contentType)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie[a.user]})
		res, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if req.ContentLength != 0 || res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "over the limit of 1 MB") {
			t.Fatalf("chunked %s: %d %.300s", tc.path, res.StatusCode, b)
		}
	}
}

// A JSON body of null, an array, an empty object or one followed by more
// data created a person with every default. Every API body must be one
// object with fields, and nothing else.
func TestJSONBodyMustBeOneObjectWithFields(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	people := func() (n int) {
		a.db.Read.Raw("SELECT COUNT(*) FROM people").Scan(&n)
		return n
	}
	before := people()
	for body, want := range map[string]string{
		"null":                        "not null",
		"{}x":                         "goes on after its JSON object",
		`{"sex": "female"} {}`:        "goes on after its JSON object",
		"[]":                          "not an array",
		`[{"outcome": "unscreened"}]`: "not an array",
		`"x"`:                         "not a string",
		"1":                           "not a number",
		"{}":                          "empty object",
		"":                            "body is empty",
		" \n ":                        "body is empty",
		`{"sex": "female"`:            "ends before its object does",
		"{\"sex\": \"fem\xffale\"}":   "not valid UTF-8",
		`{"sex": "fem\u0000ale"}`:     "sex: holds a control character",
		`{"sex": "` + strings.Repeat("a", 10_001) + `"}`: "sex: at most 10000 characters",
		`{"nmae": "x"}`: "unknown field",
	} {
		r := a.do("POST", "/api/v1/cases/"+mnlCase+"/people", "application/json", body)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("body %.40q: %d %.300s, want 422 saying %q", body, r.Status, r.Body, want)
		}
	}
	if n := people(); n != before {
		t.Fatalf("%d people created by refused bodies", n-before)
	}
	// The same decoder reads every API body: cases, returns, accounts.
	a.as("admin")
	if status, m := a.api("POST", "/api/v1/users", nil); status != http.StatusUnprocessableEntity {
		t.Errorf("POST /api/v1/users with no body: %d %v", status, m)
	}
	a.as("supervisor.mnl")
	for _, path := range []string{"POST /api/v1/cases", "PUT /api/v1/returns/PH/2024-09-30", "PATCH /api/v1/cases/" + mnlCase} {
		method, p, _ := strings.Cut(path, " ")
		if r := a.do(method, p, "application/json", "null"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "not null") {
			t.Errorf("%s null: %d %.200s", path, r.Status, r.Body)
		}
	}
}

// NUL and invalid UTF-8 typed into a form were stored as typed, and went
// out so in every export. They are refused now, naming the field.
func TestFormsRefuseNULAndInvalidUTF8(t *testing.T) {
	a := newTestApp(t)
	cases := func() (n int) {
		a.db.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&n)
		return n
	}
	before := cases()
	for value, want := range map[string]string{
		"Raid\x00 on a scam hub": "title: holds a control character",
		"Raid on a \xffscam hub": "title: not valid UTF-8",
		"Raid\x1b[31m":           "title: holds a control character",
	} {
		form := caseForm()
		form.Set("title", value)
		r := a.postForm("/cases", form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("title %q: %d, want 422 saying %q", value, r.Status, want)
		}
	}
	// Tabs and line breaks are text.
	form := caseForm()
	form.Set("summary", "Found 40 people.\r\n\tMost from abroad.")
	if r := a.postForm("/cases", form); r.Status != http.StatusSeeOther {
		t.Fatalf("a summary with line breaks: %d", r.Status)
	}
	if n := cases(); n != before+1 {
		t.Fatalf("%d cases created, want 1", n-before)
	}
}

// A list of 40,000 people to screen went into one SQL statement and
// answered 500 (too many SQL variables). A request carries at most 5,000
// values, and a JSON array as many.
func TestManyValuesAreRefusedBeforeAnyQuery(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	many := make([]string, 40_000)
	for i := range many {
		many[i] = fmt.Sprintf("%s-P%05d", mnlCase, i+1)
	}
	status, m := a.api("POST", "/api/v1/cases/"+mnlCase+"/people/screen", map[string]any{"people": many, "outcome": "irregular_migrant"})
	fields, _ := m["fields"].(map[string]any)
	if status != http.StatusUnprocessableEntity || fields["people"] != "people: at most 5000 values." {
		t.Fatalf("JSON, 40,000 people: %d %v", status, m)
	}
	form := url.Values{"outcome": {"irregular_migrant"}, "people": many[:5_001]}
	if r := a.postForm("/cases/"+mnlCase+"/people/screen", form); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Too many values in one request: at most 5000.") {
		t.Fatalf("form, 5,001 people: %d", r.Status)
	}
}

// docs/api.md states the limits the code enforces: a change to one
// without the other fails here.
func TestAPIDocsStateTheLimits(t *testing.T) {
	b, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, want := range []string{
		fmt.Sprintf("1 MB (%s bytes)", views.Num(web.MaxBody)),
		fmt.Sprintf("| a query parameter, or a path segment (a reference, a pseudonym) | %d characters (`next` on `/signin`: %s; an audit `anchor`: %s) |",
			web.MaxParam, views.Num(int64(accounts.MaxNextParam)), views.Num(int64(audit.MaxAnchorParam))),
		fmt.Sprintf("| a form field or a JSON string | %s characters,", views.Num(web.MaxText)),
		fmt.Sprintf("| the name of a parameter or a JSON field | %d characters |", web.MaxName),
		fmt.Sprintf("| values in one request | %s in the query string", views.Num(web.MaxValues)),
		fmt.Sprintf("| a JSON array | %s elements", views.Num(web.MaxValues)),
		fmt.Sprintf("| `q` (case search) | %d characters |", cases.MaxQuery),
		fmt.Sprintf("| bulk `count` | %s people |", views.Num(cases.MaxBulkPeople)),
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/api.md lacks %q", want)
		}
	}
}
