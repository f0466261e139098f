package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/matching"
	"github.com/ocu-project/ocu/units"
)

// importCmd is `ocu import FILE`: takes an export zip back in, as ocu
// itself (any OCU, and it may create the operation and its attachments).
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("import", "import [--db FILE] [--files DIR] EXPORT.zip", getenv, stderr, false, false)
	filesFlag(fs, cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("import: name one export file (.zip)")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	counts, err := exports.ImportWithFiles(ocu.SystemContext(ctx), d, units.NewStore(d), files.NewStore(d, cfg.filesDir()), f, st.Size(), exports.DefaultLimits)
	if err != nil {
		return explain(err)
	}
	// Imported people are matched against every case now, not at the next start.
	if err := matching.IndexStale(ctx, d); err != nil {
		return err
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(stdout, "%s: %d\n", k, counts[k])
	}
	return nil
}
