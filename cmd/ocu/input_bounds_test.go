package main

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// routeInput is what the hostile-input test knows of a route: who sends it
// (a role that gets past access control, so requests reach the handler)
// and the parameters or fields it reads.
type routeInput struct {
	user   string
	params []string
}

// Field names shared by several routes.
var (
	caseFields   = []string{"operation", "unit", "raising_country", "title", "summary", "place", "country", "raid_at", "forms", "raised_by"}
	personFields = []string{"outcome", "sex", "age_band", "nationality", "exploitation", "assistance_org", "assistance_date", "name",
		"birth_date", "arrested", "arrested_at", "charges", "prosecution_authority", "prosecution_ref", "prosecution_date"}
	seizureFields = []string{"kind", "description", "quantity", "unit", "currency", "value_usd", "recorded_by", "amount_unknown"}
	returnFields  = []string{"operation", "database_checks", "flights_monitored", "border_points", "officers_deployed", "filed_by", "version"}
	exportParams  = []string{"operation", "unit", "country", "status", "form", "format", "table"}
	auditParams   = []string{"user", "action", "subject", "from", "to", "page"}
	userFields    = []string{"username", "display_name", "role", "unit", "country", "password"}
)

func with(base []string, more ...string) []string { return append(slices.Clone(base), more...) }

