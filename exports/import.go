package exports

import (
	"cmp"
	"context"
	"io"
	"iter"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/groups"
	"github.com/ocu-project/ocu/units"
)

// Import takes an export zip back in: the operation, its attachments and
// daily returns, and the cases with their history, people, suspects and
// seizures, exactly as exported. Every row passes the same rules as a
// user's input; the file imports entirely or not at all. It enforces
// DefaultLimits.
func Import(ctx context.Context, d *db.DB, u *units.Store, r io.ReaderAt, size int64) (ImportCounts, error) {
	return ImportLimited(ctx, d, u, r, size, DefaultLimits)
}

// ImportLimited is Import within lim (zero fields take DefaultLimits').
//
// The zip is read twice, streaming, never held: first without the
// database, for its form (the limits, CSV, columns, numbers and times, the
// order of rows), reporting every row whose numbers or times are wrong at
// once; then inside one write transaction, restoring one case at a time
// through the same rules as a user's input, stopping at the first row that
// breaks one. A file that is damaged or hostile is thus refused before it
// holds the database's one writer.
func ImportLimited(ctx context.Context, d *db.DB, u *units.Store, r io.ReaderAt, size int64, lim Limits) (ImportCounts, error) {
	return ImportWithFiles(ctx, d, u, nil, r, size, lim)
}

// ImportWithFiles is ImportLimited that also restores the zip's evidence
// files (files.csv, files.bin) into fs, each checked against its hash,
// type and size in the first pass; nil refuses a zip holding files. A
// failed import removes the files it brought into the directory.
func ImportWithFiles(ctx context.Context, d *db.DB, u *units.Store, fs *files.Store, r io.ReaderAt, size int64, lim Limits) (ImportCounts, error) {
	z, err := openImportZip(r, size, lim.withDefaults())
	if err != nil {
		return nil, err
	}
	if _, err := z.pass(checkOnly{}); err != nil {
		return nil, err
	}
	if err := z.checkFiles(fs); err != nil {
		return nil, err
	}
	var counts ImportCounts
	var put []string
	err = d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if counts, err = z.restore(ctx, tx, d, u); err != nil {
			return err
		}
		n, err := z.restoreFiles(ctx, tx, fs, &put)
		if n > 0 {
			counts["files"] = n
			err = cmp.Or(err, audit.Record(ctx, tx, audit.Entry{Action: "import.files", Subject: "import",
				Details: map[string]any{"files": n}}))
		}
		return err
	})
	u.Invalidate() // attachments may have been added
	if err != nil {
		for _, sum := range put {
			fs.Blobs.Remove(sum)
		}
		return nil, err
	}
	return counts, nil
}

// restore is the second pass: it restores the zip's records inside tx and
// records the import in the audit trail.
func (z *importZip) restore(ctx context.Context, tx *gorm.DB, d *db.DB, u *units.Store) (ImportCounts, error) {
	s := &restoreSink{ctx: ctx, tx: tx, units: u, cases: cases.NewStore(d, u)}
	counts, err := z.pass(s)
	if err != nil {
		return nil, err
	}
	if s.restorer == nil { // no operation restored: unreachable after a pass
		return nil, ocu.Errorf(ocu.Invalid, "error.import_not_zip")
	}
	if err := s.restorer.Finish(); err != nil {
		return nil, err
	}
	return counts, audit.Record(ctx, tx, audit.Entry{Action: "import", Subject: "operation:" + s.op,
		Details: map[string]any{"counts": counts}})
}

// ImportCounts is how many rows of each kind were imported.
type ImportCounts map[string]int

// sink receives what a pass reads: the operation with its attachments and
// returns, then each case. It must range over every sequence it is given
// unless it fails.
type sink interface {
	operation(op units.Operation, atts iter.Seq2[units.RestoreAttachment, error], rets iter.Seq2[units.RestoreReturn, error]) error
	kase(rc cases.RestoreCase) error
	// threads: after every case, what joins cases or hangs off the
	// operation (import_threads.go).
	threads(th threadRows) error
}

