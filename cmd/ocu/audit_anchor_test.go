package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/exports"
)

// cli runs ocu with args and the given environment, returning what it
// printed and its error (main exits with status 1 on any error).
func cli(t *testing.T, environ map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, env(environ), &out, &out)
	return out.String(), err
}

// trailDB is a migrated database file with n entries in its audit trail.
func trailDB(t *testing.T, n int) (string, *db.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ocu.db")
	if out, err := cli(t, nil, "migrate", "--db", path); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	d := mustOpen(t, path)
	appendEntries(t, d, n)
	return path, d
}

func appendEntries(t *testing.T, d *db.DB, n int) {
	t.Helper()
	l := &audit.Log{DB: d}
	ctx := ocu.WithPrincipal(context.Background(), ocu.Principal{UserID: 3, Username: "maria", Role: ocu.RoleOfficer, Address: "10.0.0.3"})
	for i := range n {
		if err := l.Append(ctx, audit.Entry{Action: "case.update", Subject: "case:LIB2-MNL-" + strconv.Itoa(1000+i),
			Details: audit.Changed(map[string]any{"status": "raid"}, map[string]any{"status": "screening"}, "status")}); err != nil {
			t.Fatal(err)
		}
	}
}

// dropTriggers does what someone holding the file can: remove the
// append-only triggers.
func dropTriggers(t *testing.T, d *db.DB) {
	t.Helper()
	for _, tr := range []string{"audit_log_no_update", "audit_log_no_delete", "audit_log_append_only"} {
		if err := d.Write.Exec("DROP TRIGGER IF EXISTS " + tr).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// rehash rewrites entry id's details and recomputes every hash from it on,
// following the serialisation the audit package documents (independently
// of its code): the chain verifies again afterwards.
func rehash(t *testing.T, d *db.DB, id int64, details string) {
	t.Helper()
	dropTriggers(t, d)
	rows, err := d.Read.Raw("SELECT id, at, user_id, username, address, action, subject, details, hash FROM audit_log ORDER BY id").Rows()
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		id                                                int64
		at                                                time.Time
		userID                                            sql.NullInt64
		username, address, action, subject, details, hash string
	}
	var all []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.at, &e.userID, &e.username, &e.address, &e.action, &e.subject, &e.details, &e.hash); err != nil {
			t.Fatal(err)
		}
		all = append(all, e)
	}
	rows.Close()
	prev := strings.Repeat("0", 64)
	for _, e := range all {
		if e.id >= id {
			if e.id == id {
				e.details = details
			}
			h := sha256.New()
			h.Write([]byte(prev))
			user := ""
			if e.userID.Valid {
				user = strconv.FormatInt(e.userID.Int64, 10)
			}
			for _, f := range []string{e.at.UTC().Format("2006-01-02T15:04:05.000000000Z"), user, e.username, e.address, e.action, e.subject, e.details} {
				h.Write([]byte(strconv.Itoa(len(f)) + ":" + f + ","))
			}
			e.hash = hex.EncodeToString(h.Sum(nil))
			if err := d.Write.Exec("UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE id = ?", e.details, prev, e.hash, e.id).Error; err != nil {
				t.Fatal(err)
			}
		}
		prev = e.hash
	}
}

