package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/units"
)

const exportSynopsis = `export --format csv|zip|xlsx|json [--table cases] --out FILE
         [--operation LIB2] [--unit MNL] [--country PH] [--status S] [--form F] [--lang fr] [--db FILE] [--files DIR]

Writes an export of the operation (the current one unless --operation names
another). It runs as ocu itself: every case, and suspects' names and dates
of birth INCLUDED, unlike a coordinator's download. The file is created
readable by its owner only; keep it as you would the database. The export
is recorded in the audit trail.`

// exportCmd is `ocu export`: what /exports/download gives, for scripts and
// for moving an operation to another ocu (the zip is what ocu import reads).
func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("export", exportSynopsis, getenv, stderr, false, false)
	var f exports.Filter
	format := fs.String("format", "", "csv, zip, xlsx or json")
	table := fs.String("table", "", "the table of a csv: cases, history, people, suspects, seizures, returns, operation or attachments")
	out := fs.String("out", "", "the `file` to write")
	fs.StringVar(&f.Operation, "operation", "", "operation code (default: the current operation)")
	fs.StringVar(&f.Unit, "unit", "", "only this OCU's cases and countries' returns")
	fs.StringVar(&f.Country, "country", "", "only cases raised by (and returns of) this country, ISO alpha-2")
	fs.StringVar(&f.Status, "status", "", "only cases in this status")
	fs.StringVar(&f.Form, "form", "", "only cases involving this form of exploitation or crime")
	anchorKey := anchorKeyFlag(fs)
	filesFlag(fs, cfg)
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
	if *format == "" || *out == "" {
		fs.Usage()
		return errors.New("export: say --format and --out")
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx = ocu.SystemContext(ctx)
	var counts exports.Counts
	var anchor string
	// Through a temporary file renamed into place (report.go): no half file
	// after a failure, no earlier export clobbered, readable by its owner only.
	err = writeAtomically(*out, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		var err error
		if counts, err = exports.ExportWithFiles(ctx, d, units.NewStore(d), files.NewStore(d, cfg.filesDir()), f, exports.Format(*format), exports.Table(*table), anchorSink{bw, &anchor}); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return explain(err)
	}
	var parts []string
	for _, t := range append([]exports.Table{exports.TableOperation, exports.TableAttachments}, exports.Tables...) {
		if n, ok := counts[t]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
		}
	}
	fmt.Fprintf(stdout, "wrote %s: %s\n", *out, strings.Join(parts, ", "))
	// A single CSV file has no place for the anchor: this line is where
	// it is kept.
	fmt.Fprintf(stdout, "audit trail anchor: %s\n", anchor)
	return nil
}

// anchorSink passes an export through, keeping the audit trail's anchor
// it is told (exports.AnchorSink).
type anchorSink struct {
	io.Writer
	anchor *string
}

func (s anchorSink) SetAnchor(a string) { *s.anchor = a }
