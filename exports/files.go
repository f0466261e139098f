package exports

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/files"
)

// Evidence files in the zip: files.csv lists the exported cases' files,
// one row each with its SHA-256, and files.bin holds their bytes one after
// the other in the rows' order (each row's size says where one ends). One
// entry for all the bytes rather than one per file keeps the zip within
// the importer's bound on entries and on its directory, however many files
// an operation holds; the hashes are the proof that each file is the one
// exported, and the importer checks every one.
const (
	FilesCSV = "files.csv"
	FilesBin = "files.bin"
)

// fileColumns are files.csv's columns.
var fileColumns = []string{"case_reference", "sha256", "name", "content_type", "size", "uploaded_by", "uploaded_at"}

func init() { importColumns[FilesCSV] = fileColumns }

// writeFiles adds files.csv and files.bin for the plan's cases, read in
// the export's snapshot. Each file's bytes are checked against its hash
// as they are read (files.Blobs.Open): a file changed on disk stops the
// export rather than travel as evidence.
func writeFiles(ctx context.Context, rd *reader, pl *plan, zw *zip.Writer, stamp time.Time) error {
	where, args := pl.caseScope()
	rows, err := rd.conn.QueryContext(ctx, `SELECT c.reference, f.sha256, f.name, f.content_type, f.size, f.uploaded_by, f.uploaded_at
		FROM evidence_files f JOIN cases c ON c.id = f.owner_id AND f.owner_kind = 'case'
		WHERE `+where+` ORDER BY f.id`, args...)
	if err != nil {
		return err
	}
	type row struct {
		ref, sum, name, media, by string
		size                      int64
		at                        time.Time
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.ref, &r.sum, &r.name, &r.media, &r.size, &r.by, &r.at); err != nil {
			_ = rows.Close()
			return err
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if len(all) == 0 {
		return nil
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: FilesCSV, Method: zip.Deflate, Modified: stamp})
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(fileColumns)
	for _, r := range all {
		_ = cw.Write([]string{neutralised(r.ref), r.sum, neutralised(r.name), r.media, strconv.FormatInt(r.size, 10),
			neutralised(r.by), r.at.UTC().Format(time.RFC3339)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	// Photos and PDFs are compressed already: stored as they are.
	w, err = zw.CreateHeader(&zip.FileHeader{Name: FilesBin, Method: zip.Store, Modified: stamp})
	if err != nil {
		return err
	}
	for _, r := range all {
		f, err := pl.files.Blobs.Open(r.sum, r.size)
		if err != nil {
			return errors.New("export: evidence file " + r.sum + " is missing or no longer matches its hash")
		}
		_, err = io.Copy(w, f)
		_ = f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// neutralised is s as the CSV exports write text: a leading formula
// character made harmless for spreadsheets (RestoreText undoes it).
func neutralised(s string) string { return string(appendNeutralised(nil, s)) }

// importFile is one row of files.csv.
type importFile struct {
	line               int
	ref, sum, name, by string
	size               int64
	at                 time.Time
}

// readFiles calls each for every file of the zip, with its bytes (a reader
// of exactly its size, to be read to its end). A zip without files.csv
// has none. Every row is checked: the columns, a size within the store's
// limit, a hash that the bytes match.
func (z *importZip) readFiles(fs *files.Store, each func(importFile, io.Reader) error) error {
	if z.files[FilesCSV] == nil {
		return nil
	}
	if fs == nil {
		return fileError(FilesCSV, 0, "file", "error.import_files_no_store")
	}
	var total int64
	t, err := z.open(FilesCSV, &total)
	if err != nil {
		return err
	}
	defer t.close()
	bin := z.files[FilesBin]
	if bin == nil {
		return fileError(FilesBin, 0, "file", "error.import_missing_file")
	}
	rc, err := bin.Open()
	if err != nil {
		return fileError(FilesBin, 0, "file", "error.import_zip_entry", err.Error())
	}
	defer rc.Close()
	body := io.LimitReader(rc, z.lim.EntryBytes)
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		f := importFile{line: t.line, ref: t.field(0), sum: t.rec[1], name: t.field(2), by: t.field(5)}
		if f.size, err = strconv.ParseInt(t.rec[4], 10, 64); err != nil || f.size <= 0 {
			return fileError(FilesCSV, f.line, "size", "error.import_files_size", fs.LimitText())
		}
		if f.size > fs.Limit() {
			return fileError(FilesCSV, f.line, "size", "error.file_too_large", fs.LimitText())
		}
		if f.at, err = time.Parse(time.RFC3339, t.rec[6]); err != nil {
			return fileError(FilesCSV, f.line, "uploaded_at", "error.import_files_time")
		}
		h := sha256.New()
		part := io.TeeReader(io.LimitReader(body, f.size), h)
		if err := each(f, part); err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, part); err != nil { // what each left unread
			return err
		}
		if hex.EncodeToString(h.Sum(nil)) != f.sum {
			return fileError(FilesCSV, f.line, "sha256", "error.import_files_hash")
		}
	}
	return nil
}

// checkFiles is the first pass over the files: the rows, the limits and
// every hash, before the database is touched.
func (z *importZip) checkFiles(fs *files.Store) error {
	return z.readFiles(fs, func(f importFile, r io.Reader) error {
		head := make([]byte, 512)
		n, _ := io.ReadFull(r, head)
		if _, ok := files.Detect(head[:n]); !ok {
			return fileError(FilesCSV, f.line, "content_type", "error.file_type", files.AllowedText())
		}
		return nil
	})
}

// restoreFiles is the second pass: each file stored in the files
// directory and attached, in tx, to its case (restored by this import, so
// in the importer's scope). put lists the blobs stored, so that a failed
// import can remove those it brought.
func (z *importZip) restoreFiles(ctx context.Context, tx *gorm.DB, fs *files.Store, put *[]string) (int, error) {
	n := 0
	err := z.readFiles(fs, func(f importFile, r io.Reader) error {
		err := fs.Restore(ctx, tx, f.ref, f.sum, f.name, f.by, f.at, r, put)
		if ocu.KindOf(err) == ocu.NotFound {
			return fileError(FilesCSV, f.line, "case_reference", "error.case_not_found", f.ref)
		}
		if err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}