// routeInputs has every route the server registers: the test fails when a
// route is added without being listed here.
var routeInputs = map[string]routeInput{
	"GET /healthz":   {"", nil},
	"GET /static/*":  {"", nil},
	"GET /":          {"supervisor.mnl", nil},
	"GET /signin":    {"", []string{"next", "signedout"}},
	"POST /signin":   {"", []string{"username", "password", "next"}},
	"POST /signout":  {"officer.ar", nil},
	"POST /language": {"", []string{"lang", "back"}},
	"GET /account":   {"supervisor.mnl", nil},

	"POST /account/tokens":            {"supervisor.mnl", []string{"name"}},
	"POST /account/tokens/:id/revoke": {"supervisor.mnl", nil},
	"GET /api/v1/me":                  {"supervisor.mnl", nil},

	"GET /operations":     {"supervisor.mnl", nil},
	"GET /units":          {"supervisor.mnl", []string{"op"}},
	"GET /units/:code":    {"supervisor.mnl", []string{"op"}},
	"GET /api/v1/units":   {"supervisor.mnl", []string{"operation"}},
	"GET /returns":        {"supervisor.mnl", []string{"op", "unit", "country", "saved", "day"}},
	"GET /api/v1/returns": {"supervisor.mnl", []string{"operation", "unit", "country", "day"}},

	"GET /returns/:country/:day":        {"supervisor.mnl", []string{"op"}},
	"POST /returns/:country/:day":       {"supervisor.mnl", returnFields},
	"PUT /api/v1/returns/:country/:day": {"supervisor.mnl", returnFields},

	"GET /cases":                                 {"supervisor.mnl", []string{"op", "unit", "country", "status", "form", "q", "sort", "page", "per_page"}},
	"GET /api/v1/cases":                          {"supervisor.mnl", []string{"operation", "unit", "country", "status", "form", "q", "sort", "page", "per_page"}},
	"GET /cases/new":                             {"supervisor.mnl", []string{"op", "country"}},
	"GET /home":                                  {"officer.ph", []string{"op"}},
	"POST /cases":                                {"supervisor.mnl", with(caseFields, "origin", "transit", "destination", "found_victims", "found_minors", "found_migrants", "found_suspects", "found_other", "found_unscreened")},
	"POST /api/v1/cases":                         {"supervisor.mnl", with(caseFields, "linked_countries")},
	"GET /cases/:ref":                            {"supervisor.mnl", []string{"saved", "n", "outcome", "ppage"}},
	"GET /api/v1/cases/:ref":                     {"supervisor.mnl", nil},
	"GET /cases/:ref/edit":                       {"supervisor.mnl", nil},
	"POST /cases/:ref":                           {"supervisor.mnl", with(caseFields, "origin", "transit", "destination", "version")},
	"PATCH /api/v1/cases/:ref":                   {"supervisor.mnl", with(caseFields, "linked_countries", "version")},
	"POST /cases/:ref/transitions":               {"supervisor.mnl", []string{"to", "note", "version"}},
	"POST /api/v1/cases/:ref/transitions":        {"supervisor.mnl", []string{"to", "note", "by", "version"}},
	"GET /api/v1/cases/:ref/people":              {"supervisor.mnl", []string{"outcome", "page", "per_page"}},
	"POST /cases/:ref/people/bulk":               {"supervisor.mnl", with(personFields, "count")},
	"POST /api/v1/cases/:ref/people/bulk":        {"supervisor.mnl", with(personFields, "count")},
	"POST /cases/:ref/people/screen":             {"supervisor.mnl", []string{"people", "all_unscreened", "outcome", "exploitation"}},
	"POST /api/v1/cases/:ref/people/screen":      {"supervisor.mnl", []string{"people", "all_unscreened", "outcome", "exploitation"}},
	"GET /cases/:ref/people/new":                 {"supervisor.mnl", nil},
	"GET /cases/:ref/screen":                     {"supervisor.mnl", []string{"outcome", "ppage", "select", "next", "sel", "saved", "n"}},
	"POST /cases/:ref/screen":                    {"supervisor.mnl", []string{"row", "sel", "at", "fill_outcome", "fill_sex", "fill_age_band", "fill_nationality"}},
	"POST /cases/:ref/people":                    {"supervisor.mnl", personFields},
	"POST /api/v1/cases/:ref/people":             {"supervisor.mnl", personFields},
	"GET /people/:pseudonym":                     {"supervisor.mnl", nil},
	"GET /matches":                               {"supervisor.mnl", []string{"status", "saved", "id"}},
	"POST /matches/:id/confirm":                  {"supervisor.mnl", nil},
	"POST /matches/:id/dismiss":                  {"supervisor.mnl", nil},
	"GET /api/v1/matches":                        {"supervisor.mnl", []string{"status"}},
	"GET /api/v1/matches/:id":                    {"supervisor.mnl", nil},
	"GET /api/v1/people/:pseudonym/matches":      {"supervisor.mnl", nil},
	"POST /api/v1/matches/:id/confirm":           {"supervisor.mnl", nil},
	"POST /api/v1/matches/:id/dismiss":           {"supervisor.mnl", nil},
	"GET /api/v1/people/:pseudonym":              {"supervisor.mnl", nil},
	"POST /people/:pseudonym":                    {"supervisor.mnl", with(personFields, "version")},
	"POST /people/:pseudonym/arrest":             {"supervisor.mnl", []string{"version", "arrested", "arrested_at", "charges", "prosecution_authority", "prosecution_ref", "prosecution_date"}},
	"PATCH /api/v1/people/:pseudonym":            {"supervisor.mnl", with(personFields, "version")},
	"GET /api/v1/cases/:ref/seizures":            {"supervisor.mnl", nil},
	"POST /cases/:ref/seizures":                  {"supervisor.mnl", with(seizureFields, "form")},
	"POST /api/v1/cases/:ref/seizures":           {"supervisor.mnl", seizureFields},
	"POST /cases/:ref/seizures/:id/delete":       {"supervisor.mnl", nil},
	"DELETE /api/v1/cases/:ref/seizures/:id":     {"supervisor.mnl", nil},
	"GET /api/v1/cases/:ref/checks":              {"supervisor.mnl", nil},
	"POST /cases/:ref/checks":                    {"supervisor.mnl", []string{"target", "database", "result", "hit_reference", "checked_by"}},
	"POST /api/v1/cases/:ref/checks":             {"supervisor.mnl", []string{"target", "database", "result", "hit_reference", "checked_by"}},
	"POST /cases/:ref/shares":                    {"supervisor.mnl", []string{"unit"}},
	"POST /api/v1/cases/:ref/shares":             {"supervisor.mnl", []string{"unit"}},
	"POST /cases/:ref/shares/:unit/delete":       {"supervisor.mnl", nil},
	"DELETE /api/v1/cases/:ref/shares/:unit":     {"supervisor.mnl", nil},
	"POST /cases/:ref/notable":                   {"supervisor.mnl", []string{"notable", "notable_note"}},
	"PUT /api/v1/cases/:ref/notable":             {"supervisor.mnl", []string{"notable", "note"}},
	"GET /dashboard":                             {"supervisor.mnl", []string{"op", "unit", "sort", "dir"}},
	"GET /api/v1/dashboard":                      {"supervisor.mnl", []string{"operation", "unit"}},
	"GET /report":                                {"supervisor.mnl", []string{"op", "unit"}},
	"GET /report/print.css":                      {"supervisor.mnl", nil},
	"GET /exports":                               {"supervisor.mnl", exportParams},
	"GET /exports/download":                      {"supervisor.mnl", exportParams},
	"GET /api/v1/export":                         {"supervisor.mnl", exportParams},
	"GET /imports":                               {"supervisor.mnl", nil},
	"POST /imports":                              {"supervisor.mnl", []string{"file"}},
	"POST /cases/:ref/files":                     {"supervisor.mnl", []string{"file"}},
	"GET /files/:id":                             {"supervisor.mnl", nil},
	"GET /api/v1/files/:id":                      {"supervisor.mnl", nil},
	"GET /api/v1/cases/:ref/files":               {"supervisor.mnl", nil},
	"POST /api/v1/cases/:ref/files":              {"supervisor.mnl", []string{"file"}},
	"POST /requests/:ref/files":                  {"supervisor.mnl", []string{"file"}},
	"GET /api/v1/requests/:ref/files":            {"supervisor.mnl", nil},
	"POST /api/v1/requests/:ref/files":           {"supervisor.mnl", []string{"file"}},
	"GET /admin":                                 {"admin", nil},
	"GET /admin/operations":                      {"admin", nil},
	"POST /admin/operations":                     {"admin", []string{"code", "name", "first_day", "last_day"}},
	"GET /admin/operations/:code":                {"admin", []string{"saved"}},
	"POST /admin/operations/:code":               {"admin", []string{"name", "first_day", "last_day"}},
	"GET /admin/attachments":                     {"admin", []string{"op", "saved", "created"}},
	"POST /admin/attachments/:iso2":              {"admin", []string{"op", "unit", "mode"}},
	"GET /admin/audit":                           {"admin", auditParams},
	"GET /admin/audit/verify":                    {"admin", []string{"anchor"}},
	"GET /api/v1/audit":                          {"admin", auditParams},
	"GET /admin/users":                           {"admin", nil},
	"GET /admin/locks":                           {"admin", []string{"lifted", "name"}},
	"POST /admin/locks/lift":                     {"admin", []string{"kind", "name"}},
	"GET /api/v1/admin/locks":                    {"admin", nil},
	"POST /admin/operations/:code/followup":      {"admin", []string{"followup_until"}},
	"GET /people/:pseudonym/prosecution":         {"supervisor.mnl", nil},
	"POST /people/:pseudonym/prosecution":        {"supervisor.mnl", []string{"kind", "day"}},
	"GET /api/v1/people/:pseudonym/prosecution":  {"supervisor.mnl", nil},
	"POST /api/v1/people/:pseudonym/prosecution": {"supervisor.mnl", []string{"kind", "day"}},
	"POST /results/finalise":                     {"coordinator", []string{"op", "confirm"}},
	"POST /api/v1/operations/:code/finalise":     {"coordinator", nil},
	"GET /api/v1/operations/:code/results":       {"coordinator", []string{"unit"}},

	"DELETE /api/v1/admin/locks/accounts/:name":  {"admin", nil},
	"DELETE /api/v1/admin/locks/addresses/:name": {"admin", nil},
	"POST /admin/users":                          {"admin", userFields},
	"GET /admin/users/:username":                 {"admin", []string{"saved"}},
	"POST /admin/users/:username":                {"admin", userFields},
	"POST /admin/users/:username/disabled":       {"admin", []string{"disabled"}},
	"POST /admin/users/:username/password":       {"admin", []string{"password"}},
	"POST /admin/tokens/:id/revoke":              {"admin", nil},
	"GET /api/v1/users":                          {"admin", nil},
	"POST /api/v1/users":                         {"admin", userFields},

	"POST /people/:pseudonym/identifiers":              {"supervisor.mnl", identifierFields},
	"POST /people/:pseudonym/identifiers/:id/delete":   {"supervisor.mnl", nil},
	"GET /api/v1/people/:pseudonym/identifiers":        {"supervisor.mnl", nil},
	"POST /api/v1/people/:pseudonym/identifiers":       {"supervisor.mnl", identifierFields},
	"DELETE /api/v1/people/:pseudonym/identifiers/:id": {"supervisor.mnl", nil},
	"POST /people/:pseudonym/notices":                  {"supervisor.mnl", noticeFields},
	"POST /people/:pseudonym/notices/:id/delete":       {"supervisor.mnl", nil},
	"GET /api/v1/people/:pseudonym/notices":            {"supervisor.mnl", nil},
	"POST /api/v1/people/:pseudonym/notices":           {"supervisor.mnl", noticeFields},
	"DELETE /api/v1/people/:pseudonym/notices/:id":     {"supervisor.mnl", nil},
	"GET /operations/:code/notices":                    {"supervisor.mnl", []string{"saved"}},
	"POST /operations/:code/notices":                   {"supervisor.mnl", noticeFields},
	"POST /operations/:code/notices/:id/delete":        {"supervisor.mnl", nil},
	"GET /api/v1/operations/:code/notices":             {"supervisor.mnl", nil},
	"POST /api/v1/operations/:code/notices":            {"supervisor.mnl", noticeFields},
	"DELETE /api/v1/operations/:code/notices/:id":      {"supervisor.mnl", nil},
	"GET /alerts":              {"supervisor.mnl", []string{"saved"}},
	"POST /alerts/read":        {"supervisor.mnl", []string{"up_to"}},
	"GET /api/v1/alerts":       {"supervisor.mnl", nil},
	"POST /api/v1/alerts/read": {"supervisor.mnl", []string{"up_to"}},
	"GET /events":              {"officer.ph", nil},
	"GET /work":                {"officer.ph", nil},
	"GET /work/counts":         {"officer.ph", nil},
	"GET /api/v1/work":         {"officer.ph", nil},
	// Linked cases and partner countries (cases/handlers_links.go).
	"POST /cases/:ref/links":                      {"supervisor.mnl", []string{"case", "kind", "reason"}},
	"POST /cases/:ref/links/:id/delete":           {"supervisor.mnl", nil},
	"POST /cases/:ref/partners":                   {"supervisor.mnl", []string{"country"}},
	"POST /cases/:ref/partners/:country/delete":   {"supervisor.mnl", nil},
	"GET /api/v1/cases/:ref/links":                {"supervisor.mnl", nil},
	"POST /api/v1/cases/:ref/links":               {"supervisor.mnl", []string{"case", "kind", "reason"}},
	"DELETE /api/v1/cases/:ref/links/:id":         {"supervisor.mnl", nil},
	"GET /api/v1/cases/:ref/partners":             {"supervisor.mnl", nil},
	"POST /api/v1/cases/:ref/partners":            {"supervisor.mnl", []string{"country"}},
	"DELETE /api/v1/cases/:ref/partners/:country": {"supervisor.mnl", nil},
	// Criminal groups (groups/).
	"GET /groups":                                 {"supervisor.mnl", []string{"saved"}},
	"GET /groups/new":                             {"supervisor.mnl", nil},
	"POST /groups":                                {"supervisor.mnl", []string{"name", "summary"}},
	"GET /groups/:id":                             {"supervisor.mnl", []string{"saved"}},
	"GET /groups/:id/edit":                        {"supervisor.mnl", nil},
	"POST /groups/:id":                            {"supervisor.mnl", []string{"name", "summary", "version"}},
	"POST /groups/:id/cases":                      {"supervisor.mnl", []string{"case"}},
	"POST /groups/:id/cases/:ref/delete":          {"supervisor.mnl", nil},
	"POST /groups/:id/people":                     {"supervisor.mnl", []string{"person"}},
	"POST /groups/:id/people/:pseudonym/delete":   {"supervisor.mnl", nil},
	"GET /api/v1/groups":                          {"supervisor.mnl", nil},
	"POST /api/v1/groups":                         {"supervisor.mnl", []string{"name", "summary"}},
	"GET /api/v1/groups/:id":                      {"supervisor.mnl", nil},
	"PATCH /api/v1/groups/:id":                    {"supervisor.mnl", []string{"name", "summary", "version"}},
	"POST /api/v1/groups/:id/cases":               {"supervisor.mnl", []string{"case"}},
	"DELETE /api/v1/groups/:id/cases/:ref":        {"supervisor.mnl", nil},
	"POST /api/v1/groups/:id/people":              {"supervisor.mnl", []string{"person"}},
	"DELETE /api/v1/groups/:id/people/:pseudonym": {"supervisor.mnl", nil},

	"GET /requests":                        {"supervisor.mnl", []string{"box"}},
	"GET /cases/:ref/requests/new":         {"supervisor.mnl", []string{"to_country", "to_unit", "subject", "priority", "due", "origin", "people"}},
	"GET /requests/from-match/:id":         {"supervisor.mnl", nil},
	"GET /requests/from-alert/:id":         {"supervisor.mnl", nil},
	"POST /requests":                       {"supervisor.mnl", requestFields},
	"GET /requests/:id":                    {"supervisor.mnl", []string{"saved"}},
	"POST /requests/:id":                   {"supervisor.mnl", []string{"action", "body", "version"}},
	"GET /api/v1/requests":                 {"supervisor.mnl", []string{"box", "open"}},
	"POST /api/v1/requests":                {"supervisor.mnl", requestFields},
	"GET /api/v1/requests/:id":             {"supervisor.mnl", nil},
	"POST /cases/:ref/transfers":           {"supervisor.mnl", []string{"to_unit", "reason"}},
	"GET /transfers/:id":                   {"supervisor.mnl", []string{"saved"}},
	"POST /transfers/:id":                  {"supervisor.mnl", []string{"decision", "reason"}},
	"GET /api/v1/cases/:ref/transfers":     {"supervisor.mnl", nil},
	"POST /api/v1/cases/:ref/transfers":    {"supervisor.mnl", []string{"to_unit", "reason"}},
	"GET /api/v1/transfers/:id":            {"supervisor.mnl", nil},
	"POST /api/v1/transfers/:id/:decision": {"supervisor.mnl", []string{"reason"}},
	"POST /api/v1/requests/:id/:action":    {"supervisor.mnl", []string{"body", "version"}},
}

