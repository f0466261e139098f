package cases

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Move is one requested status change: to status To, with Note as the
// reason, done by Actor. When Version is not nil it must match the case's,
// as for an edit.
type Move struct {
	Reference string
	To        Status
	Note      string
	Actor     string
	Version   *int
}

// Transition moves a case to status `to` if the workflow allows it now, in
// one short transaction.
func (s *Store) Transition(ctx context.Context, reference string, to Status, note, actor string, version *int) (*Case, error) {
	p := principal(ctx)
	m := Move{Reference: reference, To: to, Note: note, Actor: actor, Version: version}
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		from, err := move(tx, p, m, s.now())
		if err != nil {
			return err
		}
		// The note is the mover's own words: named, never copied.
		return audit.Record(ctx, tx, audit.Entry{Action: "case.transition", Subject: "case:" + from.Reference,
			Details: audit.Changed(map[string]any{"status": from.Status}, map[string]any{"status": to, "note": strings.TrimSpace(note)}, "status")})
	})
	if err := s.newerIfStale(ctx, err); err != nil {
		return nil, err
	}
	return s.Get(ctx, reference)
}

// move applies m inside tx, checked by the workflow against the case as it
// stands in that transaction, and returns the case as it was before.
func move(tx *gorm.DB, p ocu.Principal, m Move, now time.Time) (*Case, error) {
	if p.ActsInOwnName() {
		m.Actor = p.Name() // who moved it is who is signed in
	}
	m.Note, m.Actor = strings.TrimSpace(m.Note), strings.TrimSpace(m.Actor)
	c, err := seeable(tx, p, m.Reference)
	if err != nil {
		return nil, err
	}
	if !p.MayChangeCase(c.UnitID, c.RaisingCountry) {
		return nil, readOnly(p, c)
	}
	fe := ocu.FieldErrors{}
	if m.Actor == "" {
		fe.Add("by", "error.required")
	} else if len([]rune(m.Actor)) > maxName {
		fe.Add("by", "error.too_long", maxName)
	}
	if len([]rune(m.Note)) > maxNote {
		fe.Add("note", "error.too_long", maxNote)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if m.Version != nil && *m.Version != c.Version {
		return nil, staleMove{c.Reference}
	}
	facts, err := loadFacts(tx, c)
	if err != nil {
		return nil, err
	}
	if err := Check(c, facts, m.To, m.Note, p); err != nil {
		return nil, err
	}
	set := map[string]any{"status": m.To, "version": gorm.Expr("version + 1"), "updated_at": now}
	t, _ := find(c.Status, m.To)
	if m.To == Screening || t.Via == Screening {
		set["screening_since"] = now
	}
	if err := tx.Model(&Case{}).Where("id = ?", c.ID).Updates(set).Error; err != nil {
		return nil, err
	}
	steps := []HistoryEntry{{CaseID: c.ID, FromStatus: c.Status, ToStatus: m.To, Actor: m.Actor, Note: m.Note, At: now}}
	if t.Via != "" {
		steps = []HistoryEntry{{CaseID: c.ID, FromStatus: c.Status, ToStatus: t.Via, Actor: m.Actor, At: now},
			{CaseID: c.ID, FromStatus: t.Via, ToStatus: m.To, Actor: m.Actor, Note: m.Note, At: now}}
	}
	if err := tx.Create(&steps).Error; err != nil {
		return nil, err
	}
	return c, nil
}

// staleMove reports which case a move found changed under it.
type staleMove struct{ reference string }

func (e staleMove) Error() string { return "stale version of " + e.reference }

// newerIfStale turns a move refused as stale into the conflict that
// carries the newer case; other errors pass as they are.
func (s *Store) newerIfStale(ctx context.Context, err error) error {
	var sm staleMove
	if !errors.As(err, &sm) {
		return err
	}
	newer, gerr := s.Get(ctx, sm.reference)
	if gerr != nil {
		return gerr
	}
	return staleError(newer)
}

// loadFacts gathers what the workflow's guards look at, inside the
// transition's transaction.
func loadFacts(tx *gorm.DB, c *Case) (Facts, error) {
	var f Facts
	err := tx.Raw(`SELECT COUNT(*) AS people,
		COALESCE(SUM(outcome = 'unscreened'), 0) AS unscreened,
		COALESCE(SUM(outcome = 'suspect' AND arrested = 1 AND prosecution_authority != ''
			AND EXISTS (SELECT 1 FROM charges ch WHERE ch.person_id = p.id)), 0) AS ready_for_referral
		FROM people p WHERE p.case_id = ?`, c.ID).Scan(&f).Error
	if err != nil || c.Status != Closed {
		return f, err
	}
	err = tx.Raw(`SELECT from_status FROM case_transitions WHERE case_id = ? AND to_status = 'closed'
		ORDER BY id DESC LIMIT 1`, c.ID).Scan(&f.ClosedFrom).Error
	return f, err
}

// Facts loads the guard facts for c outside any transaction, for showing
// which transitions the case page may offer.
func (s *Store) Facts(ctx context.Context, c *Case) (Facts, error) {
	return loadFacts(s.db.Read.WithContext(ctx), c)
}
