// Package audit keeps ocu's audit trail: who did what, when, from where.
//
// The trail is the audit_log table, append-only in two ways. The database
// refuses UPDATE and DELETE on it (triggers, migration 0004), and each entry
// is chained to the one before it: its hash covers its own content and the
// hash of the previous entry. Someone with the database file can drop the
// triggers and edit rows, but not without breaking the chain, which Verify
// walks.
//
// The hash of an entry is the lowercase hex SHA-256 of
//
//	prev_hash || field(at) || field(user_id) || field(username) ||
//	field(address) || field(action) || field(subject) || field(details)
//
// where prev_hash is the previous entry's hash as its 64 hex characters (64
// zeros for the first entry) and field(s) is a netstring: the byte length
// of s in decimal, ":", the bytes of s, ",". Length prefixes make the
// encoding unambiguous byte for byte (no separator can be smuggled into a
// value), so a third party can re-check the trail with a few lines of any
// language. The fields are rendered as:
//
//	at        UTC, "2006-01-02T15:04:05.000000000Z" (always nine fraction digits)
//	user_id   decimal; "" when the column is NULL (nobody signed in, or ocu itself)
//	details   the exact JSON text stored in the column
//	the rest  the column's text as stored
//
// The chain on its own cannot show two things: the removal of the newest
// entries (a shorter chain is still intact, and the next append links to
// whatever is last), and a rewrite from an edited row onwards with every
// later hash recomputed. Two defences close these.
//
// The schema refuses rewrites: UPDATE and DELETE abort (migration 0004),
// and so does any INSERT that names an id already taken or not after the
// last one (migration 0008), which stops REPLACE INTO, INSERT OR REPLACE
// and UPSERT, whose conflict handling would otherwise delete or rewrite a
// row without firing the DELETE trigger. Someone with the file can still
// drop the triggers.
//
// Anchors catch what is then done (anchor.go): an anchor is the head of the
// trail (id, hash, time) written as one short line, ocu-anchor:v1:..., and
// optionally signed with an Ed25519 key kept outside the database. The
// debrief report and every export carry the anchor of the moment they were
// made, and `ocu audit anchor` prints it to keep elsewhere. VerifyAnchor
// proves the trail still holds the anchored entry with the same hash and
// that everything before it verifies: a trail cut short, or rewritten and
// re-hashed, no longer does.
//
// # What the details of an entry may hold
//
// The trail is read by administrators, who see no case, and it can never
// be edited or purged. So it records who did what to which record, never
// the personal data or free text the record holds:
//
//   - Subjects name records by reference or pseudonym (case:LIB2-MNL-0007,
//     person:LIB2-MNL-0007-P003), or by username for accounts.
//   - A change lists the names of the fields it changed (Changed), and the
//     values of non-personal, structured fields only: case status and
//     workflow moves, screening outcomes, counts, case references and
//     pseudonyms, codes of countries, OCUs, operations, forms of
//     exploitation of a case, the raid time of a case, seizure kinds,
//     quantities, units, currencies and values, account roles, OCUs,
//     countries and disabled flags, the notable flag, token prefixes.
//   - Never values, only names: suspects' names and dates of birth; any
//     other field of a person (sex, age band, nationality, form of
//     exploitation, assistance organisation and date, arrest, charges,
//     prosecution details: a person's attributes, even under a pseudonym,
//     stay with the person); titles, summaries and places of cases; notes
//     and reasons typed with a move or a notable mark; seizure
//     descriptions; who is named as having raised a case or recorded a
//     seizure; display names of accounts; names of API tokens.
//   - Operations and attachments (reference data the administrator manages
//     and sees, about no person) are recorded with their values.
//
// Record enforces the shape (plain values only, see Details); Changed makes
// the name-only rule the default, as a field is recorded by value only when
// the caller names it.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
)

// Entry is one thing that happened.
type Entry struct {
	Action  string  // dotted verb, e.g. "case.create", "auth.signin", "auth.signin_failed", "suspect.view", "export"
	Subject string  // what it concerns, e.g. "case:LIB2-MNL-0001", "user:jdoe", "" when nothing
	Details Details // plain values only (see Details); for changes use Changed; nil allowed
}

// genesis is the prev_hash of the first entry.
const genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// atLayout renders the time for hashing: fixed width, so the text depends
// on the instant only, not on how the driver trimmed trailing zeros.
const atLayout = "2006-01-02T15:04:05.000000000Z"