// identifierFields and noticeFields are what the identifier and notice
// forms and API bodies read.
var (
	identifierFields = []string{"kind", "doc_type", "country", "value"}
	noticeFields     = []string{"colour", "control_number", "issuing_country", "purpose", "document_number"}
)

// arrayFields take several values: repeated in a form, a JSON array.
var arrayFields = []string{"forms", "origin", "transit", "destination", "charges", "people"}

// hostile are the values sent to every parameter: one far over any
// limit, invalid UTF-8, a NUL, and one just under the global cap that
// passes the middleware and so reaches the handlers' own validation.
var hostile = []struct {
	name, value string
	refused     bool // always refused (422) wherever it is sent
}{
	{"100k", strings.Repeat("a", 100_000), true},
	{"utf8", "x\xff\xfey", true},
	{"nul", "x\x00y", true},
	{"under-cap", strings.Repeat("b", 9_999), false},
}

// fixtures are real values of the demo database for each route's path
// parameters.
type fixtures struct {
	ref, pseudonym, seizure, userToken, adminToken string
	group                                          string // a criminal group's id
	file                                           string // an evidence file's id
	request, alert                                 string // a request's id; an alert's told to Manila about its case
	transfer                                       string // a proposal to move a case to Manila
}

func (f fixtures) fill(route string) string {
	_, path, _ := strings.Cut(route, " ")
	if strings.Contains(path, "/requests/:ref/") {
		// A request's files are under its number.
		path = strings.Replace(path, ":ref", f.request, 1)
	}
	r := strings.NewReplacer(":ref", f.ref, ":pseudonym", f.pseudonym, ":country", "PH", ":day", "2024-09-30",
		":iso2", "PH", ":username", "officer.th", ":unit", "SKP", "*", "css/app.css")
	path = r.Replace(path)
	switch {
	case strings.Contains(path, "/seizures/:id"):
		path = strings.Replace(path, ":id", f.seizure, 1)
	case strings.HasPrefix(path, "/account/tokens/:id"):
		path = strings.Replace(path, ":id", f.userToken, 1)
	case strings.HasPrefix(path, "/admin/tokens/:id"):
		path = strings.Replace(path, ":id", f.adminToken, 1)
	case strings.HasPrefix(path, "/units/:code"):
		path = strings.Replace(path, ":code", "MNL", 1)
	case strings.HasPrefix(path, "/api/v1/admin/locks/accounts/:name"):
		path = strings.Replace(path, ":name", "officer.th", 1)
	case strings.HasPrefix(path, "/api/v1/admin/locks/addresses/:name"):
		path = strings.Replace(path, ":name", "127.0.0.1", 1)
	case strings.Contains(path, "/matches/:id"):
		path = strings.Replace(path, ":id", "1", 1)
	case strings.HasPrefix(path, "/admin/operations/:code"):
		path = strings.Replace(path, ":code", "LIB2", 1)
	case strings.HasPrefix(path, "/api/v1/operations/:code/"):
		path = strings.Replace(path, ":code", "LIB2", 1)
	case strings.Contains(path, "/operations/:code/notices"):
		path = strings.Replace(path, ":code", "LIB2", 1)
	case strings.Contains(path, "/groups/:id"):
		path = strings.Replace(path, ":id", f.group, 1)
	case strings.Contains(path, "/files/:id"):
		path = strings.Replace(path, ":id", f.file, 1)
	case strings.Contains(path, "/from-match/:id"):
		path = strings.Replace(path, ":id", "1", 1)
	case strings.Contains(path, "/from-alert/:id"):
		path = strings.Replace(path, ":id", f.alert, 1)
	case strings.Contains(path, "/transfers/:id"):
		path = strings.Replace(strings.Replace(path, ":id", f.transfer, 1), ":decision", "reject", 1)
	case strings.Contains(path, "/requests/:id"):
		path = strings.Replace(strings.Replace(path, ":id", f.request, 1), ":action", "reply", 1)
	}
	return path
}

