package exports_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// benchCases is how many cases the benchmark database holds: 20,000 by
// default, OCU_EXPORT_BENCH_CASES=100000 for the target size (100,000
// cases, about 1,000,000 people).
func benchCases() int {
	if n, err := strconv.Atoi(os.Getenv("OCU_EXPORT_BENCH_CASES")); err == nil && n > 0 {
		return n
	}
	return 20_000
}

var benchDB struct {
	once sync.Once
	path string
	err  error
}

// benchDatabase builds the generated operation once (about ten people per
// case, as at the target size) and keeps it in the temp directory by size
// and schema version: building 100,000 cases takes minutes.
func benchDatabase(b *testing.B) string {
	b.Helper()
	benchDB.once.Do(func() {
		n := benchCases()
		path := filepath.Join(os.TempDir(), fmt.Sprintf("ocu-bench-export-%d-v%d.db", n, db.LatestVersion()))
		if _, err := os.Stat(path); err == nil {
			benchDB.path = path
			return
		}
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		start := time.Now()
		ctx := ocu.SystemContext(context.Background())
		d, err := db.Open(tmp)
		if err == nil {
			err = d.Migrate(ctx)
		}
		if err == nil {
			err = units.NewStore(d).SeedReference(ctx)
		}
		if err == nil {
			err = demo.GenerateWithPeople(ctx, d, n, 2.15, 1)
		}
		if err == nil {
			err = d.Optimize(ctx)
		}
		if d != nil {
			var people int64
			d.Read.Raw("SELECT COUNT(*) FROM people").Scan(&people)
			fmt.Fprintf(os.Stderr, "generated %d cases and %d people in %s\n", n, people, time.Since(start).Round(time.Second))
			d.Close()
		}
		if err != nil {
			benchDB.err = err
			return
		}
		benchDB.path, benchDB.err = path, os.Rename(tmp, path)
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	return benchDB.path
}

// peakHeap samples the heap in use every 10 ms while fn runs and returns
// the highest figure seen. (SQLite's own page cache and sorter live
// outside the Go heap and are not counted: 16 MB per connection.)
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	sample()
	return peak.Load()
}

// countingWriter discards the export and counts its bytes.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkExport exports the whole operation, as a coordinator, in each
// format: the CSV is people, the largest table. It reports the file's size
// (bytes/op) and the peak heap in use during an export (peak-heap-MB); the
// target is under 200 MB at 100,000 cases and 1,000,000 people.
//
//	go test ./exports/ -run '^$' -bench Export -benchtime 1x
//	OCU_EXPORT_BENCH_CASES=100000 go test ./exports/ -run '^$' -bench Export -benchtime 1x -timeout 1h
func BenchmarkExport(b *testing.B) {
	path := benchDatabase(b)
	d, err := db.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	us := units.NewStore(d)
	ctx := ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "bench", Role: ocu.RoleCoordinator, Address: "bench"})
	for _, c := range []struct {
		format exports.Format
		table  exports.Table
	}{
		{exports.FormatCSV, exports.TablePeople}, {exports.FormatZip, ""}, {exports.FormatXLSX, ""}, {exports.FormatJSON, ""},
	} {
		b.Run(string(c.format), func(b *testing.B) {
			var peak uint64
			var size int64
			for b.Loop() {
				runtime.GC()
				w := &countingWriter{}
				p := peakHeap(func() {
					if _, err := exports.Export(ctx, d, us, exports.Filter{}, c.format, c.table, w); err != nil {
						b.Fatal(err)
					}
				})
				peak, size = max(peak, p), w.n
			}
			b.ReportMetric(float64(size), "bytes/op")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