// checkOnly is the first pass's sink: it reads everything and keeps
// nothing.
type checkOnly struct{}

func (checkOnly) operation(_ units.Operation, atts iter.Seq2[units.RestoreAttachment, error], rets iter.Seq2[units.RestoreReturn, error]) error {
	return firstErr(drain(atts), drain(rets))
}

func (checkOnly) kase(rc cases.RestoreCase) error {
	return firstErr(drain(rc.History), drain(rc.People), drain(rc.Seizures), drain(rc.Identifiers), drain(rc.Notices),
		drain(rc.Checks), drain(rc.Partners))
}

func (checkOnly) threads(th threadRows) error {
	return firstErr(drain(th.links), drain(th.notices), drain(th.groups), drain(th.members))
}

func drain[T any](seq iter.Seq2[T, error]) error {
	if seq == nil {
		return nil
	}
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// restoreSink is the second pass's sink: it restores into tx.
type restoreSink struct {
	ctx      context.Context
	tx       *gorm.DB
	units    *units.Store
	cases    *cases.Store
	restorer *cases.Restorer
	op       string
	snap     *units.Snapshot // as restored, inside the transaction
}

func (s *restoreSink) operation(op units.Operation, atts iter.Seq2[units.RestoreAttachment, error], rets iter.Seq2[units.RestoreReturn, error]) error {
	snap, err := s.units.RestoreTx(s.ctx, s.tx, op, atts, rets)
	if err != nil {
		return err
	}
	s.op, s.snap = op.Code, snap
	s.restorer, err = s.cases.Restorer(s.ctx, s.tx, snap)
	return err
}

func (s *restoreSink) kase(rc cases.RestoreCase) error { return s.restorer.Case(rc) }

func (s *restoreSink) threads(th threadRows) error {
	if err := s.restorer.Links(th.links); err != nil {
		return err
	}
	op, ok := s.snap.Operation(s.op)
	if !ok {
		return ocu.Errorf(ocu.Invalid, "error.import_not_zip")
	}
	if err := s.restorer.OperationNotices(op.ID, th.notices); err != nil {
		return err
	}
	return groups.RestoreTx(s.tx, s.restorer.Principal(), th.groups, th.members, s.restorer.Restored)
}

// importColumns are the columns each file must have, in order: the export
// schema (docs/exports.md).
var importColumns = map[string][]string{
	"operation.csv":         Columns(TableOperation),
	"attachments.csv":       Columns(TableAttachments),
	"cases.csv":             Columns(TableCases),
	"history.csv":           Columns(TableHistory),
	"people.csv":            Columns(TablePeople),
	"suspects.csv":          Columns(TableSuspects),
	"seizures.csv":          Columns(TableSeizures),
	"returns.csv":           Columns(TableReturns),
	"identifiers.csv":       Columns(TableIdentifiers),
	"notices.csv":           Columns(TableNotices),
	"checks.csv":            Columns(TableChecks),
	"partners.csv":          Columns(TablePartners),
	"links.csv":             Columns(TableLinks),
	"groups.csv":            Columns(TableGroups),
	"group_members.csv":     Columns(TableGroupMembers),
	"operation_notices.csv": Columns(TableOperationNotices),
}

// importFiles are the files an import reads, in the zip's order.
var importFiles = []string{"operation.csv", "attachments.csv", "cases.csv", "history.csv", "people.csv", "suspects.csv", "seizures.csv", "returns.csv",
	"identifiers.csv", "notices.csv", "checks.csv", "partners.csv", "links.csv", "groups.csv", "group_members.csv", "operation_notices.csv"}

// optionalFiles are the files an export made before they existed lacks:
// read when present, nothing when absent (an export by a user who may see
// no identities still has them, with a header and no rows).
var optionalFiles = map[string]bool{"identifiers.csv": true, "notices.csv": true, "checks.csv": true, "partners.csv": true,
	"links.csv": true, "groups.csv": true, "group_members.csv": true, "operation_notices.csv": true}
