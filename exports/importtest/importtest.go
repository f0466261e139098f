// Package importtest builds hostile export zips for tests of the importer:
// decompression bombs and malformed archives. Bombs are streamed to a file
// as they are compressed, never held in memory, so a test can build a
// gigabyte line in about a megabyte of zip.
package importtest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// Order is the export's file order, which Write keeps.
var Order = []string{"operation.csv", "attachments.csv", "cases.csv", "history.csv", "people.csv", "suspects.csv", "seizures.csv", "returns.csv"}

// Files reads every file of a zip into memory: for small, trusted zips.
func Files(b []byte) (map[string]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		c, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		files[f.Name] = string(c)
	}
	return files, nil
}

// Write writes files as a zip to path. The file named bomb, when set,
// gets its header line from files and then what body writes, streamed
// through the compressor.
func Write(path string, files map[string]string, bomb string, body func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw := zip.NewWriter(bw)
	// The fastest level: a gigabyte of one byte still compresses about
	// 800 to 1, in about half a second.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	names := append([]string(nil), Order...)
	for n := range files {
		if !contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range names {
		content, ok := files[n]
		if !ok && n != bomb {
			continue
		}
		w, err := zw.Create(n)
		if err != nil {
			return err
		}
		if n != bomb {
			if _, err := io.WriteString(w, content); err != nil {
				return err
			}
			continue
		}
		if _, err := io.WriteString(w, headerOf(content)); err != nil {
			return err
		}
		if err := body(w); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// headerOf is the first line of a CSV file, with its line end.
func headerOf(content string) string {
	if i := bytes.IndexByte([]byte(content), '\n'); i >= 0 {
		return content[:i+1]
	}
	return content + "\n"
}

// Repeat writes n bytes of c, without a line end: one line of n bytes.
func Repeat(c byte, n int64) func(io.Writer) error {
	return func(w io.Writer) error {
		buf := bytes.Repeat([]byte{c}, 1<<20)
		for n > 0 {
			k := min(n, int64(len(buf)))
			if _, err := w.Write(buf[:k]); err != nil {
				return err
			}
			n -= k
		}
		return nil
	}
}

// Rows writes row (with its line end) n times.
func Rows(row string, n int) func(io.Writer) error {
	return func(w io.Writer) error {
		b := []byte(row)
		for range n {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	}
}

// Entries writes a zip of n empty entries; from 65,535 on, archive/zip
// writes a zip64 end record.
func Entries(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw := zip.NewWriter(bw)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("e%d", i), Method: zip.Store}); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// HiddenEntries writes a zip whose directory holds 65,536 + declared
// entries while its end record declares only declared: the count is 16
// bits wide, and archive/zip reads directory headers until one fails,
// comparing counts modulo 65,536.
func HiddenEntries(path string, declared int) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	n := 1<<16 + declared
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("e%d", i), Method: zip.Store}); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	b := buf.Bytes()
	// archive/zip wrote a zip64 end record, its locator and a plain end
	// record whose fields say "see zip64". Read the directory's place from
	// the zip64 record and end the file with a plain record instead.
	end := bytes.LastIndex(b, []byte("PK\x06\x06"))
	if end < 0 {
		return fmt.Errorf("no zip64 end record")
	}
	dirSize := binary.LittleEndian.Uint64(b[end+40:])
	dirOffset := binary.LittleEndian.Uint64(b[end+48:])
	out := append([]byte(nil), b[:end]...)
	rec := make([]byte, 22)
	copy(rec, "PK\x05\x06")
	binary.LittleEndian.PutUint16(rec[8:], uint16(n))
	binary.LittleEndian.PutUint16(rec[10:], uint16(n))
	binary.LittleEndian.PutUint32(rec[12:], uint32(dirSize))
	binary.LittleEndian.PutUint32(rec[16:], uint32(dirOffset))
	out = append(out, rec...)
	return os.WriteFile(path, out, 0o600)
}
