package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/units"
)

// The possible matches page is in the menu of whoever may read it, and of
// nobody else: access.go decides, the layout only shows.
func TestMatchesMenuLink(t *testing.T) {
	a := newTestApp(t)
	link := `href="/matches"`
	for _, u := range []string{"officer.ph", "supervisor.mnl", "coordinator"} {
		if r := a.as(u).get("/cases"); !strings.Contains(r.Body, link) {
			t.Errorf("%s: the menu has no link to the possible matches", u)
		}
	}
	if r := a.as("admin").get("/admin"); r.Status != http.StatusOK || strings.Contains(r.Body, link) {
		t.Errorf("admin (%d): the menu links to the matches, which administrators may not read", r.Status)
	}
	if r := a.as("admin").get("/matches"); r.Status != http.StatusForbidden {
		t.Errorf("admin GET /matches: %d, want 403", r.Status)
	}
}

// An alert about a possible match links to the match's row on the matches
// page; alerts about other subjects stay codes.
func TestAlertOfAMatchLinksToIt(t *testing.T) {
	a := newTestApp(t)
	twoSuspects(t, a)
	var id int64
	a.db.Read.Raw("SELECT id FROM matches").Scan(&id)
	if id == 0 {
		t.Fatal("no match recorded")
	}
	r := a.as("supervisor.skp").get("/alerts")
	want := `href="/matches#match-` + strconv.FormatInt(id, 10) + `"`
	if r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
		t.Fatalf("alerts page (%d) has no %s", r.Status, want)
	}
	m := a.get("/matches")
	if !strings.Contains(m.Body, `id="match-`+strconv.FormatInt(id, 10)+`"`) {
		t.Fatalf("the matches page has no row match-%d to link to", id)
	}
}

// A case's timeline dates the people found and the seizures by their own
// records' time (the operation week, for the demo's cases), and says when
// ocu recorded them, which the audit trail keeps as it happened.
func TestTimelineDatesRecordsByTheirOwnTime(t *testing.T) {
	a := newTestApp(t)
	var ref string
	a.db.Read.Raw("SELECT reference FROM cases WHERE title = ?", "Drug investigation uncovers smuggling by the same group; city-council candidate arrested").Scan(&ref)
	if ref == "" {
		t.Fatal("the demo's Brazil case is missing")
	}
	var peopleAts, seizureAts []time.Time
	a.db.Read.Raw("SELECT p.created_at FROM people p JOIN cases c ON c.id = p.case_id WHERE c.reference = ? ORDER BY p.id LIMIT 1", ref).Scan(&peopleAts)
	a.db.Read.Raw("SELECT s.created_at FROM seizures s JOIN cases c ON c.id = s.case_id WHERE c.reference = ? ORDER BY s.id LIMIT 1", ref).Scan(&seizureAts)
	if len(peopleAts) != 1 || len(seizureAts) != 1 {
		t.Fatal("the demo's Brazil case has no people or no seizure")
	}
	peopleAt, seizureAt := peopleAts[0], seizureAts[0]
	var auditAt []time.Time
	a.db.Read.Raw("SELECT at FROM audit_log WHERE subject = ? AND action IN ('people.add', 'seizure.add')", "case:"+ref).Scan(&auditAt)
	if len(auditAt) != 2 {
		t.Fatalf("audit entries for people and seizure: %d", len(auditAt))
	}
	for _, at := range auditAt {
		if time.Since(at) > time.Hour {
			t.Fatalf("the trail was backdated to %s", at)
		}
	}
	r := a.as("officer.ar").get("/cases/" + ref)
	if r.Status != http.StatusOK {
		r = a.as("coordinator").get("/cases/" + ref)
	}
	if r.Status != http.StatusOK {
		t.Fatalf("case page: %d", r.Status)
	}
	for _, at := range []time.Time{peopleAt, seizureAt} {
		iso := at.UTC().Format("2006-01-02T15:04:05Z")
		if !strings.HasPrefix(iso, "2024-") {
			t.Fatalf("the demo's record is dated %s, not in the operation week", iso)
		}
		re := regexp.MustCompile(`datetime="` + regexp.QuoteMeta(iso) + `"[^<]*</time>\s*<span class="recorded">`)
		if !re.MatchString(r.Body) {
			t.Errorf("the timeline does not date an event %s with when it was recorded", iso)
		}
	}
	// An event recorded now by a user is dated now, with no second time.
	ref2 := a.as("officer.ph").newCase("Timeline of a new case")
	if st, m := a.api("POST", "/api/v1/cases/"+ref2+"/people", map[string]any{"outcome": "unscreened"}); st != http.StatusCreated {
		t.Fatalf("add person: %d %v", st, m)
	}
	if r := a.get("/cases/" + ref2); strings.Contains(r.Body, `class="recorded"`) {
		t.Error("an event recorded as it happened shows a second time")
	}
}

// The import page matches the people it imported at once, as `ocu import`
// does, not at the next start.
func TestHTTPImportMatchesImportedPeople(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Imported and matched")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "suspect", "name": "Imported Suspect Zed", "nationality": "SY"})
	if status != http.StatusCreated {
		t.Fatalf("add suspect: %d %v", status, m)
	}
	pseudonym := m["pseudonym"].(string)
	export := a.as("supervisor.mnl").get("/exports/download?format=zip&unit=MNL")
	if export.Status != http.StatusOK {
		t.Fatalf("export: %d", export.Status)
	}
	d := importAsSupervisor(t, []byte(export.Body))
	var n int64
	d.Read.Raw(`SELECT COUNT(*) FROM match_indexed m JOIN people p ON p.id = m.person_id WHERE p.pseudonym = ?`, pseudonym).Scan(&n)
	if n != 1 {
		t.Fatalf("the imported suspect %s is not in the matching index", pseudonym)
	}
}

// importAsSupervisor uploads an export zip at /imports of a fresh ocu with
// the operation and its attachments set up, as Manila's supervisor, and
// returns that ocu's database.
func importAsSupervisor(t *testing.T, export []byte) *db.DB {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	if err := us.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	op, err := us.CreateOperation(ctx, units.Operation{Code: "LIB2", Name: "Liberterra II", FirstDay: "2024-09-29", LastDay: "2024-10-04"})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(export), int64(len(export)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("attachments.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(skipBOM(t, f)).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if err := us.SetAttachment(ctx, op.ID, row[1], row[2], row[3]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := accounts.NewStore(d, us).CreateUser(ctx, accounts.UserInput{Username: "supervisor.mnl", Role: ocu.RoleSupervisor, Unit: "MNL"}, testPassword); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newServer(d, serverConfig{}))
	t.Cleanup(srv.Close)
	b := &testApp{t: t, db: d, srv: srv, cookie: map[string]string{},
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	b.as("supervisor.mnl")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "export.zip")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(fw, bytes.NewReader(export)); err != nil {
		t.Fatal(err)
	}
	mw.Close()
	if r := b.do("POST", "/imports", mw.FormDataContentType(), body.String()); r.Status != http.StatusOK {
		i := strings.Index(r.Body, "<main")
		t.Fatalf("import: %d %.1500s", r.Status, r.Body[max(i, 0):])
	}
	return d
}
