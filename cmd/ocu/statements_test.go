package main

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

// statementLog records every SQL statement gorm runs on the test app's
// database, split by pool: reads on the readers, writes on the single
// writer (where a GET should run nothing). Statements run on a raw
// database/sql connection (the export reader) are not seen.
type statementLog struct {
	mu     sync.Mutex
	on     bool
	reads  []string
	writes []string
}

// statementLogs holds the log of each test app, registered once per
// database (gorm's callbacks belong to the database handle).
var statementLogs sync.Map // *gorm.DB (the writer) → *statementLog

// statementsOf returns a's statement log, hooking gorm's callbacks on first
// use.
func (a *testApp) statementsOf() *statementLog {
	a.t.Helper()
	if l, ok := statementLogs.Load(a.db.Write); ok {
		return l.(*statementLog)
	}
	l := &statementLog{}
	statementLogs.Store(a.db.Write, l)
	hook := func(pool *gorm.DB, add func(*statementLog, string)) {
		record := func(tx *gorm.DB) {
			l.mu.Lock()
			defer l.mu.Unlock()
			if l.on {
				add(l, tx.Statement.SQL.String())
			}
		}
		cb := pool.Callback()
		for _, err := range []error{
			cb.Query().After("gorm:query").Register("test:count_query", record),
			cb.Row().After("gorm:row").Register("test:count_row", record),
			cb.Raw().After("gorm:raw").Register("test:count_raw", record),
			cb.Create().After("gorm:create").Register("test:count_create", record),
			cb.Update().After("gorm:update").Register("test:count_update", record),
			cb.Delete().After("gorm:delete").Register("test:count_delete", record),
		} {
			if err != nil {
				a.t.Fatal(err)
			}
		}
	}
	hook(a.db.Read, func(l *statementLog, sql string) { l.reads = append(l.reads, sql) })
	hook(a.db.Write, func(l *statementLog, sql string) { l.writes = append(l.writes, sql) })
	return l
}

// countStatements runs do and returns the statements it ran on the
// readers and on the writer.
func (a *testApp) countStatements(do func()) (reads, writes []string) {
	a.t.Helper()
	l := a.statementsOf()
	l.mu.Lock()
	l.on, l.reads, l.writes = true, nil, nil
	l.mu.Unlock()
	do()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	return l.reads, l.writes
}

// getCounting GETs path (expecting 200) and returns the statements the
// request ran.
func (a *testApp) getCounting(path string) (reads, writes []string) {
	a.t.Helper()
	return a.countStatements(func() {
		if r := a.get(path); r.Status != http.StatusOK {
			a.t.Fatalf("GET %s: %d %.300s", path, r.Status, r.Body)
		}
	})
}

// TestStatementsPerPage logs how many SQL statements the hot pages run
// (reads on the readers, writes on the writer). It asserts only that the
// counter sees them; the counts are the baseline for later budgets.
func TestStatementsPerPage(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Counted case")
	a.readyForReferral(ref) // a suspect with an identity the raising officer sees
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{
		"outcome": "suspect", "name": "Juan Dela Demo", "birth_date": "1985-01-01"}); status != http.StatusCreated {
		t.Fatalf("add named suspect: %d %v", status, m)
	}
	pages := []struct{ user, path string }{
		{"officer.ph", "/cases/" + ref},        // the case page, identities visible
		{"coordinator", "/cases/" + ref},       // the case page, identities hidden
		{"officer.ph", "/cases"},               // the case list
		{"officer.ph", "/api/v1/cases/" + ref}, // the case through the API
		{"officer.ph", "/api/v1/cases/" + ref + "/people"},
		{"officer.ph", "/people/" + ref + "-P002"}, // one person's page
		{"officer.ph", "/units"},
		{"supervisor.mnl", "/dashboard"},
	}
	for _, p := range pages {
		a.as(p.user)
		a.get(p.path) // warm caches (sessions, snapshots) as a running server has them
		reads, writes := a.getCounting(p.path)
		if len(reads)+len(writes) == 0 {
			t.Fatalf("GET %s as %s: no statement counted: the counter is broken", p.path, p.user)
		}
		t.Logf("GET %-40s as %-14s %2d statements (%d reads, %d writes)", p.path, p.user, len(reads)+len(writes), len(reads), len(writes))
		if testing.Verbose() {
			for _, s := range append(reads, writes...) {
				t.Logf("    %s", strings.Join(strings.Fields(s), " "))
			}
		}
	}
}

// TestStatementsPerWrite logs how many SQL statements a user's single
// writes run through the API, all in their own short transaction.
func TestStatementsPerWrite(t *testing.T) {
	a := newTestApp(t)
	a.newCase("Warm-up") // sessions and snapshots loaded, as on a running server
	var ref string
	for _, w := range []struct {
		name string
		do   func()
	}{
		{"create a case", func() { ref = a.newCase("Counted case") }},
		{"add one person", func() { a.readyForReferral(ref) }},
		{"add a crowd of 30", func() {
			if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 30, "nationality": "CN"}); status != http.StatusCreated {
				t.Fatalf("bulk: %d %v", status, m)
			}
		}},
		{"screen them", func() {
			if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"all_unscreened": true, "outcome": "irregular_migrant"}); status != http.StatusOK {
				t.Fatalf("screen: %d %v", status, m)
			}
		}},
		{"move to screening", func() {
			if status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "screening"}); status != http.StatusOK {
				t.Fatalf("move: %d %v", status, m)
			}
		}},
	} {
		reads, writes := a.countStatements(w.do)
		if len(writes) == 0 {
			t.Fatalf("%s: no write counted: the counter is broken", w.name)
		}
		t.Logf("%-20s %2d statements (%d reads, %d writes)", w.name, len(reads)+len(writes), len(reads), len(writes))
		if testing.Verbose() {
			for _, s := range append(reads, writes...) {
				t.Logf("    %.200s", strings.Join(strings.Fields(s), " "))
			}
		}
	}
}
