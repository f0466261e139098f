package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Store holds every query on cases and applies the rules around them:
// validation on create and update, the workflow on transitions, optimistic
// locking on both.
type Store struct {
	db    *db.DB
	units *units.Store
	now   func() time.Time
}

// NewStore returns a Store on d, resolving reference data through u.
func NewStore(d *db.DB, u *units.Store) *Store {
	return &Store{db: d, units: u, now: func() time.Time { return time.Now().UTC() }}
}

// resolved is the reference data an input was checked against.
type resolved struct {
	op     units.Operation
	unit   units.Unit
	raidAt time.Time
}

// validate normalises in and checks every rule against the reference data,
// collecting all field errors at once so the officer can fix the form in one
// go. It reads no database: the snapshot holds what it needs, which lets a
// bulk load validate thousands of inputs cheaply.
func validate(ref *units.Snapshot, in *Input, now time.Time) (resolved, error) {
	in.normalise()
	fe := ocu.FieldErrors{}
	in.checkText(fe)
	var r resolved

	opOK, unitOK := false, false
	if in.Operation == "" {
		fe.Add("operation", "error.required")
	} else if r.op, opOK = ref.Operation(in.Operation); !opOK {
		fe.Add("operation", "error.operation_not_found", in.Operation)
	}
	if in.Unit == "" && opOK && in.RaisingCountry != "" {
		// The OCU follows from the raising country's attachment; forms
		// ask only for the country, the API may name both.
		if a, ok := ref.Attachment(r.op.ID, in.RaisingCountry); ok {
			in.Unit = ref.UnitByID(a.UnitID).Code
		}
	}
	// With neither OCU nor raising country, the raising country's error
	// alone says what to fix: the form has no OCU field to point to.
	if in.Unit != "" {
		if r.unit, unitOK = ref.Unit(in.Unit); !unitOK {
			fe.Add("unit", "error.unit_not_found", in.Unit)
		}
	}

	switch a, attached := ref.Attachment(r.op.ID, in.RaisingCountry); {
	case in.RaisingCountry == "":
		fe.Add("raising_country", "error.required")
	case !opOK:
	case !attached:
		fe.Add("raising_country", "error.country_not_participating", in.RaisingCountry, r.op.Code)
	case unitOK && a.UnitID != r.unit.ID:
		fe.Add("raising_country", "error.country_other_unit", in.RaisingCountry, r.unit.Code)
	}

	if in.Country != "" && iso2Pattern.MatchString(in.Country) && ref.CountryName(in.Country) == "" {
		fe.Add("country", "error.country_unknown", in.Country)
	}
	for _, role := range LinkRoles {
		for _, code := range in.Linked[role] {
			if ref.CountryName(code) == "" {
				fe.Add("linked_countries", "error.country_unknown", code)
			}
		}
	}

	if in.RaidAt != "" {
		// A local time means nothing until we know the OCU's zone; without
		// it only the format can be checked.
		loc := time.UTC
		if unitOK {
			loc = r.unit.Location()
		}
		t, ok := parseRaidAt(in.RaidAt, loc)
		switch {
		case !ok:
			fe.Add("raid_at", "error.datetime_format")
		case !unitOK:
		case t.After(now.Add(5 * time.Minute)):
			fe.Add("raid_at", "error.raid_in_future")
		case opOK:
			from, until := r.op.Span(loc)
			if t.Before(from) || !t.Before(until) {
				fe.Add("raid_at", "error.raid_outside_operation", r.op.FirstDay, r.op.LastDay, r.unit.TimeZone)
			}
		}
		r.raidAt = t
	}
	return r, fe.Err()
}

