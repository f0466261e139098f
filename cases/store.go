package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
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

// validate normalises in and checks every rule, collecting all field errors
// at once so the officer can fix the form in one go.
func (s *Store) validate(ctx context.Context, in *Input) (resolved, error) {
	in.normalise()
	fe := ocu.FieldErrors{}
	in.checkText(fe)
	var r resolved
	var err error

	opOK, unitOK := false, false
	if in.Operation == "" {
		fe.Add("operation", "error.required")
	} else if r.op, err = s.units.Operation(ctx, in.Operation); err == nil {
		opOK = true
	} else if ocu.KindOf(err) == ocu.NotFound {
		fe.Add("operation", "error.operation_not_found", in.Operation)
	} else {
		return r, err
	}
	if in.Unit == "" && opOK && in.RaisingCountry != "" {
		// The OCU follows from the raising country's attachment; forms
		// ask only for the country, the API may name both.
		if a, aerr := s.units.Attachment(ctx, r.op.ID, in.RaisingCountry); aerr == nil {
			if u, uerr := s.units.UnitByID(ctx, a.UnitID); uerr == nil {
				in.Unit = u.Code
			}
		}
	}
	if in.Unit == "" {
		if in.RaisingCountry == "" {
			fe.Add("unit", "error.required")
		}
	} else if r.unit, err = s.units.Unit(ctx, in.Unit); err == nil {
		unitOK = true
	} else if ocu.KindOf(err) == ocu.NotFound {
		fe.Add("unit", "error.unit_not_found", in.Unit)
	} else {
		return r, err
	}

	if in.RaisingCountry == "" {
		fe.Add("raising_country", "error.required")
	} else if opOK && !unitOK && in.Unit == "" {
		fe.Add("raising_country", "error.country_not_participating", in.RaisingCountry, r.op.Code)
	} else if opOK && unitOK {
		a, err := s.units.Attachment(ctx, r.op.ID, in.RaisingCountry)
		switch {
		case ocu.KindOf(err) == ocu.NotFound:
			fe.Add("raising_country", "error.country_not_participating", in.RaisingCountry, r.op.Code)
		case err != nil:
			return r, err
		case a.UnitID != r.unit.ID:
			fe.Add("raising_country", "error.country_other_unit", in.RaisingCountry, r.unit.Code)
		}
	}

	names, err := s.units.CountryNames(ctx)
	if err != nil {
		return r, err
	}
	if in.Country != "" && iso2Pattern.MatchString(in.Country) && names[in.Country] == "" {
		fe.Add("country", "error.country_unknown", in.Country)
	}
	for _, role := range LinkRoles {
		for _, code := range in.Linked[role] {
			if names[code] == "" {
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
		case t.After(s.now().Add(5 * time.Minute)):
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
// reference of its operation and OCU.
func (s *Store) Create(ctx context.Context, in Input) (*Case, error) {
	r, err := s.validate(ctx, &in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := &Case{
		OperationID: r.op.ID, UnitID: r.unit.ID, RaisingCountry: in.RaisingCountry,
		Title: in.Title, Summary: in.Summary, Place: in.Place, CountryISO2: in.Country,
		RaidAt: r.raidAt, Status: Raid, RaisedBy: in.RaisedBy, Version: 1,
		CreatedAt: now, UpdatedAt: now,
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The single writer and the IMMEDIATE transaction make this
		// increment-and-read atomic: concurrent creations queue here and
		// each gets the next number.
		if err := tx.Raw(`INSERT INTO case_sequences (operation_id, unit_id, last_seq) VALUES (?, ?, 1)
			ON CONFLICT (operation_id, unit_id) DO UPDATE SET last_seq = last_seq + 1
			RETURNING last_seq`, r.op.ID, r.unit.ID).Scan(&c.Seq).Error; err != nil {
			return fmt.Errorf("next sequence: %w", err)
		}
		c.Reference = Reference(r.op.Code, r.unit.Code, c.Seq)
		if err := tx.Create(c).Error; err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		if err := writeDetails(tx, c.ID, in); err != nil {
			return err
		}
		c.Forms, c.Links = formsOf(in), linksOf(c.ID, in)
		return tx.Create(&Entry{CaseID: c.ID, FromStatus: "", ToStatus: Raid, Actor: in.RaisedBy, At: now}).Error
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

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
func writeDetails(tx *gorm.DB, caseID int64, in Input) error {
	if err := tx.Exec("DELETE FROM case_forms WHERE case_id = ?", caseID).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM case_countries WHERE case_id = ?", caseID).Error; err != nil {
		return err
	}
	for _, f := range formsOf(in) {
		if err := tx.Exec("INSERT INTO case_forms (case_id, form) VALUES (?, ?)", caseID, string(f)).Error; err != nil {
			return fmt.Errorf("insert form: %w", err)
		}
	}
	if links := linksOf(caseID, in); len(links) > 0 {
		if err := tx.Create(&links).Error; err != nil {
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
	if cur.Status == Closed {
		return nil, ocu.Errorf(ocu.Conflict, "error.case_closed", cur.Reference)
	}
	if version != cur.Version {
		return nil, staleError(cur)
	}
	op, unit, err := s.scope(ctx, cur)
	if err != nil {
		return nil, err
	}
	in.Operation, in.Unit, in.RaisingCountry, in.RaisedBy = op.Code, unit.Code, cur.RaisingCountry, cur.RaisedBy
	r, err := s.validate(ctx, &in)
	if err != nil {
		return nil, err
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Case{}).Where("id = ? AND version = ?", cur.ID, version).Updates(map[string]any{
			"title": in.Title, "summary": in.Summary, "place": in.Place, "country_iso2": in.Country,
			"raid_at": r.raidAt, "version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errStale
		}
		return writeDetails(tx, cur.ID, in)
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

// Transition moves a case to status `to` if the workflow allows it now. When
// version is not nil it must match, as for an edit. actor is who did it.
func (s *Store) Transition(ctx context.Context, reference string, to Status, note, actor string, version *int) (*Case, error) {
	note, actor = strings.TrimSpace(note), strings.TrimSpace(actor)
	fe := ocu.FieldErrors{}
	if actor == "" {
		fe.Add("by", "error.required")
	} else if len([]rune(actor)) > maxName {
		fe.Add("by", "error.too_long", maxName)
	}
	if len([]rune(note)) > maxNote {
		fe.Add("note", "error.too_long", maxNote)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var stale bool
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := caseByReference(tx, reference)
		if err != nil {
			return err
		}
		if version != nil && *version != c.Version {
			stale = true
			return errStale
		}
		facts, err := loadFacts(tx, c)
		if err != nil {
			return err
		}
		if err := Check(c, facts, to, note); err != nil {
			return err
		}
		now := s.now()
		if err := tx.Model(&Case{}).Where("id = ?", c.ID).Updates(map[string]any{
			"status": to, "version": gorm.Expr("version + 1"), "updated_at": now,
		}).Error; err != nil {
			return err
		}
		return tx.Create(&Entry{CaseID: c.ID, FromStatus: c.Status, ToStatus: to, Actor: actor, Note: note, At: now}).Error
	})
	if stale {
		newer, gerr := s.Get(ctx, reference)
		if gerr != nil {
			return nil, gerr
		}
		return nil, staleError(newer)
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, reference)
}

// loadFacts gathers what the workflow's guards look at, inside the
// transition's transaction.
func loadFacts(tx *gorm.DB, c *Case) (Facts, error) {
	return Facts{}, nil
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
	c, err := caseByReference(q, reference)
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
	var rows []struct {
		CaseID int64
		Form   Form
	}
	if err := s.db.Read.WithContext(ctx).Raw("SELECT case_id, form FROM case_forms WHERE case_id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	order := map[Form]int{}
	for i, f := range AllForms() {
		order[f] = i
	}
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], r.Form)
	}
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

// scope returns the operation and OCU a stored case belongs to.
func (s *Store) scope(ctx context.Context, c *Case) (units.Operation, units.Unit, error) {
	var op units.Operation
	var u units.Unit
	q := s.db.Read.WithContext(ctx)
	if err := q.Where("id = ?", c.OperationID).Take(&op).Error; err != nil {
		return op, u, err
	}
	err := q.Where("id = ?", c.UnitID).Take(&u).Error
	return op, u, err
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
