package cases

import (
	"context"
	"fmt"
	"iter"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Restoring puts back cases exported from ocu, exactly as they were
// (references, versions, times and history), so that an export imported
// into an empty database exports again to the same files. Every record
// still passes the rules a user's input passes, and a case's history must
// be a walk through the workflow ending at its status.

// RestoreCase is one exported case. Its history, people and seizures come
// one row at a time, in file order, so that restoring an operation holds
// one row of each, never a whole file.
type RestoreCase struct {
	Line      int // where it came from, for error messages
	Input     Input
	Reference string
	Status    Status
	Notable   bool
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
	History   iter.Seq2[RestoreEntry, error]
	People    iter.Seq2[RestorePerson, error]
	Seizures  iter.Seq2[RestoreSeizure, error]
	// The people's identifiers and notices, after the people (nil when
	// the export has none).
	Identifiers iter.Seq2[RestoreIdentifier, error]
	Notices     iter.Seq2[RestoreNotice, error]
	Checks      iter.Seq2[RestoreCheck, error]
	Partners    iter.Seq2[RestorePartner, error]
}

// RestoreEntry is one line of a case's history.
type RestoreEntry struct {
	Line     int
	From, To Status
	Actor    string
	Note     string
	At       time.Time
}

// RestorePerson is one exported person.
type RestorePerson struct {
	Line                 int
	Pseudonym            string
	Input                PersonInput
	Version              int
	CreatedAt, UpdatedAt time.Time
}

// RestoreSeizure is one exported seizure.
type RestoreSeizure struct {
	Line      int
	Input     SeizureInput
	CreatedAt time.Time
}

// RestoreError names the file line and field at fault.
func restoreError(file string, line int, field, key string, args ...any) error {
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"),
		Fields: map[string]ocu.Message{fmt.Sprintf("%s:%d:%s", file, line, field): ocu.Msg(key, args...)}}
}

// fieldError turns a validation error into one naming the file line.
func fieldError(file string, line int, err error) error {
	e, ok := asError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"), Fields: map[string]ocu.Message{}}
	for f, m := range e.Fields {
		out.Fields[fmt.Sprintf("%s:%d:%s", file, line, f)] = m
	}
	return out
}

// Restorer restores cases one at a time inside tx, the importer's one
// transaction: the import commits all of them or none.
type Restorer struct {
	tx   *gorm.DB
	snap *units.Snapshot
	p    ocu.Principal
	// seqs is the highest reference sequence restored per operation and
	// OCU, for the counters new cases are numbered from (Finish).
	seqs map[[2]int64]int
	// restored holds the cases this import restored: links may join
	// only them.
	restored map[int64]bool
}

// Restorer starts restoring cases inside tx. Only ocu itself or a
// supervisor restoring their own OCU's cases may; a reference already
// present is refused, never overwritten.
func (s *Store) Restorer(ctx context.Context, tx *gorm.DB, snap *units.Snapshot) (*Restorer, error) {
	p := principal(ctx)
	if !p.MayImport() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.import_not_allowed")
	}
	return &Restorer{tx: tx, snap: snap, p: p, seqs: map[[2]int64]int{}, restored: map[int64]bool{}}, nil
}

// Case restores one case with its history, people and seizures, reading
// each of them once, in order.
func (r *Restorer) Case(rc RestoreCase) error {
	tx, snap, p := r.tx, r.snap, r.p
	in := rc.Input
	res, err := validate(snap, &in, rc.CreatedAt.Add(time.Hour))
	if err != nil {
		return fieldError("cases.csv", rc.Line, err)
	}
	if !p.MaySupervise(res.unit.ID) { // a supervisor restores their own OCU's cases only
		return restoreError("cases.csv", rc.Line, "unit", "error.import_other_unit", res.unit.Code)
	}
	if !rc.Status.Valid() {
		return restoreError("cases.csv", rc.Line, "status", "workflow.unknown_status", string(rc.Status))
	}
	seq, ok := referenceSeq(rc.Reference, res.op.Code, res.unit.Code)
	if !ok {
		return restoreError("cases.csv", rc.Line, "reference", "error.import_reference", rc.Reference, res.op.Code, res.unit.Code)
	}
	var n int64
	if err := tx.Model(&Case{}).Where("reference = ?", rc.Reference).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return restoreError("cases.csv", rc.Line, "reference", "error.import_exists", rc.Reference)
	}
	c := &Case{OperationID: res.op.ID, UnitID: res.unit.ID, Seq: seq, Reference: rc.Reference, RaisingCountry: in.RaisingCountry,
		Title: in.Title, Summary: in.Summary, Place: in.Place, CountryISO2: in.Country, RaidAt: res.raidAt,
		RaidDay: res.raidAt.In(res.unit.Location()).Format(time.DateOnly), Status: rc.Status, RaisedBy: in.RaisedBy,
		Version: rc.Version, CreatedAt: rc.CreatedAt, UpdatedAt: rc.UpdatedAt, Forms: formsOf(in), Notable: rc.Notable}
	if err := tx.Create(c).Error; err != nil {
		return fmt.Errorf("restore %s: %w", rc.Reference, err)
	}
	if err := writeDetails(tx, c, in); err != nil {
		return err
	}
	if err := restoreHistory(tx, c, rc); err != nil {
		return err
	}
	if err := restorePeople(tx, snap, c, rc.People, res.unit.Location()); err != nil {
		return err
	}
	for sz, err := range orNone(rc.Seizures) {
		if err != nil {
			return err
		}
		in := sz.Input
		v, err := validateSeizure(&in)
		if err != nil {
			return fieldError("seizures.csv", sz.Line, err)
		}
		v.CaseID, v.OperationID, v.UnitID, v.CreatedAt = c.ID, c.OperationID, c.UnitID, sz.CreatedAt
		if err := tx.Create(&v).Error; err != nil {
			return err
		}
	}
	if err := restoreIdentities(tx, snap, c, rc); err != nil {
		return err
	}
	if err := restoreChecks(tx, c, rc.Checks); err != nil {
		return err
	}
	if err := restorePartners(tx, snap, c, rc.Partners); err != nil {
		return err
	}
	if err := refreshTallies(tx, c.ID); err != nil {
		return err
	}
	// The people found must allow the status the case is in.
	facts, err := loadFacts(tx, c)
	if err != nil {
		return err
	}
	if err := statusFits(c.Status, facts); err != nil {
		return fieldError("cases.csv", rc.Line, err)
	}
	key := [2]int64{c.OperationID, c.UnitID}
	r.seqs[key] = max(r.seqs[key], seq)
	r.restored[c.ID] = true
	return nil
}

