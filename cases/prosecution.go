package cases

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// What happens to a referred suspect after the week: a later arrest (one
// at large when referred), then the prosecution's steps. Each is recorded
// once, dated, audited (so it shows on the case's timeline) and counted in
// the operation's follow-up results (reports). A step is a fact with a
// date, never edited: a wrong entry stays in the trail, as a court record
// would.

// Prosecution steps.
const (
	StepArrested  = "arrested" // a later arrest, after the operational days
	StepCharged   = "charged"
	StepConvicted = "convicted"
	StepAcquitted = "acquitted"
	StepDropped   = "dropped"
)

// ProsecutionSteps lists the steps in the order they are shown and offered.
var ProsecutionSteps = []string{StepArrested, StepCharged, StepConvicted, StepAcquitted, StepDropped}

// finalSteps end a prosecution: after one, nothing more is recorded.
var finalSteps = []string{StepConvicted, StepAcquitted, StepDropped}

// ProsecutionEvent is one step recorded for a suspect.
type ProsecutionEvent struct {
	ID         int64
	PersonID   int64
	CaseID     int64
	Kind       string
	Day        string // YYYY-MM-DD
	RecordedBy string
	CreatedAt  time.Time
}

func (ProsecutionEvent) TableName() string { return "prosecution_events" }

// Prosecution lists the steps recorded for a person, in the order they
// happened.
func (s *Store) Prosecution(ctx context.Context, personID int64) ([]ProsecutionEvent, error) {
	var es []ProsecutionEvent
	err := s.db.Read.WithContext(ctx).Where("person_id = ?", personID).Order("day, id").Find(&es).Error
	return es, err
}

// RecordProsecution records a step of a referred suspect's prosecution:
// kind on day (YYYY-MM-DD). Whoever may contribute to the case may record
// one, also once the case is closed (a prosecution outlives the case's
// work in the operation). The rules, each refusal saying what to fix:
//   - the person is a suspect referred for prosecution;
//   - the day is a date, not in the future, not before the raid nor the
//     referral;
//   - a later arrest is of a suspect not arrested in the week, on a day
//     after the operational days;
//   - a conviction or acquittal follows a charge, on or after its day;
//   - each step once; nothing after a conviction, acquittal or dropping.
func (s *Store) RecordProsecution(ctx context.Context, pseudonym, kind, day string) (*ProsecutionEvent, error) {
	kind, day = strings.TrimSpace(kind), strings.TrimSpace(day)
	fe := ocu.FieldErrors{}
	tooLong(fe, "kind", kind)
	tooLong(fe, "day", day)
	if kind == "" {
		fe.Add("kind", "error.required")
	} else if !slices.Contains(ProsecutionSteps, kind) {
		fe.Add("kind", "error.prosecution_kind_unknown")
	}
	if day == "" {
		fe.Add("day", "error.required")
	} else if _, err := time.Parse(time.DateOnly, day); err != nil {
		fe.Add("day", "error.date_format")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	who := principal(ctx)
	var ev ProsecutionEvent
	var ref string
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := personByPseudonym(tx, pseudonym)
		if err != nil {
			return err
		}
		if err := tx.Raw("SELECT reference FROM cases WHERE id = ?", p.CaseID).Scan(&ref).Error; err != nil {
			return err
		}
		c, err := seeable(tx, who, ref)
		if err != nil {
			return ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
		}
		if !canContribute(who, c) {
			return readOnly(who, c)
		}
		if p.Outcome != Suspect || p.ProsecutionAuthority == "" {
			return ocu.Errorf(ocu.Invalid, "error.prosecution_not_referred", p.Pseudonym)
		}
		var done []ProsecutionEvent
		if err := tx.Where("person_id = ?", p.ID).Find(&done).Error; err != nil {
			return err
		}
		op := snap.OperationByID(c.OperationID)
		loc := snap.UnitByID(c.UnitID).Location()
		if err := prosecutionRule(p, c.RaidDay, op.LastDay, done, kind, day, s.now().In(loc).Format(time.DateOnly)); err != nil {
			return err
		}
		ev = ProsecutionEvent{PersonID: p.ID, CaseID: c.ID, Kind: kind, Day: day, RecordedBy: who.Name(), CreatedAt: s.now()}
		if err := tx.Create(&ev).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", s.now(), c.ID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "person.prosecution", Subject: "person:" + p.Pseudonym,
			Details: map[string]any{"kind": kind, "day": day}})
	})
	if err != nil {
		return nil, err
	}
	return &ev, nil
}

// prosecutionRule checks one new step against the person and the steps
// already recorded (done); today is the date in the case's OCU.
func prosecutionRule(p *Person, raidDay, lastDay string, done []ProsecutionEvent, kind, day, today string) error {
	had := map[string]string{}
	for _, e := range done {
		had[e.Kind] = e.Day
	}
	switch {
	case day > today:
		return ocu.Refused("day", ocu.Msg("error.prosecution_future", day))
	case day < raidDay:
		return ocu.Refused("day", ocu.Msg("error.prosecution_before_raid", raidDay))
	case p.ProsecutionDate != "" && day < p.ProsecutionDate:
		return ocu.Refused("day", ocu.Msg("error.prosecution_before_referral", p.ProsecutionDate))
	}
	if had[kind] != "" {
		return ocu.Errorf(ocu.Conflict, "error.prosecution_recorded", p.Pseudonym, had[kind])
	}
	for _, f := range finalSteps {
		if had[f] != "" {
			return ocu.Errorf(ocu.Conflict, "error.prosecution_ended", p.Pseudonym, had[f])
		}
	}
	switch kind {
	case StepArrested:
		if p.Arrested {
			return ocu.Refused("kind", ocu.Msg("error.prosecution_already_arrested", p.Pseudonym))
		}
		if day <= lastDay {
			return ocu.Refused("day", ocu.Msg("error.later_arrest_in_week", lastDay))
		}
	case StepConvicted, StepAcquitted:
		switch {
		case had[StepCharged] == "":
			return ocu.Refused("kind", ocu.Msg("error.prosecution_not_charged", p.Pseudonym))
		case day < had[StepCharged]:
			return ocu.Refused("day", ocu.Msg("error.prosecution_before_charge", had[StepCharged]))
		}
	case StepDropped:
		if had[StepCharged] != "" && day < had[StepCharged] {
			return ocu.Refused("day", ocu.Msg("error.prosecution_before_charge", had[StepCharged]))
		}
	}
	return nil
}