func TestAuditAnchorCommands(t *testing.T) {
	path, d := trailDB(t, 5)
	out, err := cli(t, nil, "audit", "anchor", "--db", path)
	anchor := strings.TrimSpace(out)
	if err != nil || !regexp.MustCompile(`^ocu-anchor:v1:5:[0-9a-f]{64}:\d{8}T\d{6}Z$`).MatchString(anchor) {
		t.Fatalf("anchor: %v %q", err, out)
	}
	appendEntries(t, d, 3)
	if out, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", anchor); err != nil ||
		!strings.Contains(out, "audit trail intact: 8 entries") || !strings.Contains(out, "anchor held: entry 5 is unchanged") ||
		!strings.Contains(out, "anchor not signed") {
		t.Fatalf("verify --anchor after appends: %v\n%s", err, out)
	}

	// REPLACE INTO, with every trigger in place, is refused; the trail
	// still verifies.
	err = d.Write.Exec(`REPLACE INTO audit_log (id, at, user_id, username, address, action, subject, details, prev_hash, hash)
		SELECT id, at, user_id, username, address, action, subject, '{}', prev_hash, hash FROM audit_log WHERE id = 2`).Error
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("REPLACE INTO audit_log: %v", err)
	}
	if out, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", anchor); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("verify after a refused REPLACE: %v %s", err, out)
	}

	t.Run("the newest entries removed", func(t *testing.T) {
		path, d := trailDB(t, 6)
		anchor, _ := cli(t, nil, "audit", "anchor", "--db", path)
		dropTriggers(t, d)
		d.Write.Exec("DELETE FROM audit_log WHERE id > 3")
		if out, err := cli(t, nil, "audit", "verify", "--db", path); err != nil {
			t.Fatalf("the chain alone sees nothing: %v %s", err, out)
		}
		out, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", strings.TrimSpace(anchor))
		if err == nil || !strings.Contains(out, "anchor NOT held at entry 6: the trail ends before the anchored entry: its newest entries were removed") {
			t.Fatalf("cut short: %v\n%s", err, out)
		}
	})

	t.Run("an early entry rewritten and every later hash recomputed", func(t *testing.T) {
		path, d := trailDB(t, 6)
		anchor, _ := cli(t, nil, "audit", "anchor", "--db", path)
		rehash(t, d, 2, `{"changed":["nothing to see"]}`)
		if out, err := cli(t, nil, "audit", "verify", "--db", path); err != nil || !strings.Contains(out, "intact") {
			t.Fatalf("the chain alone sees nothing: %v %s", err, out)
		}
		out, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", strings.TrimSpace(anchor))
		if err == nil || !strings.Contains(out, "anchor NOT held at entry 6: the anchored entry's hash differs from the anchor's") {
			t.Fatalf("rewritten: %v\n%s", err, out)
		}
	})

	t.Run("signed anchors", func(t *testing.T) {
		dir := t.TempDir()
		keyPath, otherPath := filepath.Join(dir, "anchor.key"), filepath.Join(dir, "other.key")
		out, err := cli(t, nil, "audit", "keygen", "--out", keyPath)
		pubRe := regexp.MustCompile(`public key: (\S+)`)
		m := pubRe.FindStringSubmatch(out)
		if err != nil || m == nil {
			t.Fatalf("keygen: %v %s", err, out)
		}
		pub := m[1]
		if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v %v", st, err)
		}
		if _, err := cli(t, nil, "audit", "keygen", "--out", keyPath); err == nil {
			t.Fatal("keygen overwrote a key")
		}
		out, _ = cli(t, nil, "audit", "keygen", "--out", otherPath)
		otherPub := pubRe.FindStringSubmatch(out)[1]

		out, err = cli(t, map[string]string{"OCU_ANCHOR_KEY": keyPath}, "audit", "anchor", "--db", path)
		signed := strings.TrimSpace(out)
		if err != nil || !strings.Contains(signed, ":ed25519:") {
			t.Fatalf("signed anchor: %v %s", err, out)
		}
		for name, args := range map[string][]string{
			"with the public key":  {"--anchor-pub", pub},
			"with the private key": {"--anchor-key", keyPath},
		} {
			out, err := cli(t, nil, append([]string{"audit", "verify", "--db", path, "--anchor", signed}, args...)...)
			if err != nil || !strings.Contains(out, "anchor signature valid") {
				t.Errorf("%s: %v\n%s", name, err, out)
			}
		}
		if out, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", signed); err != nil || !strings.Contains(out, "signature not checked") {
			t.Errorf("without a key: %v\n%s", err, out)
		}
		tampered := signed[:len(signed)-3] + "AAA"
		if tampered == signed {
			tampered = signed[:len(signed)-3] + "BBB"
		}
		for name, c := range map[string]struct{ anchor, pub string }{
			"another key":          {signed, otherPub},
			"a tampered anchor":    {tampered, pub},
			"an unsigned anchor":   {anchor, pub},
			"a moved time":         {strings.Replace(signed, ":2", ":1", 1), pub},
			"a public key garbled": {signed, "not-a-key"},
		} {
			out, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", c.anchor, "--anchor-pub", c.pub)
			if err == nil {
				t.Errorf("%s: accepted\n%s", name, out)
			}
		}
		os.Chmod(keyPath, 0o644)
		if _, err := cli(t, nil, "audit", "anchor", "--db", path, "--anchor-key", keyPath); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("a key others can read: %v", err)
		}
	})

	t.Run("what cannot be read says what to fix", func(t *testing.T) {
		if _, err := cli(t, nil, "audit", "verify", "--db", path, "--anchor", "ocu-anchor:v1:5:abc"); err == nil || !strings.Contains(err.Error(), "not an ocu anchor") {
			t.Errorf("garbled anchor: %v", err)
		}
		if _, err := cli(t, nil, "audit", "anchor", "--db", filepath.Join(t.TempDir(), "none.db")); err == nil || !strings.Contains(err.Error(), "no database") {
			t.Errorf("missing database: %v", err)
		}
		// serve reads the key (flag or environment) before it touches the
		// database.
		never := filepath.Join(t.TempDir(), "never.db")
		for _, c := range []struct {
			env  map[string]string
			args []string
		}{
			{nil, []string{"serve", "--db", never, "--anchor-key", "/nonexistent/anchor.key"}},
			{map[string]string{"OCU_ANCHOR_KEY": "/nonexistent/anchor.key"}, []string{"serve", "--db", never}},
		} {
			if _, err := cli(t, c.env, c.args...); err == nil || !strings.Contains(err.Error(), "anchor key") {
				t.Errorf("serve %v %v: %v", c.env, c.args, err)
			}
		}
		if _, err := os.Stat(never); !errors.Is(err, os.ErrNotExist) {
			t.Error("serve with a bad anchor key touched the database")
		}
	})
}

