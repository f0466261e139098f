package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/units"
)

// reportCmd is `ocu report`: the debrief report as a single HTML file that
// opens offline anywhere (the stylesheet is inside it), ready to print to
// PDF. It is the page /report shows, for the whole operation or one OCU.
func reportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const synopsis = "report [--operation LIB2] [--unit MNL] [--lang fr] --out report.html [--db FILE]\n\n" +
		"Writes the debrief report of the operation (the most recent one by default),\n" +
		"or of one OCU, as a self-contained HTML file. Print it to PDF from a browser."
	fs, cfg := flags("report", synopsis, getenv, stderr, false, false)
	opCode := fs.String("operation", "", "operation `code` (default: the most recent)")
	unitCode := fs.String("unit", "", "OCU `code` (default: every OCU)")
	out := fs.String("out", "", "the HTML `file` to write")
	anchorKey := anchorKeyFlag(fs)
	lang := langFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, err := withLangFlag(ctx, *lang)
	if err != nil {
		return err
	}
	stopSigning, err := signAnchors(*anchorKey)
	if err != nil {
		return err
	}
	defer stopSigning()
	if *out == "" {
		fs.Usage()
		return errors.New("report: say where to write it with --out")
	}
	// Opening creates a missing database file: a typo in --db would give
	// an empty report rather than an error.
	if _, err := os.Stat(cfg.db); err != nil {
		return fmt.Errorf("report: no database at %s", cfg.db)
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx = ocu.SystemContext(ctx)
	h := &reports.Handler{Service: reports.NewService(d, units.NewStore(d))}
	path, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if err := writeAtomically(path, func(w io.Writer) error { return h.WriteReport(ctx, w, *opCode, *unitCode) }); err != nil {
		return explain(err)
	}
	fmt.Fprintln(stdout, path)
	return nil
}

// writeAtomically writes path through a temporary file in the same folder,
// renamed over it once complete: a reader never sees half a report, and a
// failed run leaves any earlier one in place. The file is readable by its
// owner only (os.CreateTemp's mode): it holds sensitive figures and notes.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
