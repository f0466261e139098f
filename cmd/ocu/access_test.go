package main

import (
	"net/http"
	"strings"
	"testing"
)

// Outcomes of the access matrix.
const (
	ok        = "ok"      // past access control: whatever the action answers
	notFound  = "404"     // out of scope: indistinguishable from no such case
	forbidden = "403"     // in scope, but not for this role
	signIn    = "sign in" // nobody signed in
)

// LIB2-MNL-0001 is the demo's Philippine warehouse raid in Manila (screening,
// 254 unscreened people): in scope for Manila, raised by the Philippines.
const mnlCase = "LIB2-MNL-0001"

type access struct {
	method, path string
	body         any
	// want per user; "" (anonymous) included.
	want map[string]string
}

// Who is who: officer.ph raised the case; officer.th is in the same OCU
// (reads, cannot change); supervisor.mnl runs its OCU; officer.ar and
// supervisor.dkr are in other OCUs; the coordinator reads everything; the
// administrator reads no case.
func readers(anon string) map[string]string {
	return map[string]string{"officer.ph": ok, "officer.th": ok, "supervisor.mnl": ok, "officer.ar": notFound,
		"supervisor.dkr": notFound, "coordinator": ok, "admin": notFound, "": anon}
}

func writers(anon string) map[string]string {
	return map[string]string{"officer.ph": ok, "officer.th": forbidden, "supervisor.mnl": ok, "officer.ar": notFound,
		"supervisor.dkr": notFound, "coordinator": forbidden, "admin": notFound, "": anon}
}