// Create validates in and stores a new case in status raid, with the next
// reference of its operation and OCU, in one short transaction. The single
// writer and the IMMEDIATE transaction make the reservation atomic, so
// concurrent creations queue and each gets the next number.
func (s *Store) Create(ctx context.Context, in Input) (*Case, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	c, err := newCase(snap, principal(ctx), &in, s.now())
	if err != nil {
		return nil, err
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		seq, err := reserveReferences(tx, c.OperationID, c.UnitID, 1)
		if err != nil {
			return err
		}
		number(snap, c, seq)
		if err := insertCases(tx, []*Case{c}, []Input{in}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "case.create", Subject: "case:" + c.Reference,
			Details: audit.Changed(nil, in, auditCaseValues...)})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newCase checks that p may raise the case in describes and that it passes
// every rule, and returns it ready to number and insert. It reads no
// database.
func newCase(snap *units.Snapshot, p ocu.Principal, in *Input, now time.Time) (*Case, error) {
	if !p.MayRaiseCases() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.cannot_raise")
	}
	if p.ActsInOwnName() {
		// A signed-in officer raises the case: the name is theirs, not
		// typed.
		in.RaisedBy = p.Name()
	}
	r, err := validate(snap, in, now)
	if err == nil {
		err = mayRaise(p, in, r)
	}
	if err != nil {
		return nil, err
	}
	return &Case{
		OperationID: r.op.ID, UnitID: r.unit.ID, RaisingCountry: in.RaisingCountry,
		Title: in.Title, Summary: in.Summary, Place: in.Place, CountryISO2: in.Country,
		RaidAt: r.raidAt, RaidDay: r.raidAt.In(r.unit.Location()).Format(time.DateOnly),
		Status: Raid, RaisedBy: in.RaisedBy, Version: 1,
		CreatedAt: now, UpdatedAt: now, Forms: formsOf(*in),
	}, nil
}

// reserveReferences takes the next n sequence numbers of an operation's
// OCU and returns the first. It must run in the write transaction that
// uses them.
func reserveReferences(tx *gorm.DB, operationID, unitID int64, n int) (int, error) {
	var last int
	if err := tx.Raw(`INSERT INTO case_sequences (operation_id, unit_id, last_seq) VALUES (?, ?, ?)
		ON CONFLICT (operation_id, unit_id) DO UPDATE SET last_seq = last_seq + excluded.last_seq
		RETURNING last_seq`, operationID, unitID, n).Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("reserve references: %w", err)
	}
	return last - n + 1, nil
}

// number gives c its sequence number and reference.
func number(snap *units.Snapshot, c *Case, seq int) {
	c.Seq = seq
	c.Reference = Reference(snap.OperationByID(c.OperationID).Code, snap.UnitByID(c.UnitID).Code, seq)
}

// insertCases inserts numbered cases, each with the forms, linked
// countries of its input in ins and the first line of its history, a few
// hundred rows a statement (one case is four statements; a bulk load's
// thousands share them).
func insertCases(tx *gorm.DB, cs []*Case, ins []Input) error {
	if err := tx.CreateInBatches(cs, 200).Error; err != nil {
		return fmt.Errorf("insert cases: %w", err)
	}
	var forms []caseForm
	var links []LinkedCountry
	history := make([]Entry, len(cs))
	for i, c := range cs {
		for _, f := range c.Forms {
			forms = append(forms, caseForm{CaseID: c.ID, OperationID: c.OperationID, UnitID: c.UnitID, Form: f})
		}
		c.Links = linksOf(c.ID, ins[i])
		links = append(links, c.Links...)
		history[i] = Entry{CaseID: c.ID, ToStatus: Raid, Actor: c.RaisedBy, At: c.CreatedAt}
	}
	if err := insertDetails(tx, forms, links); err != nil {
		return err
	}
	if err := tx.CreateInBatches(history, 500).Error; err != nil {
		return fmt.Errorf("insert history: %w", err)
	}
	return nil
}

// auditCaseValues are the fields of a case's Input the audit trail records by
// value: codes and the raid time. Title, summary, place and who raised it
// are recorded by name only (see the audit package).
var auditCaseValues = []string{"operation", "unit", "raising_country", "country", "raid_at", "forms", "linked_countries"}

// mayRaise applies the raising rules (ocu.Principal.MayRaiseFor) and says
// which one a refusal broke: an officer raises cases for their own country,
// anyone else for a country of their own OCU.
func mayRaise(p ocu.Principal, in *Input, r resolved) error {
	if p.MayRaiseFor(in.RaisingCountry, r.unit.ID) {
		return nil
	}
	if !p.MayRaiseFor(in.RaisingCountry, p.UnitID) {
		// Refused even in their own OCU: the country is not theirs.
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"raising_country": ocu.Msg("error.raise_own_country", p.Country)}}
	}
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
		Fields: map[string]ocu.Message{"raising_country": ocu.Msg("error.raise_own_unit")}}
}

// caseForm is one row of case_forms; the operation and OCU are the case's,
// copied so dashboards count forms without joining cases.
type caseForm struct {
	CaseID      int64
	OperationID int64
	UnitID      int64
	Form        Form
}