// anonymous names the actor of an entry made without a principal in the
// context (a failed sign-in before anyone is known).
const anonymous = "anonymous"

// now is the clock entries are stamped with; tests set it to put entries
// on given days.
var now = time.Now

// row is an audit_log row as stored. UserID is NULL for entries made by
// nobody signed in or by ocu itself.
type row struct {
	ID       int64
	At       time.Time
	UserID   sql.NullInt64
	Username string
	Address  string
	Action   string
	Subject  string
	Details  string
	PrevHash string
	Hash     string
}

// chainHash computes the hash of r chained to prevHash (see the package
// comment for the serialisation).
func chainHash(prevHash string, r *row) string {
	h := sha256.New()
	h.Write([]byte(prevHash))
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
		h.Write([]byte{','})
	}
	field(r.At.UTC().Format(atLayout))
	if r.UserID.Valid {
		field(strconv.FormatInt(r.UserID.Int64, 10))
	} else {
		field("")
	}
	field(r.Username)
	field(r.Address)
	field(r.Action)
	field(r.Subject)
	field(r.Details)
	return hex.EncodeToString(h.Sum(nil))
}

// Record appends e inside tx, the caller's write transaction (obtained from
// d.Write), so the entry commits or rolls back with the change it records.
// Who and from where come from ocu.PrincipalFrom(ctx): user 0 (stored as
// NULL), "anonymous" and no address when there is none.
//
// Reading the last hash and inserting the new entry are safe against other
// appends only because tx is a transaction on the single writer connection,
// begun IMMEDIATE: no other write can interleave. Record refuses a tx that
// is not a transaction.
func Record(ctx context.Context, tx *gorm.DB, e Entry) error {
	if tx == nil {
		return errors.New("audit: Record needs the caller's write transaction")
	}
	if _, inTx := tx.Statement.ConnPool.(gorm.TxCommitter); !inTx {
		return errors.New("audit: Record needs a transaction (d.Write.Transaction), not a bare connection")
	}
	if e.Action == "" {
		return errors.New("audit: entry without an action")
	}
	if bad := plain(reflect.ValueOf(e.Details), "details"); bad != "" {
		return fmt.Errorf("audit: the details of %s hold %s, not a plain value: describe a record's change with audit.Changed", e.Action, bad)
	}
	details, err := json.Marshal(e.Details)
	if err != nil {
		// Only the action is named: the details may hold personal data.
		return fmt.Errorf("audit: details of %s are not JSON: %w", e.Action, err)
	}

	r := row{
		// Microseconds are plenty for ordering humans' actions and keep the
		// stored text short; any precision would round-trip.
		At:       now().UTC().Truncate(time.Microsecond),
		Username: anonymous,
		Action:   e.Action,
		Subject:  e.Subject,
		Details:  string(details),
	}
	if p, ok := ocu.PrincipalFrom(ctx); ok {
		r.Username, r.Address = p.Username, p.Address
		if p.UserID != 0 {
			r.UserID = sql.NullInt64{Int64: p.UserID, Valid: true}
		}
		if r.Username == "" {
			r.Username = anonymous
		}
	}

	tx = tx.WithContext(ctx)
	var last []string
	if err := tx.Raw("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&last).Error; err != nil {
		return fmt.Errorf("audit: read the last hash: %w", err)
	}
	r.PrevHash = genesis
	if len(last) == 1 {
		r.PrevHash = last[0]
	}
	r.Hash = chainHash(r.PrevHash, &r)

	// time.Time is bound as is: the driver stores it as
	// "2006-01-02 15:04:05.999999999-07:00" text and, the column being
	// DATETIME, parses it back to the same instant (TestTimeRoundTrips).
	err = tx.Exec(`INSERT INTO audit_log (at, user_id, username, address, action, subject, details, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.At, r.UserID, r.Username, r.Address, r.Action, r.Subject, r.Details, r.PrevHash, r.Hash).Error
	if err != nil {
		return fmt.Errorf("audit: append %s: %w", e.Action, err)
	}
	return nil
}

// Log appends entries in their own write transaction: for reads that must
// be recorded (a view of a suspect's personal data, a sign-in).
type Log struct{ DB *db.DB }

// Append records e in a transaction of its own on the writer.
func (l *Log) Append(ctx context.Context, e Entry) error {
	return l.DB.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return Record(ctx, tx, e)
	})
}