var matrix = []access{
	// Pages and API reads of a case, its people and seizures.
	{"GET", "/cases/" + mnlCase, nil, readers(signIn)},
	{"GET", "/people/" + mnlCase + "-P001", nil, readers(signIn)},
	{"GET", "/api/v1/cases/" + mnlCase, nil, readers("401")},
	{"GET", "/api/v1/cases/" + mnlCase + "/people", nil, readers("401")},
	{"GET", "/api/v1/cases/" + mnlCase + "/seizures", nil, readers("401")},
	{"GET", "/api/v1/people/" + mnlCase + "-P001", nil, readers("401")},
	// Changes: a stale version, a refused move and an unknown person all
	// answer after the access check, so "ok" rows change nothing.
	{"PATCH", "/api/v1/cases/" + mnlCase, map[string]any{"version": 999, "title": "x"}, writers("401")},
	{"POST", "/api/v1/cases/" + mnlCase + "/transitions", map[string]any{"to": "referred"}, writers("401")},
	{"POST", "/api/v1/cases/" + mnlCase + "/people/screen", map[string]any{"people": []string{mnlCase + "-P999"}, "outcome": "suspect"}, writers("401")},
	{"PATCH", "/api/v1/people/" + mnlCase + "-P001", map[string]any{"version": 999}, writers("401")},
	{"POST", "/api/v1/cases/" + mnlCase + "/people/bulk", map[string]any{"count": 0}, writers("401")},
	{"POST", "/api/v1/cases/" + mnlCase + "/seizures", map[string]any{"kind": "drugs", "quantity": 1, "unit": "kg"}, writers("401")},
	// Sharing is a supervisor's decision.
	{"POST", "/api/v1/cases/" + mnlCase + "/shares", map[string]any{"unit": "SKP"}, map[string]string{"officer.ph": forbidden,
		"officer.th": forbidden, "supervisor.mnl": ok, "officer.ar": notFound, "supervisor.dkr": notFound, "coordinator": forbidden,
		"admin": notFound, "": "401"}},
	// Marking a case notable for the debrief report, as sharing; "ok"
	// unmarks an unmarked case: no change.
	{"PUT", "/api/v1/cases/" + mnlCase + "/notable", map[string]any{"notable": false}, map[string]string{"officer.ph": forbidden,
		"officer.th": forbidden, "supervisor.mnl": ok, "officer.ar": notFound, "supervisor.dkr": notFound, "coordinator": forbidden,
		"admin": notFound, "": "401"}},
	// Raising cases: officers and supervisors only.
	{"POST", "/api/v1/cases", map[string]any{"operation": "LIB2", "raising_country": "PH"}, map[string]string{"officer.ph": ok,
		"officer.th": ok, "supervisor.mnl": ok, "officer.ar": ok, "supervisor.dkr": ok, "coordinator": forbidden, "admin": forbidden, "": "401"}},
	// Dashboards: supervisors (their OCU) and coordinators.
	{"GET", "/dashboard", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": ok, "officer.ar": forbidden,
		"supervisor.dkr": ok, "coordinator": ok, "admin": forbidden, "": signIn}},
	{"GET", "/api/v1/dashboard?unit=MNL", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": ok,
		"officer.ar": forbidden, "supervisor.dkr": notFound, "coordinator": ok, "admin": forbidden, "": "401"}},
	{"GET", "/report?unit=MNL", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": ok,
		"officer.ar": forbidden, "supervisor.dkr": notFound, "coordinator": ok, "admin": forbidden, "": signIn}},
	// Exports: supervisors and coordinators; imports: supervisors. A
	// supervisor filtering on another OCU gets that OCU's cases shared with
	// theirs (none here), as the case list's filter does, so "ok".
	{"GET", "/exports", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": ok,
		"officer.ar": forbidden, "supervisor.dkr": ok, "coordinator": ok, "admin": forbidden, "": signIn}},
	{"GET", "/exports/download?format=csv&table=cases&unit=MNL", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden,
		"supervisor.mnl": ok, "officer.ar": forbidden, "supervisor.dkr": ok, "coordinator": ok, "admin": forbidden, "": signIn}},
	{"GET", "/imports", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": ok,
		"officer.ar": forbidden, "supervisor.dkr": ok, "coordinator": forbidden, "admin": forbidden, "": signIn}},
	// Administration.
	{"GET", "/admin/audit", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": forbidden,
		"officer.ar": forbidden, "supervisor.dkr": forbidden, "coordinator": forbidden, "admin": ok, "": signIn}},
	{"GET", "/admin/users", nil, map[string]string{"officer.ph": forbidden, "officer.th": forbidden, "supervisor.mnl": forbidden,
		"officer.ar": forbidden, "supervisor.dkr": forbidden, "coordinator": forbidden, "admin": ok, "": signIn}},
	// Reference pages: everyone signed in.
	{"GET", "/units", nil, map[string]string{"officer.ph": ok, "officer.th": ok, "supervisor.mnl": ok, "officer.ar": ok,
		"supervisor.dkr": ok, "coordinator": ok, "admin": ok, "": signIn}},
}

func TestAccessMatrix(t *testing.T) {
	a := newTestApp(t)
	users := []string{"officer.ph", "officer.th", "supervisor.mnl", "officer.ar", "supervisor.dkr", "coordinator", "admin", ""}
	for _, row := range matrix {
		for _, user := range users {
			want := row.want[user]
			t.Run(user+" "+row.method+" "+row.path, func(t *testing.T) {
				a.as(user)
				var status int
				var body string
				if strings.HasPrefix(row.path, "/api/") {
					var m map[string]any
					status, m = a.api(row.method, row.path, row.body)
					body, _ = m["message"].(string)
				} else {
					r := a.do(row.method, row.path, "", "")
					status, body = r.Status, r.Body
					if status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/signin") {
						status = -1
					}
				}
				got := ok
				switch status {
				case http.StatusNotFound:
					got = notFound
				case http.StatusForbidden:
					got = forbidden
				case http.StatusUnauthorized:
					got = "401"
				case -1:
					got = signIn
				}
				if got != want {
					t.Fatalf("got %s (%d %.200s), want %s", got, status, body, want)
				}
			})
		}
	}
}
