package files

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Blobs is the files directory: each file's bytes stored once under its
// SHA-256 in hex (ab/abcdef…, 256 subdirectories so no directory grows
// huge). The name is the proof: a file whose bytes no longer hash to its
// name has been changed on disk, and is refused (Open).
type Blobs struct {
	Dir string
}

// errTooLarge is the blob writer's refusal of a file past its limit; the
// store turns it into a message naming the limit.
var errTooLarge = errors.New("files: over the size limit")

// errNotAllowed is the refusal of a file of a type not accepted.
var errNotAllowed = errors.New("files: type not accepted")

// errTampered is the refusal of a stored file whose bytes no longer match
// its hash.
var errTampered = errors.New("files: stored file does not match its hash")

// path is where the blob of sum (hex SHA-256) lives.
func (b Blobs) path(sum string) string { return filepath.Join(b.Dir, sum[:2], sum) }

// put is what Put wrote.
type put struct {
	Sum  string
	Size int64
	Type Type
	// New is true when no blob with this hash was there before: only then
	// may an undo remove it.
	New bool
}

// Put streams r into the directory, hashing as it goes, and keeps it
// under its hash. It reads at most max+1 bytes: a longer file is refused
// with errTooLarge once the limit is passed, without reading the rest; a
// file whose first bytes are not of an accepted type is refused with
// errNotAllowed before anything is written. Nothing is left behind on a
// refusal. A blob already there (the same bytes attached twice) is
// replaced by the new copy, which repairs one changed on disk.
func (b Blobs) Put(r io.Reader, max int64) (put, error) {
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) {
		return put{}, err
	}
	t, ok := Detect(head)
	if !ok {
		return put{}, errNotAllowed
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return put{}, fmt.Errorf("files: make the files directory: %w", err)
	}
	tmp, err := os.CreateTemp(b.Dir, ".upload-*")
	if err != nil {
		return put{}, fmt.Errorf("files: temporary file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(br, max+1))
	if err != nil {
		return put{}, err
	}
	if n > max {
		return put{}, errTooLarge
	}
	if n == 0 {
		return put{}, errNotAllowed
	}
	if err := tmp.Sync(); err != nil {
		return put{}, err
	}
	if err := tmp.Close(); err != nil {
		return put{}, err
	}
	p := put{Sum: hex.EncodeToString(h.Sum(nil)), Size: n, Type: t}
	final := b.path(p.Sum)
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return put{}, err
	}
	if _, err := os.Stat(final); errors.Is(err, os.ErrNotExist) {
		p.New = true
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return put{}, err
	}
	done = true
	return p, nil
}

// Remove deletes the blob of sum (an upload whose row was not saved).
func (b Blobs) Remove(sum string) { _ = os.Remove(b.path(sum)) }

// Open opens the blob of sum after checking that its bytes still hash to
// sum and that it is size bytes long: errTampered otherwise, and
// os.ErrNotExist when it is missing. The caller reads it from the start
// and closes it. (The check reads the file once before it is sent: the
// price of never sending a changed file as evidence.)
func (b Blobs) Open(sum string, size int64) (*os.File, error) {
	f, err := os.Open(b.path(sum))
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err == nil && (n != size || hex.EncodeToString(h.Sum(nil)) != sum) {
		err = errTampered
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}
