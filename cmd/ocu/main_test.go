package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocu-project/ocu/db"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestServeDemoAndShutDownCleanly(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "ocu.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, env(map[string]string{"OCU_DB": dbPath, "OCU_ADDR": "127.0.0.1:0"}), &out, &out)
	}()
	urlRe := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRe.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no URL printed: %s", out.String())
	}
	if !strings.Contains(out.String(), "19 named cases added") {
		t.Errorf("demo not loaded: %s", out.String())
	}
	res, err := http.Get(base + "cases")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /cases: %v %v", err, res)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
	// The database closed cleanly and reopens intact.
	d, err := db.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var check string
	var n int
	d.Read.Raw("PRAGMA integrity_check").Scan(&check)
	d.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&n)
	if check != "ok" || n != 19+116*4 { // the named cases and those generated to reach the published totals
		t.Fatalf("after shutdown: integrity %q, %d cases", check, n)
	}
}

func TestCommandLine(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "cli.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"-h"}, env(nil), &out, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "ocu migrate") {
		t.Fatalf("ocu -h: %v %s", err, out.String())
	}
	for _, cmd := range []string{"migrate", "seed"} {
		out.Reset()
		if err := run(ctx, []string{cmd, "-h"}, env(nil), &out, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "Usage: ocu "+cmd) {
			t.Fatalf("ocu %s -h: %v %s", cmd, err, out.String())
		}
	}
	out.Reset()
	if err := run(ctx, []string{"frobnicate"}, env(nil), &out, &out); err == nil || !strings.Contains(out.String(), "Usage:") {
		t.Fatalf("unknown command: %v", err)
	}
	// A bad setting stops serve before it creates or migrates anything.
	badDB := filepath.Join(t.TempDir(), "never.db")
	if err := run(ctx, []string{"serve", "--db", badDB}, env(map[string]string{"OCU_DASHBOARD_MAX_AGE": "a second"}), &out, &out); err == nil ||
		!strings.Contains(err.Error(), "OCU_DASHBOARD_MAX_AGE") || !strings.Contains(err.Error(), "give a duration such as 1s") {
		t.Fatalf("serve with OCU_DASHBOARD_MAX_AGE=a second: %v", err)
	}
	if _, err := os.Stat(badDB); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("serve with a bad setting touched the database (%v)", err)
	}
	out.Reset()
	if err := run(ctx, []string{"migrate", "--db", dbPath}, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), "schema version") {
		t.Fatalf("migrate: %v %s", err, out.String())
	}
	if err := run(ctx, []string{"seed", "--db", dbPath}, env(nil), &out, &out); err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Fatalf("seed without --demo: %v", err)
	}
	for i, want := range []string{"19 named cases added, 0 already there", "0 named cases added, 19 already there; 0 generated"} {
		out.Reset()
		if err := run(ctx, []string{"seed", "--demo"}, env(map[string]string{"OCU_DB": dbPath}), &out, &out); err != nil || !strings.Contains(out.String(), want) {
			t.Fatalf("seed run %d: %v %s", i+1, err, out.String())
		}
	}
}