var anchorRe = regexp.MustCompile(`ocu-anchor:v1:[0-9]+:[0-9a-f]{64}:[0-9]{8}T[0-9]{6}Z(:ed25519:[A-Za-z0-9_-]+)?`)

// checkAnchor reads the one anchor in text and checks it is signed with
// this process's key and that the trail holds it.
func checkAnchor(t *testing.T, d *db.DB, where, text string) audit.Anchor {
	t.Helper()
	found := anchorRe.FindAllString(text, -1)
	if len(found) != 1 {
		t.Fatalf("%s: %d anchors", where, len(found))
	}
	a, err := audit.ParseAnchor(found[0])
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if err := a.CheckSignature(audit.AnchorPublicKey()); err != nil {
		t.Errorf("%s: %v", where, err)
	}
	if res, err := audit.VerifyAnchor(context.Background(), d, a); err != nil || !res.Intact() {
		t.Errorf("%s: %+v %v", where, res, err)
	}
	return a
}

// TestReportsExportsAndTheAuditPageCarryAnchors serves with an anchor key,
// as `ocu serve --anchor-key` does, and checks the debrief report (page and
// file), every download and the administrator's audit page.
func TestReportsExportsAndTheAuditPageCarryAnchors(t *testing.T) {
	keyPath := filepath.Join(t.TempDir(), "anchor.key")
	if out, err := cli(t, nil, "audit", "keygen", "--out", keyPath); err != nil {
		t.Fatalf("keygen: %v %s", err, out)
	}
	stop, err := signAnchors(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	a := newTestApp(t)

	a.as("coordinator")
	r := a.get("/report")
	if r.Status != http.StatusOK {
		t.Fatalf("report: %d", r.Status)
	}
	checkAnchor(t, a.db, "the report page", r.Body)
	file := filepath.Join(t.TempDir(), "report.html")
	if out, err := cli(t, map[string]string{"OCU_ANCHOR_KEY": keyPath}, "report", "--db", a.db.Path, "--out", file); err != nil {
		t.Fatalf("ocu report: %v %s", err, out)
	}
	body, _ := os.ReadFile(file)
	checkAnchor(t, a.db, "ocu report", string(body))

	a.as("supervisor.mnl")
	for _, q := range []string{"format=csv&table=people", "format=zip", "format=xlsx", "format=json"} {
		r := a.get("/api/v1/export?" + q)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", q, r.Status)
		}
		checkAnchor(t, a.db, q+" header", r.Header.Get(exports.AnchorHeader))
	}
	out, err := cli(t, map[string]string{"OCU_ANCHOR_KEY": keyPath}, "export", "--db", a.db.Path, "--format", "csv", "--table", "cases", "--out", filepath.Join(t.TempDir(), "cases.csv"))
	if err != nil || !strings.Contains(out, "audit trail anchor: ocu-anchor:v1:") {
		t.Fatalf("ocu export: %v %s", err, out)
	}
	checkAnchor(t, a.db, "ocu export", out)

	// The administrator's page offers the head to copy, and checks an
	// anchor pasted into its form.
	a.as("admin")
	r = a.get("/admin/audit")
	head := checkAnchor(t, a.db, "the audit page", r.Body)
	if !strings.Contains(r.Body, `id="head-anchor"`) || !strings.Contains(r.Body, `action="/admin/audit/verify"`) || !strings.Contains(r.Body, "signed with this server") {
		t.Fatalf("the audit page has no anchor to copy or no form")
	}
	verifyPage := func(anchor string) response {
		return a.get("/admin/audit/verify?anchor=" + url.QueryEscape(anchor))
	}
	if r := verifyPage(head.String()); r.Status != http.StatusOK || !strings.Contains(r.Body, "The trail holds this anchor: entry no. "+strconv.FormatInt(head.ID, 10)) ||
		!strings.Contains(r.Body, "signature is valid") {
		t.Fatalf("a good anchor: %d %s", r.Status, mainOf(r.Body))
	}
	unsigned := head
	unsigned.Sig = nil
	if r := verifyPage(unsigned.String()); !strings.Contains(r.Body, "does NOT hold this anchor") || !strings.Contains(r.Body, "not signed, but anchors are signed here") {
		t.Errorf("an unsigned anchor: %s", mainOf(r.Body))
	}
	if r := verifyPage("ocu-anchor:v1:12:nothex:x"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "This is not an ocu anchor") {
		t.Errorf("a garbled anchor: %d %s", r.Status, mainOf(r.Body))
	}
	// Someone with the file removes the newest entries.
	dropTriggers(t, a.db)
	a.db.Write.Exec("DELETE FROM audit_log WHERE id >= ?", head.ID-2)
	if r := verifyPage(head.String()); !strings.Contains(r.Body, "does NOT hold this anchor (entry no. "+strconv.FormatInt(head.ID, 10)+")") ||
		!strings.Contains(r.Body, "its newest entries were removed") {
		t.Errorf("a cut trail: %s", mainOf(r.Body))
	}
}

// mainOf is the <main> of a page, for messages.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	return body[:min(len(body), 3000)]
}
