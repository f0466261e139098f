// Package files keeps evidence files (photos, scans, PDFs) attached to
// cases and requests: their bytes in the files directory under their
// SHA-256 (blobs.go), their rows in evidence_files, who sees them decided
// by their owner's visibility (owner.go), their type by their content
// (detect.go). Every upload and download is in the audit trail.
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
)

// MaxBytes is the largest file taken by default: 25 MB holds a phone's
// photo several times over and a multi-page scan as PDF; anything larger
// is not a photo or a scanned document.
const MaxBytes = 25 << 20

// File is one attached file.
type File struct {
	ID          int64
	OwnerKind   string
	OwnerID     int64
	SHA256      string `gorm:"column:sha256"`
	Name        string // the name it is downloaded under: cleaned, with the extension of its type
	ContentType string
	Size        int64
	UploadedBy  string
	UploadedAt  time.Time
}

func (File) TableName() string { return "evidence_files" }

// Store keeps files and their rows.
type Store struct {
	DB    *db.DB
	Blobs Blobs
	// MaxBytes bounds one file; 0 takes MaxBytes.
	MaxBytes int64
	owners   map[string]Owner
}

// NewStore is the store of d's files in dir; it knows case owners, and
// others are added with SetOwner.
func NewStore(d *db.DB, dir string) *Store {
	return &Store{DB: d, Blobs: Blobs{Dir: dir}, owners: map[string]Owner{KindCase: CaseOwner{}}}
}

// DefaultDir is the files directory beside the database file: ocu.db's
// is ocu-files, in the same directory.
func DefaultDir(dbPath string) string {
	base := filepath.Base(dbPath)
	return filepath.Join(filepath.Dir(dbPath), strings.TrimSuffix(base, filepath.Ext(base))+"-files")
}

// SetOwner makes files attachable to records of kind, found by o.
func (s *Store) SetOwner(kind string, o Owner) { s.owners[kind] = o }

// Limit is the largest file the store takes.
func (s *Store) Limit() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return MaxBytes
}

// LimitText is Limit for people: "25 MB".
func (s *Store) LimitText() string { return sizeText(s.Limit()) }

func (s *Store) owner(kind string) (Owner, error) {
	o, ok := s.owners[kind]
	if !ok {
		return nil, errNoOwner
	}
	return o, nil
}

// Target is the record of kind named key, as the context's principal may
// use it: NotFound if they do not see it.
func (s *Store) Target(ctx context.Context, kind, key string) (Target, error) {
	o, err := s.owner(kind)
	if err != nil {
		return Target{}, err
	}
	return o.ByKey(ctx, s.DB.Read, principal(ctx), key)
}

// List is the files of a record, oldest first. The caller has the record
// as a Target: its reader sees it.
func (s *Store) List(ctx context.Context, t Target) ([]File, error) {
	var fs []File
	err := s.DB.Read.WithContext(ctx).Where("owner_kind = ? AND owner_id = ?", t.Kind, t.ID).Order("id").Find(&fs).Error
	return fs, err
}

// Add attaches the file read from r, named name by its sender, to the
// record of kind named key. The record must be seen by the principal
// (NotFound) and open to their additions (Forbidden); the file must be of
// an accepted type, judged by its content (Invalid), and within the limit
// (TooLarge, naming the limit). The bytes are stored before the row is
// written, outside the database's one writer, and removed again if the
// row cannot be.
func (s *Store) Add(ctx context.Context, kind, key, name string, r io.Reader) (File, error) {
	t, err := s.Target(ctx, kind, key)
	if err != nil {
		return File{}, err
	}
	if !t.MayAdd {
		return File{}, ocu.Errorf(ocu.Forbidden, "error.file_not_allowed_here")
	}
	put, err := s.Blobs.Put(r, s.Limit())
	switch {
	case errors.Is(err, errTooLarge):
		return File{}, ocu.Errorf(ocu.TooLarge, "error.file_too_large", s.LimitText())
	case errors.Is(err, errNotAllowed):
		return File{}, &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.file_type", AllowedText()),
			Fields: map[string]ocu.Message{"file": ocu.Msg("error.file_type", AllowedText())}}
	case err != nil:
		return File{}, err
	}
	p := principal(ctx)
	f := File{OwnerKind: kind, SHA256: put.Sum, Name: CleanName(name, put.Type), ContentType: put.Type.Media,
		Size: put.Size, UploadedBy: p.Name(), UploadedAt: time.Now().UTC().Truncate(time.Second)}
	err = s.DB.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Again inside the write: the case may have closed meanwhile.
		o, _ := s.owner(kind)
		t, err := o.ByKey(ctx, tx, p, key)
		if err != nil {
			return err
		}
		if !t.MayAdd {
			return ocu.Errorf(ocu.Forbidden, "error.file_not_allowed_here")
		}
		f.OwnerID = t.ID
		if err := tx.Create(&f).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "file.upload", Subject: kind + ":" + t.Key,
			Details: map[string]any{"file": f.ID, "sha256": f.SHA256, "size": f.Size, "type": f.ContentType}})
	})
	if err != nil {
		s.forget(put)
		return File{}, err
	}
	return f, nil
}

