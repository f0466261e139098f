package audit

import (
	"context"
	"fmt"

	"github.com/ocu-project/ocu/db"
)

// Result is what Verify found.
type Result struct {
	Entries     int    // entries checked
	FirstBroken int64  // id of the first entry that fails, 0 when intact
	Reason      string // why it fails, in plain English, "" when intact
}

// Intact says whether every entry checked passed.
func (r Result) Intact() bool { return r.FirstBroken == 0 }

// Verify walks the whole trail in id order and checks every hash and link.
// It stops at the first entry that fails: everything after a break is
// unproven anyway. Entries counts the entries checked, the failing one
// included.
//
// It reads through a cursor, one row at a time, so a trail of millions of
// entries needs no more memory than one; the single read statement sees
// one consistent snapshot of the file (WAL), whatever is appended
// meanwhile. See the package comment for what the chain cannot detect.
func Verify(ctx context.Context, d *db.DB) (Result, error) {
	rows, err := d.Read.WithContext(ctx).Raw(`SELECT id, at, user_id, username, address, action, subject, details, prev_hash, hash
		FROM audit_log ORDER BY id`).Rows()
	if err != nil {
		return Result{}, fmt.Errorf("audit: read the trail: %w", err)
	}
	defer rows.Close()

	var res Result
	prev := genesis
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.ID, &r.At, &r.UserID, &r.Username, &r.Address, &r.Action, &r.Subject, &r.Details, &r.PrevHash, &r.Hash); err != nil {
			// A value of the wrong type (text in user_id) is an edit too:
			// report the row rather than fail the whole check. The driver's
			// message is left out: it quotes the value, which may be
			// personal data.
			res.Entries++
			res.FirstBroken, res.Reason = r.ID, reasonUnreadable
			return res, nil
		}
		res.Entries++
		if reason := check(prev, &r); reason != "" {
			res.FirstBroken, res.Reason = r.ID, reason
			return res, nil
		}
		prev = r.Hash
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("audit: read the trail: %w", err)
	}
	return res, nil
}

// Why an entry fails, as Result.Reason. The handlers show them through the
// catalogue (reasonKeys), so they are constants rather than composed text.
const (
	reasonUnreadable = "its stored values are not of the types ocu writes: the entry was altered after it was written"
	reasonAltered    = "its content does not match its hash: the entry was altered after it was written"
	reasonFirst      = "it is the first entry but does not start the chain: earlier entries were removed"
	reasonLink       = "it does not link to the entry before it: an entry between them was removed or reordered, " +
		"or the previous entry was altered and its hash recomputed"
)

// check says why r, following an entry whose hash is prev, fails; "" when
// it passes. The content is checked before the link: an edited row is
// named as edited, and a row whose content holds but whose link does not
// points at what happened before it (a removal, a reordering, or an edit
// of the previous row whose hash was then recomputed).
func check(prev string, r *row) string {
	if chainHash(r.PrevHash, r) != r.Hash {
		return reasonAltered
	}
	if r.PrevHash != prev {
		if prev == genesis {
			return reasonFirst
		}
		return reasonLink
	}
	return ""
}
