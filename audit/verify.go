package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/ocu-project/ocu/db"
)

// Result is what Verify found.
type Result struct {
	Entries     int    // entries checked
	FirstBroken int64  // id of the first entry that fails, 0 when intact
	Reason      string // why it fails, in plain English, "" when intact
	// Anchored says an anchor was checked (VerifyAnchor); AnchorProblem
	// why the trail no longer holds it, "" when it does.
	Anchored      bool
	AnchorProblem string
}

// Intact says whether every entry checked passed, and the trail holds the
// anchor when one was given.
func (r Result) Intact() bool { return r.FirstBroken == 0 && r.AnchorProblem == "" }

// Verify walks the whole trail in id order and checks every hash and link.
// It stops at the first entry that fails: everything after a break is
// unproven anyway. Entries counts the entries checked, the failing one
// included.
//
// It reads through a cursor, one row at a time, so a trail of millions of
// entries needs no more memory than one; the single read statement sees
// one consistent snapshot of the file (WAL), whatever is appended
// meanwhile. See the package comment for what the chain cannot detect.
func Verify(ctx context.Context, d *db.DB) (Result, error) { return walk(ctx, d, nil) }

// VerifyAnchor is Verify, and proves that the trail still holds the entry
// a was taken of, with the same hash and time: everything up to it is what
// it was when the anchor was taken. A trail cut short before it, or
// rewritten up to it with every hash recomputed (which the chain alone
// cannot show), fails with AnchorProblem saying which. The anchor's
// signature is for the caller to check (Anchor.CheckSignature).
func VerifyAnchor(ctx context.Context, d *db.DB, a Anchor) (Result, error) { return walk(ctx, d, &a) }

func walk(ctx context.Context, d *db.DB, anchor *Anchor) (Result, error) {
	rows, err := d.Read.WithContext(ctx).Raw(`SELECT id, at, user_id, username, address, action, subject, details, prev_hash, hash
		FROM audit_log ORDER BY id`).Rows()
	if err != nil {
		return Result{}, fmt.Errorf("audit: read the trail: %w", err)
	}
	defer rows.Close()

	var res Result
	res.Anchored = anchor != nil
	seen := anchor == nil || anchor.ID == 0
	if anchor != nil && anchor.ID == 0 && anchor.Hash != genesis {
		res.AnchorProblem = reasonAnchorHash
	}
	// unproven marks the anchor as not confirmed when the chain breaks at
	// or before it.
	unproven := func() {
		if !seen {
			res.AnchorProblem = reasonAnchorUnproven
		}
	}
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
			unproven()
			return res, nil
		}
		res.Entries++
		if reason := check(prev, &r); reason != "" {
			res.FirstBroken, res.Reason = r.ID, reason
			unproven()
			return res, nil
		}
		prev = r.Hash
		if !seen && r.ID >= anchor.ID {
			seen = true
			switch {
			case r.ID > anchor.ID:
				res.AnchorProblem = reasonAnchorMissing
			case r.Hash != anchor.Hash:
				res.AnchorProblem = reasonAnchorHash
			case !r.At.UTC().Truncate(time.Second).Equal(anchor.At):
				res.AnchorProblem = reasonAnchorTime
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("audit: read the trail: %w", err)
	}
	if !seen {
		res.AnchorProblem = reasonAnchorCut
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

// Why the trail no longer holds an anchor, as Result.AnchorProblem.
const (
	reasonAnchorCut     = "the trail ends before the anchored entry: its newest entries were removed"
	reasonAnchorMissing = "the anchored entry is missing: entries were removed and the trail re-linked over the gap"
	reasonAnchorHash    = "the anchored entry's hash differs from the anchor's: the trail was rewritten at or before this entry, " +
		"with every later hash recomputed"
	reasonAnchorTime     = "the anchored entry's time differs from the anchor's, though its hash matches: the anchor itself was altered"
	reasonAnchorUnproven = "the chain is broken at or before the anchored entry, so the anchor cannot be confirmed"
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