func (caseForm) TableName() string { return "case_forms" }

func formsOf(in Input) []Form {
	var fs []Form
	for _, f := range AllForms() { // taxonomy order, whatever order was typed
		for _, g := range in.Forms {
			if string(f) == g {
				fs = append(fs, f)
			}
		}
	}
	return fs
}

func linksOf(caseID int64, in Input) []LinkedCountry {
	var ls []LinkedCountry
	for _, role := range LinkRoles {
		for _, code := range in.Linked[role] {
			ls = append(ls, LinkedCountry{CaseID: caseID, CountryISO2: code, Role: role})
		}
	}
	return ls
}

// writeDetails replaces a case's forms and linked countries.
func writeDetails(tx *gorm.DB, c *Case, in Input) error {
	if err := tx.Exec("DELETE FROM case_forms WHERE case_id = ?", c.ID).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM case_countries WHERE case_id = ?", c.ID).Error; err != nil {
		return err
	}
	var forms []caseForm
	for _, f := range formsOf(in) {
		forms = append(forms, caseForm{CaseID: c.ID, OperationID: c.OperationID, UnitID: c.UnitID, Form: f})
	}
	return insertDetails(tx, forms, linksOf(c.ID, in))
}

// insertDetails inserts rows of case_forms and case_countries.
func insertDetails(tx *gorm.DB, forms []caseForm, links []LinkedCountry) error {
	if len(forms) > 0 {
		if err := tx.CreateInBatches(forms, 500).Error; err != nil {
			return fmt.Errorf("insert forms: %w", err)
		}
	}
	if len(links) > 0 {
		if err := tx.CreateInBatches(links, 500).Error; err != nil {
			return fmt.Errorf("insert linked countries: %w", err)
		}
	}
	return nil
}

// Update saves an edit made on the copy at version. A save on a stale copy
// is refused with the newer case attached, never applied over it. The
// operation, OCU and raising country are fixed at creation (the reference
// depends on them), and so is who raised it.
func (s *Store) Update(ctx context.Context, reference string, version int, in Input) (*Case, error) {
	cur, err := s.Get(ctx, reference)
	if err != nil {
		return nil, err
	}
	if p := principal(ctx); !p.MayChangeCase(cur.UnitID, cur.RaisingCountry) {
		return nil, readOnly(p, cur)
	}
	if cur.Status == Closed {
		return nil, ocu.Errorf(ocu.Conflict, "error.case_closed", cur.Reference)
	}
	if version != cur.Version {
		return nil, staleError(cur)
	}
	ref, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	in.Operation, in.Unit = ref.OperationByID(cur.OperationID).Code, ref.UnitByID(cur.UnitID).Code
	in.RaisingCountry, in.RaisedBy = cur.RaisingCountry, cur.RaisedBy
	r, err := validate(ref, &in, s.now())
	if err != nil {
		return nil, err
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Case{}).Where("id = ? AND version = ?", cur.ID, version).Updates(map[string]any{
			"title": in.Title, "summary": in.Summary, "place": in.Place, "country_iso2": in.Country,
			"raid_at": r.raidAt, "raid_day": r.raidAt.In(r.unit.Location()).Format(time.DateOnly),
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errStale
		}
		if err := writeDetails(tx, cur, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "case.update", Subject: "case:" + cur.Reference,
			Details: audit.Changed(InputFrom(cur, in.Operation, in.Unit, r.unit.Location()), in, auditCaseValues...)})
	})
	if errors.Is(err, errStale) {
		if newer, gerr := s.Get(ctx, reference); gerr == nil {
			return nil, staleError(newer)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, reference)
}

var errStale = errors.New("stale version")

func staleError(newer *Case) error {
	return &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.stale", newer.Reference, newer.Version), Current: newer}
}

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
	if m.To == Screening {
		set["screening_since"] = now
	}
	if err := tx.Model(&Case{}).Where("id = ?", c.ID).Updates(set).Error; err != nil {
		return nil, err
	}
	if err := tx.Create(&Entry{CaseID: c.ID, FromStatus: c.Status, ToStatus: m.To, Actor: m.Actor, Note: m.Note, At: now}).Error; err != nil {
		return nil, err
	}
	return c, nil
}