// forget removes a blob just stored for a row that was not saved, unless
// it was there before or another row holds it since.
func (s *Store) forget(p put) {
	if !p.New {
		return
	}
	var n int64
	if s.DB.Read.Model(&File{}).Where("sha256 = ?", p.Sum).Count(&n).Error == nil && n == 0 {
		s.Blobs.Remove(p.Sum)
	}
}

// Open is the file of id for download, its bytes checked against its
// hash, and the download recorded in the audit trail before anything is
// sent. NotFound unless the principal sees the file's owner; Conflict for
// a file whose stored bytes no longer match its hash, which is logged
// (its id and hash only) and recorded, and never sent. The caller closes
// the file.
func (s *Store) Open(ctx context.Context, id int64) (File, *os.File, error) {
	p := principal(ctx)
	var f File
	err := s.DB.Read.WithContext(ctx).Where("id = ?", id).Take(&f).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return File{}, nil, ocu.Errorf(ocu.NotFound, "error.file_not_found")
	}
	if err != nil {
		return File{}, nil, err
	}
	o, err := s.owner(f.OwnerKind)
	if err != nil {
		return File{}, nil, ocu.Errorf(ocu.NotFound, "error.file_not_found")
	}
	t, err := o.ByID(ctx, s.DB.Read, p, f.OwnerID)
	if ocu.KindOf(err) == ocu.NotFound {
		return File{}, nil, ocu.Errorf(ocu.NotFound, "error.file_not_found")
	}
	if err != nil {
		return File{}, nil, err
	}
	blob, err := s.Blobs.Open(f.SHA256, f.Size)
	if err != nil {
		// Only the file's id and hash: its name and owner may say who
		// it is about.
		slog.Error("evidence file refused: its stored bytes do not match its hash", "file", f.ID, "sha256", f.SHA256, "err", err)
		if rerr := s.record(ctx, "file.refused", t, f); rerr != nil {
			return File{}, nil, rerr
		}
		return File{}, nil, ocu.Errorf(ocu.Conflict, "error.file_damaged", f.SHA256)
	}
	if err := s.record(ctx, "file.download", t, f); err != nil {
		_ = blob.Close()
		return File{}, nil, err
	}
	return f, blob, nil
}

// record writes one audit entry about f in a transaction of its own.
func (s *Store) record(ctx context.Context, action string, t Target, f File) error {
	return s.DB.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: t.Kind + ":" + t.Key,
			Details: map[string]any{"file": f.ID, "sha256": f.SHA256}})
	})
}

func principal(ctx context.Context) ocu.Principal {
	p, _ := ocu.PrincipalFrom(ctx)
	return p
}

// sizeText is n bytes for people: "25 MB", "340 KB", "12 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// AllowedText lists the accepted types for people: "JPEG, PNG, …".
func AllowedText() string {
	return "JPEG, PNG, WebP, HEIC, TIFF, PDF"
}

// Restore attaches, inside the import's transaction tx, a file read from
// r to the case of reference ref (which the principal must see), as it
// was exported: its name, who added it and when. The bytes must hash to
// sum and be of an accepted type. The blob is stored at once; put
// collects the hashes of blobs new to the directory, for the importer to
// remove if the import fails.
func (s *Store) Restore(ctx context.Context, tx *gorm.DB, ref, sum, name, by string, at time.Time, r io.Reader, put *[]string) error {
	t, err := CaseOwner{}.ByKey(ctx, tx, principal(ctx), ref)
	if err != nil {
		return err
	}
	p, err := s.Blobs.Put(r, s.Limit())
	switch {
	case errors.Is(err, errTooLarge):
		return ocu.Errorf(ocu.Invalid, "error.file_too_large", s.LimitText())
	case errors.Is(err, errNotAllowed):
		return ocu.Errorf(ocu.Invalid, "error.file_type", AllowedText())
	case err != nil:
		return err
	}
	if p.New {
		*put = append(*put, p.Sum)
	}
	if p.Sum != sum {
		return ocu.Errorf(ocu.Invalid, "error.import_files_hash")
	}
	f := File{OwnerKind: KindCase, OwnerID: t.ID, SHA256: p.Sum, Name: CleanName(name, p.Type), ContentType: p.Type.Media,
		Size: p.Size, UploadedBy: principal(ctx).Author(by), UploadedAt: at.UTC()}
	return tx.Create(&f).Error
}