// Finish moves each OCU's reference counter past the cases restored, so
// the next case raised there takes the next free reference.
func (r *Restorer) Finish() error {
	for key, last := range r.seqs {
		if err := r.tx.Exec(`INSERT INTO case_sequences (operation_id, unit_id, last_seq) VALUES (?, ?, ?)
			ON CONFLICT (operation_id, unit_id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`, key[0], key[1], last).Error; err != nil {
			return err
		}
	}
	return nil
}

// orNone ranges over nothing when a case has no rows of a kind.
func orNone[T any](seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	if seq == nil {
		return func(func(T, error) bool) {}
	}
	return seq
}

func restorePeople(tx *gorm.DB, snap *units.Snapshot, c *Case, people iter.Seq2[RestorePerson, error], loc *time.Location) error {
	last := 0
	for rp, err := range orNone(people) {
		if err != nil {
			return err
		}
		seq, ok := personSeq(rp.Pseudonym, c.Reference)
		if !ok {
			return restoreError("people.csv", rp.Line, "pseudonym", "error.import_pseudonym", rp.Pseudonym, c.Reference)
		}
		in := rp.Input
		pf, err := validatePerson(snap, &in, loc, rp.CreatedAt.Add(time.Hour))
		if err != nil {
			return fieldError("people.csv", rp.Line, err)
		}
		p := personFrom(in, pf)
		p.CaseID, p.OperationID, p.UnitID, p.Seq, p.Pseudonym = c.ID, c.OperationID, c.UnitID, seq, rp.Pseudonym
		p.Version, p.CreatedAt, p.UpdatedAt = rp.Version, rp.CreatedAt, rp.UpdatedAt
		if err := tx.Create(&p).Error; err != nil {
			return restoreError("people.csv", rp.Line, "pseudonym", "error.import_exists", rp.Pseudonym)
		}
		for _, ch := range p.Charges {
			if err := tx.Create(&personCharge{p.ID, ch}).Error; err != nil {
				return err
			}
		}
		last = max(last, seq)
	}
	return tx.Exec("UPDATE cases SET last_person_seq = ? WHERE id = ?", last, c.ID).Error
}

// restoreHistory writes the case's history as it reads it, requiring it to
// start with the case's creation and walk the transition table to the
// case's status. A case in screening has been since its last move there.
func restoreHistory(tx *gorm.DB, c *Case, rc RestoreCase) error {
	at, n := Status(""), 0
	var since *time.Time
	for h, err := range orNone(rc.History) {
		if err != nil {
			return err
		}
		n++
		switch {
		case n == 1 && (h.From != "" || h.To != Raid):
			return restoreError("history.csv", h.Line, "to", "error.import_history_start", rc.Reference)
		case n > 1 && h.From != at:
			return restoreError("history.csv", h.Line, "from", "error.import_history_gap", string(at), string(h.From))
		case n > 1:
			if _, ok := find(h.From, h.To); !ok {
				// Name every move the table has from there: a restore
				// replays supervisors' moves too.
				return restoreError("history.csv", h.Line, "to", "workflow.not_allowed", string(h.From), string(h.To), joinStatuses(next(h.From, true)))
			}
		}
		at = h.To
		if at == Screening {
			t := h.At
			since = &t
		}
		if err := tx.Create(&HistoryEntry{CaseID: c.ID, FromStatus: h.From, ToStatus: h.To, Actor: h.Actor, Note: h.Note, At: h.At}).Error; err != nil {
			return err
		}
	}
	if n == 0 {
		return restoreError("cases.csv", rc.Line, "reference", "error.import_history_start", rc.Reference)
	}
	if at != rc.Status {
		return restoreError("cases.csv", rc.Line, "status", "error.import_history_end", string(at), string(rc.Status))
	}
	if c.Status == Screening && since != nil {
		// A plain UPDATE: it leaves updated_at as exported.
		return tx.Exec("UPDATE cases SET screening_since = ? WHERE id = ?", *since, c.ID).Error
	}
	return nil
}

// statusFits applies the workflow's guards to a restored case: a case in
// screening has people; a referred one has nobody unscreened and a
// referred suspect.
func statusFits(st Status, f Facts) error {
	var gs []Guard
	switch st {
	case Screening:
		gs = []Guard{needPeople}
	case Referred:
		gs = []Guard{needPeople, noneUnscreened, suspectReadyForReferral}
	}
	for _, g := range gs {
		if m := g(nil, f); m != nil {
			return &ocu.Error{Kind: ocu.Invalid, Message: *m, Fields: map[string]ocu.Message{"status": *m}}
		}
	}
	return nil
}