// routeKeys are the registered routes as "METHOD /path", in the order the
// test sends them: signing in and out last, as they change who is signed
// in and count failures per address.
func routeKeys(t *testing.T, a *testApp) []string {
	var keys []string
	for _, r := range newServer(a.db, serverConfig{}).Routes() {
		keys = append(keys, r.Method+" "+r.Path)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	last := func(k string) int {
		if k == "POST /signin" || k == "POST /signout" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(keys, func(x, y string) int { return last(x) - last(y) })
	return keys
}

// testFixtures finds or makes the records the routes' path parameters name.
func testFixtures(t *testing.T, a *testApp) fixtures {
	f := fixtures{ref: mnlCase, pseudonym: mnlCase + "-P001"}
	a.as("supervisor.mnl")
	status, m := a.api("POST", "/api/v1/cases/"+mnlCase+"/seizures", map[string]any{"kind": "drugs", "quantity": 1, "unit": "kg"})
	if status != http.StatusCreated {
		t.Fatalf("seizure: %d %v", status, m)
	}
	f.seizure = strconv.FormatInt(int64(m["id"].(float64)), 10)
	f.request, f.alert = requestFixtures(t, a, f)
	f.transfer = transferFixture(t, a)
	// A possible match between a person of a Manila case and one of
	// another case, for /matches/:id.
	var pair []int64
	a.db.Read.Raw(`SELECT MIN(p.id) FROM people p JOIN cases c ON c.id = p.case_id
		GROUP BY p.case_id ORDER BY c.reference = ? DESC, 1 LIMIT 2`, mnlCase).Scan(&pair)
	slices.Sort(pair)
	if len(pair) != 2 || a.db.Write.Exec(`INSERT INTO matches (person_a, person_b, score, reasons, created_at, updated_at)
		VALUES (?, ?, 60, '["name_exact"]', datetime('now'), datetime('now'))`, pair[0], pair[1]).Error != nil {
		t.Fatalf("match between %v", pair)
	}
	token := func(user string) string {
		var id int64
		a.db.Read.Raw("SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = ? ORDER BY t.id DESC LIMIT 1", user).Scan(&id)
		if id == 0 {
			t.Fatalf("no token for %s", user)
		}
		return strconv.FormatInt(id, 10)
	}
	a.as("supervisor.mnl")
	if r := a.postForm("/account/tokens", url.Values{"name": {"test"}}); r.Status != http.StatusOK {
		t.Fatalf("token: %d", r.Status)
	}
	f.userToken = token("supervisor.mnl")
	a.as("officer.th")
	if r := a.postForm("/account/tokens", url.Values{"name": {"test"}}); r.Status != http.StatusOK {
		t.Fatalf("token: %d", r.Status)
	}
	f.adminToken = token("officer.th")
	a.as("supervisor.mnl")
	if status, m := a.api("POST", "/api/v1/groups", map[string]any{"name": "Fixture group"}); status != http.StatusCreated {
		t.Fatalf("group: %d %v", status, m)
	} else {
		f.group = strconv.FormatInt(int64(m["id"].(float64)), 10)
	}
	f.file = strconv.FormatInt(uploadFile(t, a, "/cases/"+mnlCase+"/files", "fixture.pdf", testPDF), 10)
	return f
}

// send makes one request and fails the test on any 5xx.
func (a *testApp) send(t *testing.T, method, path, contentType, body string) response {
	t.Helper()
	r := a.do(method, path, contentType, body)
	if r.Status >= 500 {
		t.Errorf("%s %.120s (%s, %d bytes): %d %.300s", method, path, contentType, len(body), r.Status, r.Body)
	}
	return r
}

// rawJSON builds a JSON object with one field set to s, which may hold
// invalid UTF-8 (json.Marshal would replace it): the bytes go out as they
// are, the way a hostile client sends them.
func rawJSON(field, s string, array bool) string {
	var b strings.Builder
	quote := func(s string) {
		b.WriteByte('"')
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c < 0x20:
				fmt.Fprintf(&b, `\u%04x`, c)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('"')
	}
	b.WriteByte('{')
	quote(field)
	b.WriteByte(':')
	if array {
		b.WriteByte('[')
		quote(s)
		b.WriteByte(']')
	} else {
		quote(s)
	}
	b.WriteByte('}')
	return b.String()
}

// TestHostileInputNeverAnswers5xx sends, to every registered route, as a
// user who gets past its access control, each hostile value in each of
// its parameters (and in unknown ones), as a query string, a form body
// (URL-encoded and multipart) and a JSON body as the route takes them. Nothing may answer 5xx; the values
// that are never acceptable (over-long, invalid UTF-8, NUL) answer 422.
func TestHostileInputNeverAnswers5xx(t *testing.T) {
	a := newTestApp(t)
	fx := testFixtures(t, a)
	keys := routeKeys(t, a)
	for _, k := range keys {
		if _, ok := routeInputs[k]; !ok {
			t.Errorf("route %s is not listed in routeInputs: list the parameters it reads", k)
		}
	}
	for k := range routeInputs {
		if !slices.Contains(keys, k) {
			t.Errorf("routeInputs lists %s, which is not a route", k)
		}
	}
	unknown := []string{"zz_unknown", strings.Repeat("k", 100_000), "k\x00", "k\xff"}
	for _, k := range keys {
		in := routeInputs[k]
		method, _, _ := strings.Cut(k, " ")
		path := fx.fill(k)
		api := strings.HasPrefix(path, "/api/")
		t.Run(k, func(t *testing.T) {
			// A fresh server over the same database for each route: the
			// per-user API rate limit must not stand between the requests
			// and the handlers.
			srv := httptest.NewServer(newServer(a.db, serverConfig{}))
			defer srv.Close()
			a.srv = srv
			if in.user != "" {
				delete(a.cookie, in.user) // a route before may have signed them out
			}
			a.as(in.user)
			if method == http.MethodGet {
				if r := a.send(t, method, path, "", ""); r.Status == http.StatusNotFound {
					t.Fatalf("GET %s: 404: the fixture does not name a real record", path)
				}
			}
			names := append(slices.Clone(in.params), unknown...)
			for _, name := range names {
				badName := slices.Contains(unknown[1:], name)
				for _, h := range hostile {
					check := func(how string, r response, want bool) {
						t.Helper()
						if want && r.Status != http.StatusUnprocessableEntity {
							t.Errorf("%s=%s as %s: %d, want 422: %.200s", trunc(name), h.name, how, r.Status, r.Body)
						}
					}
					// Every hostile value is over the limit of a query
					// parameter.
					q := url.Values{name: {h.value}}
					check("query", a.send(t, method, path+"?"+q.Encode(), "", ""), true)
					switch {
					case method == http.MethodGet:
					case api:
						// Unknown JSON fields are refused whatever they hold.
						r := a.send(t, method, path, "application/json", rawJSON(name, h.value, false))
						check("JSON", r, method != http.MethodDelete && (h.refused || !slices.Contains(in.params, name)))
						if slices.Contains(arrayFields, name) || name == "linked_countries" {
							a.send(t, method, path, "application/json", rawJSON(name, h.value, true))
						}
					default:
						check("form", a.send(t, method, path, "application/x-www-form-urlencoded", q.Encode()), h.refused || badName)
						ct, body := multipartBody(name, h.value)
						check("multipart form", a.send(t, method, path, ct, body), (h.refused || badName) && path != "/imports")
					}
				}
			}
		})
	}
}

// multipartBody is a multipart/form-data body with one field.
func multipartBody(name, value string) (contentType, body string) {
	var b strings.Builder
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormField(name)
	_, _ = fw.Write([]byte(value))
	_ = w.Close()
	return w.FormDataContentType(), b.String()
}

func trunc(s string) string {
	if !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	if len(s) > 20 {
		return strconv.Quote(s[:20]) + "…"
	}
	return strconv.Quote(s)
}
