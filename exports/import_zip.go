package exports

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"io"

	"github.com/ocu-project/ocu"
)

// importZip is an export zip opened for import: its directory read within
// the limits, the files the importer reads found by name.
type importZip struct {
	files map[string]*zip.File
	lim   Limits
}

// openImportZip checks the zip's size and its number of entries before
// archive/zip reads its directory, then reads it. archive/zip allocates a
// slot per entry the end record declares (up to the file's size / 30) and
// a structure per directory header it finds: a small file claiming
// millions of entries would cost hundreds of megabytes before any limit
// on decompressed bytes could apply.
func openImportZip(r io.ReaderAt, size int64, lim Limits) (*importZip, error) {
	if size > lim.ZipBytes {
		return nil, limitError("", 0, "error.import_limit_zip", num(size), num(lim.ZipBytes))
	}
	declared, ok := declaredEntries(r, size)
	if !ok {
		return nil, ocu.Errorf(ocu.Invalid, "error.import_not_zip")
	}
	if declared > uint64(lim.Entries) {
		return nil, limitError("", 0, "error.import_limit_entries", num(int64(min(declared, 1<<62))), num(lim.Entries))
	}
	// The directory is read through a budget: archive/zip reads headers
	// until one fails to parse, whatever the end record declared.
	br := &budgetReaderAt{r: r, left: lim.DirectoryBytes + endRecordReads}
	zr, err := zip.NewReader(br, size)
	if br.exhausted {
		return nil, limitError("", 0, "error.import_limit_directory", num(lim.DirectoryBytes))
	}
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, ocu.Errorf(ocu.Invalid, "error.import_not_zip")
	}
	br.left = -1 // the entries' contents are bounded by the counting readers
	if len(zr.File) > lim.Entries {
		return nil, limitError("", 0, "error.import_limit_entries", num(len(zr.File)), num(lim.Entries))
	}
	z := &importZip{files: map[string]*zip.File{}, lim: lim}
	for _, f := range zr.File {
		if _, dup := z.files[f.Name]; dup && isImportFile(f.Name) {
			return nil, &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"),
				Fields: map[string]ocu.Message{f.Name + ":0:file": ocu.Msg("error.import_zip_duplicate")}}
		}
		z.files[f.Name] = f
	}
	return z, nil
}

func isImportFile(name string) bool {
	for _, n := range importFiles {
		if n == name {
			return true
		}
	}
	return false
}

// endRecordReads is what archive/zip reads besides the directory headers:
// the last 1 KB then 65 KB looking for the end record, the zip64 locator
// and record, a probe of one header (up to three 64 KB fields) and a read
// buffer's slack.
const endRecordReads = 1024 + 65*1024 + 20 + 56 + 46 + 3*0xffff + 4096

// budgetReaderAt fails reads past a byte budget; left < 0 lifts it.
type budgetReaderAt struct {
	r         io.ReaderAt
	left      int64
	exhausted bool
}

var errBudget = errors.New("zip directory too large")

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.left >= 0 {
		if int64(len(p)) > b.left {
			b.exhausted = true
			return 0, errBudget
		}
		b.left -= int64(len(p))
	}
	return b.r.ReadAt(p, off)
}

// declaredEntries is the number of entries the zip's end record declares
// (its zip64 record's, when it has one), found the way archive/zip finds
// it: the last end-record signature in the last 1 KB, else in the last
// 65 KB, whose comment fits in the file.
func declaredEntries(r io.ReaderAt, size int64) (uint64, bool) {
	const endLen = 22
	for i, n := range []int64{1024, 65 * 1024} {
		n = min(n, size)
		buf := make([]byte, n)
		if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
			return 0, false
		}
		p := findEndRecord(buf, endLen)
		if p < 0 {
			if i == 1 || n == size {
				return 0, false
			}
			continue
		}
		b := buf[p:]
		entries := uint64(binary.LittleEndian.Uint16(b[10:]))
		dirSize := binary.LittleEndian.Uint32(b[12:])
		dirOffset := binary.LittleEndian.Uint32(b[16:])
		if entries != 0xffff && dirSize != 0xffff && dirOffset != 0xffffffff {
			return entries, true
		}
		// zip64: the locator just before the end record points to the
		// zip64 end record, which holds the count.
		end := size - n + int64(p)
		if end < 20 {
			return entries, true
		}
		loc := make([]byte, 20)
		if _, err := r.ReadAt(loc, end-20); err != nil {
			return 0, false
		}
		if binary.LittleEndian.Uint32(loc) != 0x07064b50 || binary.LittleEndian.Uint32(loc[4:]) != 0 || binary.LittleEndian.Uint32(loc[16:]) != 1 {
			return entries, true // not zip64 after all, as archive/zip concludes
		}
		off := binary.LittleEndian.Uint64(loc[8:])
		if off > uint64(size) {
			return 0, false
		}
		rec := make([]byte, 56)
		if _, err := r.ReadAt(rec, int64(off)); err != nil || binary.LittleEndian.Uint32(rec) != 0x06064b50 {
			return 0, false
		}
		return binary.LittleEndian.Uint64(rec[32:]), true
	}
	return 0, false
}

// findEndRecord is archive/zip's search: the last signature whose comment
// length fits in the block, -1 when the last one found does not.
func findEndRecord(b []byte, endLen int) int {
	for i := len(b) - endLen; i >= 0; i-- {
		if b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 0x05 && b[i+3] == 0x06 {
			n := int(b[i+endLen-2]) | int(b[i+endLen-1])<<8
			if n+endLen+i > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}
