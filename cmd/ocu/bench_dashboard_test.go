package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/demo"
)

var dashDB struct {
	once sync.Once
	path string
	err  error
}

// dashboardDatabase holds 100,000 generated cases with about 1,000,000
// people, built once and kept in the temp directory by schema version.
func dashboardDatabase(b *testing.B) string {
	b.Helper()
	dashDB.once.Do(func() {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("ocu-bench-dashboard-%d-v%d.db", benchCases, db.LatestVersion()))
		if _, err := os.Stat(path); err == nil {
			dashDB.path = path
			return
		}
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		start := time.Now()
		d, err := openMigrated(context.Background(), tmp)
		if err == nil {
			err = demo.GenerateWithPeople(context.Background(), d, benchCases, 2.15, 1)
			if err == nil {
				err = d.Optimize(context.Background())
			}
			var people int64
			d.Read.Raw("SELECT COUNT(*) FROM people").Scan(&people)
			fmt.Fprintf(os.Stderr, "generated %d cases and %d people in %s\n", benchCases, people, time.Since(start).Round(time.Second))
			d.Close()
		}
		if err != nil {
			dashDB.err = err
			return
		}
		dashDB.path, dashDB.err = path, os.Rename(tmp, path)
	})
	if dashDB.err != nil {
		b.Fatal(dashDB.err)
	}
	return dashDB.path
}

// BenchmarkDashboard renders the global and an OCU dashboard, as a page
// and as JSON, over HTTP with 100,000 cases and about 1,000,000 people.
// The target is under 100 ms for the global dashboard.
func BenchmarkDashboard(b *testing.B) {
	d, err := openMigrated(context.Background(), dashboardDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	token := benchToken(b, d)
	srv := httptest.NewServer(newServer(d, serverConfig{}))
	defer srv.Close()
	for _, q := range []string{"/dashboard", "/api/v1/dashboard", "/dashboard?unit=MNL", "/api/v1/dashboard?unit=DKR"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				benchGet(b, srv.URL+q, token)
			}
		})
	}
}
