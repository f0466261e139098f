package cases

import (
	"context"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// maxNotableNote bounds the note printed with a notable case in the debrief
// report: a few sentences, not a second summary.
const maxNotableNote = 500

// notableState is a case's mark, before and after a change, for the audit
// trail.
type notableState struct {
	Notable bool   `json:"notable"`
	Note    string `json:"note"`
}

// MarkNotable marks a case as notable for the debrief report, with a note
// saying why, or unmarks it (the note is kept as given, so marking it again
// later brings it back). It is the supervisors' judgement on their own OCU's
// cases, so only they (and ocu itself) may. The case's version and update
// time stay as they are: the case's content has not changed, and an
// officer editing the case meanwhile must not be told it is stale.
func (s *Store) MarkNotable(ctx context.Context, reference string, notable bool, note string) error {
	p := principal(ctx)
	note = strings.TrimSpace(note)
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seeable(tx, p, reference)
		if err != nil {
			return err
		}
		if !p.MaySupervise(c.UnitID) {
			return ocu.Errorf(ocu.Forbidden, "error.notable_supervisors")
		}
		if utf8.RuneCountInString(note) > maxNotableNote {
			return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"notable_note": ocu.Msg("error.too_long", maxNotableNote)}}
		}
		before, after := notableState{c.Notable, c.NotableNote}, notableState{notable, note}
		if before == after {
			return nil // nothing to record
		}
		if err := tx.Exec("UPDATE cases SET notable = ?, notable_note = ? WHERE id = ?", notable, note, c.ID).Error; err != nil {
			return err
		}
		// The note is the supervisor's own words: named, never copied.
		return audit.Record(ctx, tx, audit.Entry{Action: "case.notable", Subject: "case:" + c.Reference,
			Details: audit.Changed(before, after, "notable")})
	})
}