// loadFacts gathers what the workflow's guards look at, inside the
// transition's transaction.
func loadFacts(tx *gorm.DB, c *Case) (Facts, error) {
	var f Facts
	err := tx.Raw(`SELECT COUNT(*) AS people,
		COALESCE(SUM(outcome = 'unscreened'), 0) AS unscreened,
		COALESCE(SUM(outcome = 'suspect' AND arrested = 1 AND prosecution_ref != ''
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

func caseByReference(q *gorm.DB, reference string) (*Case, error) {
	var c Case
	err := q.Where("reference = ?", strings.ToUpper(strings.TrimSpace(reference))).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ocu.Errorf(ocu.NotFound, "error.case_not_found", reference)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Get loads a case with its forms and linked countries.
func (s *Store) Get(ctx context.Context, reference string) (*Case, error) {
	q := s.db.Read.WithContext(ctx)
	c, err := seeable(q, principal(ctx), reference)
	if err != nil {
		return nil, err
	}
	forms, err := s.formsFor(ctx, []int64{c.ID})
	if err != nil {
		return nil, err
	}
	c.Forms = forms[c.ID]
	if err := q.Where("case_id = ?", c.ID).Order("role, country_iso2").Find(&c.Links).Error; err != nil {
		return nil, err
	}
	return c, nil
}

// formsFor loads the forms of several cases in one query.
func (s *Store) formsFor(ctx context.Context, ids []int64) (map[int64][]Form, error) {
	out := make(map[int64][]Form, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// Every list and case page runs this: scanned by hand, with the ids
	// as one JSON array so that the statement is the same whatever their
	// number (and stays in the driver's statement cache).
	rows, err := s.db.Read.WithContext(ctx).Raw("SELECT case_id, form FROM case_forms WHERE case_id IN (SELECT value FROM json_each(?))", idList(ids)).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f Form
		if err := rows.Scan(&id, &f); err != nil {
			return nil, err
		}
		out[id] = append(out[id], f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	order := formOrder()
	for id := range out {
		fs := out[id]
		for i := 1; i < len(fs); i++ { // tiny lists: insertion sort into taxonomy order
			for j := i; j > 0 && order[fs[j]] < order[fs[j-1]]; j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
			}
		}
	}
	return out, nil
}

// History lists a case's creation and status changes, oldest first.
func (s *Store) History(ctx context.Context, caseID int64) ([]Entry, error) {
	var es []Entry
	err := s.db.Read.WithContext(ctx).Where("case_id = ?", caseID).Order("id").Find(&es).Error
	return es, err
}

// Backfill fills what a migration could not compute in SQL: the raid day,
// which needs each OCU's time-zone rules. It touches only rows that lack it,
// so it costs nothing once done.
func (s *Store) Backfill(ctx context.Context) error {
	ref, err := s.units.Snapshot(ctx)
	if err != nil {
		return err
	}
	var rows []struct {
		ID     int64
		UnitID int64
		RaidAt time.Time
	}
	if err := s.db.Read.WithContext(ctx).Raw("SELECT id, unit_id, raid_at FROM cases WHERE raid_day = ''").Scan(&rows).Error; err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, r := range rows {
			day := r.RaidAt.In(ref.UnitByID(r.UnitID).Location()).Format(time.DateOnly)
			if err := tx.Exec("UPDATE cases SET raid_day = ? WHERE id = ?", day, r.ID).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// CountByUnitAndStatus counts an operation's cases per OCU and status, for
// the OCU overview.
func (s *Store) CountByUnitAndStatus(ctx context.Context, operationID int64) (map[int64]map[string]int, error) {
	var rows []struct {
		UnitID int64
		Status string
		N      int
	}
	err := s.db.Read.WithContext(ctx).Raw(`SELECT unit_id, status, COUNT(*) AS n FROM cases
		WHERE operation_id = ? GROUP BY unit_id, status`, operationID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[int64]map[string]int{}
	for _, r := range rows {
		if out[r.UnitID] == nil {
			out[r.UnitID] = map[string]int{}
		}
		out[r.UnitID][r.Status] = r.N
	}
	return out, nil
}

// StatusCodes lists the workflow's statuses as plain strings, in order, for
// packages that show counts by status without importing cases.
func (s *Store) StatusCodes() []string {
	out := make([]string, len(Statuses))
	for i, st := range Statuses {
		out[i] = string(st)
	}
	return out
}
