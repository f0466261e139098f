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

// benchCases is the operation size the speed targets are stated for.
const benchCases = 100_000

var benchDB struct {
	once sync.Once
	path string
	err  error
}

// benchDatabase returns a database holding the demo plus benchCases
// generated cases. It is built once and kept in the temp directory, keyed
// by schema version, so repeated benchmark runs skip the generation.
func benchDatabase(b *testing.B) string {
	b.Helper()
	benchDB.once.Do(func() {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("ocu-bench-%d-v%d.db", benchCases, db.LatestVersion()))
		if _, err := os.Stat(path); err == nil {
			benchDB.path = path
			return
		}
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		start := time.Now()
		d, err := openMigrated(context.Background(), tmp)
		if err == nil {
			err = demo.Generate(context.Background(), d, benchCases, 1)
			d.Close()
		}
		if err != nil {
			benchDB.err = err
			return
		}
		fmt.Fprintf(os.Stderr, "generated %d cases in %s\n", benchCases, time.Since(start).Round(time.Millisecond))
		benchDB.path, benchDB.err = path, os.Rename(tmp, path)
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	return benchDB.path
}

// BenchmarkCaseListPage renders the case list page over HTTP with 100,000
// cases, for the shapes officers use: first page, filtered, searched and a
// deep page.
func BenchmarkCaseListPage(b *testing.B) {
	path := benchDatabase(b)
	d, err := openMigrated(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	token := benchToken(b, d)
	srv := httptest.NewServer(newServer(d, serverConfig{}))
	defer srv.Close()
	for _, q := range []string{
		"/cases",
		"/cases?unit=MNL&status=screening",
		"/cases?country=PH&sort=reference",
		"/cases?form=forced_labour&sort=updated_desc",
		"/cases?q=LIB2-SKP-0123",
		"/cases?q=interception",
		"/cases?page=1500",
		"/cases/LIB2-DKR-0042",
		"/units",
		"/api/v1/cases?unit=BUE&per_page=50",
	} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				benchGet(b, srv.URL+q, token)
			}
		})
	}
}
