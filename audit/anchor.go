package audit

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ocu-project/ocu/db"
)

// Anchor is the head of the trail at a moment: the id, hash and time of its
// last entry, to keep outside the database. Written as one line,
//
//	ocu-anchor:v1:<id>:<hash>:<time>[:ed25519:<signature>]
//
// for example ocu-anchor:v1:4711:9f86d0…0f00a08:20241004T153000Z, where
// <hash> is the entry's 64 hex characters and <time> the entry's time in
// UTC to the second, ISO 8601 basic format (no colons, so the line splits
// on them). The signature, when the anchor is signed, is Ed25519 over the
// bytes of the line before ":ed25519:", in base64url without padding. An
// empty trail's anchor is id 0 with 64 zeros.
//
// The hash covers the entry and, through the chain, every entry before it:
// a trail that still verifies and still holds this id with this hash still
// holds everything that was there when the anchor was taken.
type Anchor struct {
	ID   int64
	Hash string
	At   time.Time // UTC, to the second
	Sig  []byte    // nil when not signed
}

const (
	anchorPrefix  = "ocu-anchor:v1:"
	anchorSigTag  = ":ed25519:"
	anchorTimeFmt = "20060102T150405Z"
)

// Body is the anchor's line without its signature: what is signed.
func (a Anchor) Body() string {
	return anchorPrefix + strconv.FormatInt(a.ID, 10) + ":" + a.Hash + ":" + a.At.UTC().Format(anchorTimeFmt)
}

// String is the anchor's line, with its signature when it has one.
func (a Anchor) String() string {
	if a.Sig == nil {
		return a.Body()
	}
	return a.Body() + anchorSigTag + base64.RawURLEncoding.EncodeToString(a.Sig)
}

// Signed says whether the anchor carries a signature.
func (a Anchor) Signed() bool { return a.Sig != nil }

var (
	hexHash   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	anchorRes = regexp.MustCompile(`^ocu-anchor:v1:(\d{1,19}):([^:]*):([^:]*)(?::ed25519:([A-Za-z0-9_-]+))?$`)
)

// Errors ParseAnchor and CheckSignature return. Their text is shown as is
// on the command line; the page shows them through the catalogue.
var (
	ErrAnchorFormat   = errors.New("this is not an ocu anchor: it reads ocu-anchor:v1:ID:HASH:TIME, optionally followed by :ed25519:SIGNATURE")
	ErrAnchorUnsigned = errors.New("the anchor is not signed, but anchors are signed here: it may have been altered (or was taken before signing began)")
	ErrAnchorBadSig   = errors.New("the anchor's signature does not match: the anchor was altered, or it was signed with another key")
)

// ParseAnchor reads an anchor's line. Spaces around it, as pasted, are
// ignored.
func ParseAnchor(s string) (Anchor, error) {
	m := anchorRes.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Anchor{}, ErrAnchorFormat
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return Anchor{}, ErrAnchorFormat
	}
	if !hexHash.MatchString(m[2]) {
		return Anchor{}, fmt.Errorf("%w (the hash must be 64 lowercase hex characters)", ErrAnchorFormat)
	}
	at, err := time.Parse(anchorTimeFmt, m[3])
	if err != nil {
		return Anchor{}, fmt.Errorf("%w (the time reads YYYYMMDDThhmmssZ)", ErrAnchorFormat)
	}
	a := Anchor{ID: id, Hash: m[2], At: at}
	if m[4] != "" {
		if a.Sig, err = base64.RawURLEncoding.DecodeString(m[4]); err != nil || len(a.Sig) != ed25519.SignatureSize {
			return Anchor{}, fmt.Errorf("%w (the signature is not a base64url Ed25519 signature)", ErrAnchorFormat)
		}
	}
	return a, nil
}

// Sign returns a signed with key.
func (a Anchor) Sign(key ed25519.PrivateKey) Anchor {
	a.Sig = ed25519.Sign(key, []byte(a.Body()))
	return a
}

// CheckSignature checks a's signature with pub: ErrAnchorUnsigned when it
// has none, ErrAnchorBadSig when it does not match.
func (a Anchor) CheckSignature(pub ed25519.PublicKey) error {
	if a.Sig == nil {
		return ErrAnchorUnsigned
	}
	if !ed25519.Verify(pub, []byte(a.Body()), a.Sig) {
		return ErrAnchorBadSig
	}
	return nil
}

// Querier reads one row: a *sql.DB, *sql.Conn or *sql.Tx. An export passes
// the connection of its read snapshot, so its anchor is the head of the
// trail as of the records it holds.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// HeadOf reads the head of the trail through q, unsigned.
func HeadOf(ctx context.Context, q Querier) (Anchor, error) {
	var a Anchor
	err := q.QueryRowContext(ctx, "SELECT id, hash, at FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&a.ID, &a.Hash, &a.At)
	if errors.Is(err, sql.ErrNoRows) {
		return Anchor{Hash: genesis, At: time.Time{}}, nil
	}
	if err != nil {
		return Anchor{}, fmt.Errorf("audit: read the head of the trail: %w", err)
	}
	a.At = a.At.UTC().Truncate(time.Second)
	return a, nil
}

// signingKey is the key anchors made by this process are signed with (see
// SignAnchorsWith); nil when they are not signed.
var signingKey atomic.Pointer[ed25519.PrivateKey]

// SignAnchorsWith makes CurrentAnchor sign every anchor with key from now
// on (nil: unsigned), and returns the key used before. The commands that
// make anchors (serve, report, export, audit anchor) set it once at start
// from --anchor-key or OCU_ANCHOR_KEY: the key stays in a file outside the
// database, and in this process's memory.
func SignAnchorsWith(key ed25519.PrivateKey) (previous ed25519.PrivateKey) {
	var p *ed25519.PrivateKey
	if key != nil {
		p = &key
	}
	if old := signingKey.Swap(p); old != nil {
		return *old
	}
	return nil
}

// AnchorPublicKey is the public half of the key anchors are signed with
// here, nil when they are not signed.
func AnchorPublicKey() ed25519.PublicKey {
	if k := signingKey.Load(); k != nil {
		return k.Public().(ed25519.PublicKey)
	}
	return nil
}

// CurrentAnchor is the head of the trail read through q, signed when a key
// is set: what the debrief report and the exports carry.
func CurrentAnchor(ctx context.Context, q Querier) (Anchor, error) {
	a, err := HeadOf(ctx, q)
	if err != nil {
		return a, err
	}
	if k := signingKey.Load(); k != nil {
		a = a.Sign(*k)
	}
	return a, nil
}

// Head is CurrentAnchor read from the database's reader pool.
func Head(ctx context.Context, d *db.DB) (Anchor, error) {
	pool, err := d.Read.DB()
	if err != nil {
		return Anchor{}, err
	}
	return CurrentAnchor(ctx, pool)
}
