package cases

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/units"
)

// MaxBulkPeople bounds one bulk add: a raid's worth (the largest in
// Liberterra II found about 1,500 migrants) with room to spare.
const MaxBulkPeople = 5000

// personCharge is one row of charges.
type personCharge struct {
	PersonID int64
	Charge   Charge
}

func (personCharge) TableName() string { return "charges" }

// AddPeople records n people found in a case, all with the attributes of
// in: one person with full details, or a crowd (250 unscreened adults of one
// nationality) in one go, in one short transaction. Names and dates of
// birth identify one person, so a bulk add refuses them.
func (s *Store) AddPeople(ctx context.Context, reference string, n int, in PersonInput) ([]Person, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	typed := in // as given, for the audit trail
	var added []Person
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, ps, err := addPeople(tx, snap, principal(ctx), reference, n, in, s.now())
		if err != nil {
			return err
		}
		added = ps
		d := audit.Changed(nil, typed, auditPersonValues...)
		d["count"], d["first"], d["last"] = n, ps[0].Pseudonym, ps[len(ps)-1].Pseudonym
		return audit.Record(ctx, tx, audit.Entry{Action: "people.add", Subject: "case:" + c.Reference, Details: d})
	})
	return added, err
}

// addPeople adds n people like in to the case of reference inside tx, and
// returns the case and the people, numbered and stored.
func addPeople(tx *gorm.DB, snap *units.Snapshot, p ocu.Principal, reference string, n int, in PersonInput, now time.Time) (*Case, []Person, error) {
	c, err := changeable(tx, p, reference)
	if err != nil {
		return nil, nil, err
	}
	// Checked after the scope, so a case out of scope is not found
	// whatever the input.
	pf, err := validatePeople(snap, c, n, &in, now)
	if err != nil {
		return nil, nil, err
	}
	first, err := reservePseudonyms(tx, c.ID, n, now)
	if err != nil {
		return nil, nil, err
	}
	people := make([]Person, n)
	for i := range people {
		people[i] = newPerson(c, in, pf, first+i, now)
	}
	if err := insertPeople(tx, people); err != nil {
		return nil, nil, err
	}
	return c, people, refreshTallies(tx, c.ID)
}

// reservePseudonyms takes the next n person numbers of a case, marking
// the case updated, and returns the first.
func reservePseudonyms(tx *gorm.DB, caseID int64, n int, now time.Time) (int, error) {
	var last int
	if err := tx.Raw("UPDATE cases SET last_person_seq = last_person_seq + ?, updated_at = ? WHERE id = ? RETURNING last_person_seq",
		n, now, caseID).Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("reserve pseudonyms: %w", err)
	}
	return last - n + 1, nil
}

// newPerson is person number seq of c, with the validated input.
func newPerson(c *Case, in PersonInput, pf personFields, seq int, now time.Time) Person {
	p := personFrom(in, pf)
	p.CaseID, p.OperationID, p.UnitID = c.ID, c.OperationID, c.UnitID
	p.Seq, p.Pseudonym = seq, Pseudonym(c.Reference, seq)
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	return p
}

// insertPeople inserts people and their charges, 500 rows a statement.
func insertPeople(tx *gorm.DB, people []Person) error {
	if err := tx.CreateInBatches(people, 500).Error; err != nil {
		return fmt.Errorf("insert people: %w", err)
	}
	var charges []personCharge
	for _, p := range people {
		for _, ch := range p.Charges {
			charges = append(charges, personCharge{p.ID, ch})
		}
	}
	if len(charges) > 0 {
		if err := tx.CreateInBatches(charges, 500).Error; err != nil {
			return fmt.Errorf("insert charges: %w", err)
		}
	}
	return nil
}

// auditPersonValues are the fields of a PersonInput the audit trail records by
// value: the screening outcome alone. Everything else said of a person is
// recorded by name only (see the audit package).
var auditPersonValues = []string{"outcome"}

// personFrom fills a person's fields from a validated input.
func personFrom(in PersonInput, pf personFields) Person {
	return Person{
		Outcome: pf.outcome, Sex: in.Sex, AgeBand: in.AgeBand, Minor: pf.minor, Nationality: in.Nationality,
		Exploitation: in.Exploitation, AssistanceOrg: in.AssistanceOrg, AssistanceDate: in.AssistanceDate,
		Name: in.Name, BirthDate: in.BirthDate, Arrested: in.Arrested, ArrestedAt: pf.arrestedAt,
		ProsecutionAuthority: in.ProsecutionAuthority, ProsecutionRef: in.ProsecutionRef, ProsecutionDate: in.ProsecutionDate,
		Charges: pf.charges,
	}
}

// UpdatePerson saves a person edited on the copy at version; a stale copy
// is refused with the newer record attached. Both come back as Person
// reads them: a handler that shows the identity records the view.
func (s *Store) UpdatePerson(ctx context.Context, pseudonym string, version int, in PersonInput) (*Person, error) {
	ref, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	var stale bool
	var before Person
	who := principal(ctx)
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := personByPseudonym(tx, pseudonym)
		if err != nil {
			return err
		}
		var c Case
		if err := tx.Where("id = ?", p.CaseID).Take(&c).Error; err != nil {
			return err
		}
		if _, err := changeable(tx, who, c.Reference); err != nil {
			if ocu.KindOf(err) == ocu.NotFound {
				return ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
			}
			return err
		}
		if !who.MaySeeIdentities(c.UnitID, c.RaisingCountry) && (strings.TrimSpace(in.Name) != "" || strings.TrimSpace(in.BirthDate) != "") {
			return ocu.Errorf(ocu.Forbidden, "error.identity_not_yours")
		}
		if !who.MaySeeIdentities(c.UnitID, c.RaisingCountry) {
			// The form never showed them the identity: keep what is stored.
			in.Name, in.BirthDate = p.Name, p.BirthDate
		}
		// Loaded into the slice, then copied: the audit entry compares the
		// charges too.
		loaded := []Person{*p}
		if err := loadCharges(tx, loaded); err != nil {
			return err
		}
		before = loaded[0]
		if p.Version != version {
			stale = true
			return errStale
		}
		pf, err := validatePerson(ref, &in, ref.UnitByID(c.UnitID).Location(), s.now())
		if err != nil {
			return err
		}
		np := personFrom(in, pf)
		if err := tx.Model(&Person{}).Where("id = ?", p.ID).Updates(map[string]any{
			"outcome": np.Outcome, "sex": np.Sex, "age_band": np.AgeBand, "minor": np.Minor, "nationality": np.Nationality,
			"exploitation": np.Exploitation, "assistance_org": np.AssistanceOrg, "assistance_date": np.AssistanceDate,
			"name": np.Name, "birth_date": np.BirthDate, "arrested": np.Arrested, "arrested_at": np.ArrestedAt,
			"prosecution_authority": np.ProsecutionAuthority, "prosecution_ref": np.ProsecutionRef, "prosecution_date": np.ProsecutionDate,
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		}).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM charges WHERE person_id = ?", p.ID).Error; err != nil {
			return err
		}
		for _, ch := range np.Charges {
			if err := tx.Create(&personCharge{p.ID, ch}).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", s.now(), c.ID).Error; err != nil {
			return err
		}
		if err := refreshTallies(tx, c.ID); err != nil {
			return err
		}
		// Both sides as stored, in the OCU's zone, so that only what
		// changed is named (not a time typed in another layout).
		loc := ref.UnitByID(c.UnitID).Location()
		return audit.Record(ctx, tx, audit.Entry{Action: "person.update", Subject: "person:" + p.Pseudonym,
			Details: audit.Changed(PersonInputFrom(&before, loc), PersonInputFrom(&np, loc), auditPersonValues...)})
	})
	if stale {
		newer, _, gerr := s.Person(ctx, pseudonym)
		if gerr != nil {
			return nil, gerr
		}
		return nil, &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.person_stale", newer.Pseudonym, newer.Version), Current: newer}
	}
	if err != nil {
		return nil, err
	}
	p, _, err := s.Person(ctx, pseudonym)
	return p, err
}

// ScreeningRequest sets one outcome (and, for potential victims, optionally the
// form of exploitation) on many people of a case at once.
type ScreeningRequest struct {
	Pseudonyms    []string `json:"people"`
	AllUnscreened bool     `json:"all_unscreened"`
	Outcome       string   `json:"outcome"`
	Exploitation  string   `json:"exploitation"`
}

// Screen applies a screening to the chosen people of a case, all of them or
// none: each person's resulting record must pass the same rules as a single
// edit (a named suspect cannot silently become a de-identified victim), and
// a refusal names each person at fault.
func (s *Store) Screen(ctx context.Context, reference string, sc ScreeningRequest) (int, error) {
	sc.Outcome, sc.Exploitation = strings.TrimSpace(sc.Outcome), strings.TrimSpace(sc.Exploitation)
	ref, err := s.units.Snapshot(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := changeable(tx, principal(ctx), reference)
		if err != nil {
			return err
		}
		fe := ocu.FieldErrors{}
		if sc.Outcome == "" {
			fe.Add("outcome", "error.required")
		} else if Outcome(sc.Outcome) == Unscreened {
			fe.Add("outcome", "error.screen_to_unscreened")
		}
		if !sc.AllUnscreened && len(sc.Pseudonyms) == 0 {
			fe.Add("people", "error.screen_nobody")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var people []Person
		q := tx.Where("case_id = ?", c.ID)
		var wanted []string
		if sc.AllUnscreened {
			q = q.Where("outcome = ?", Unscreened)
		} else {
			for _, p := range sc.Pseudonyms {
				wanted = append(wanted, strings.ToUpper(strings.TrimSpace(p)))
			}
			wanted = uniq(wanted)
			q = q.Where("pseudonym IN ?", wanted)
		}
		if err := q.Order("seq").Find(&people).Error; err != nil {
			return err
		}
		if !sc.AllUnscreened && len(people) != len(wanted) {
			return unknownPeople(wanted, people, c.Reference)
		}
		if len(people) == 0 {
			return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"people": ocu.Msg("error.nobody_unscreened", c.Reference)}}
		}
		if err := loadCharges(tx, people); err != nil {
			return err
		}
		loc := ref.UnitByID(c.UnitID).Location()
		fe = ocu.FieldErrors{}
		ids := make([]int64, 0, len(people))
		for i := range people {
			in := PersonInputFrom(&people[i], loc)
			in.Outcome = sc.Outcome
			if Outcome(sc.Outcome) == PotentialVictim && sc.Exploitation != "" {
				in.Exploitation = sc.Exploitation
			}
			if _, err := validatePerson(ref, &in, loc, s.now()); err != nil {
				e, _ := asError(err)
				for _, m := range e.Fields {
					fe.Add(people[i].Pseudonym, m.Key, m.Args...)
					break
				}
			}
			ids = append(ids, people[i].ID)
		}
		if err := fe.Err(); err != nil {
			return err
		}
		set := map[string]any{"outcome": sc.Outcome, "version": gorm.Expr("version + 1"), "updated_at": s.now()}
		if Outcome(sc.Outcome) == PotentialVictim && sc.Exploitation != "" {
			set["exploitation"] = sc.Exploitation
		}
		for start := 0; start < len(ids); start += 500 {
			if err := tx.Model(&Person{}).Where("id IN ?", ids[start:min(start+500, len(ids))]).Updates(set).Error; err != nil {
				return err
			}
		}
		n = len(ids)
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", s.now(), c.ID).Error; err != nil {
			return err
		}
		if err := refreshTallies(tx, c.ID); err != nil {
			return err
		}
		screened := make([]string, len(people))
		for i, p := range people {
			screened[i] = p.Pseudonym + ":" + string(p.Outcome)
		}
		d := audit.Changed(nil, map[string]any{"outcome": sc.Outcome, "exploitation": sc.Exploitation}, auditPersonValues...)
		d["before"], d["count"] = screened, len(screened)
		return audit.Record(ctx, tx, audit.Entry{Action: "people.screen", Subject: "case:" + c.Reference, Details: d})
	})
	return n, err
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// unknownPeople names the pseudonyms that are not people of the case.
func unknownPeople(wanted []string, found []Person, reference string) error {
	have := map[string]bool{}
	for _, p := range found {
		have[p.Pseudonym] = true
	}
	var missing []string
	for _, w := range wanted {
		if !have[w] {
			missing = append(missing, w)
		}
	}
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
		Fields: map[string]ocu.Message{"people": ocu.Msg("error.people_not_in_case", strings.Join(missing, ", "), reference)}}
}

// refreshTallies recomputes a case's people figures from its people, inside
// the transaction that changed them: the dashboards read these columns and
// can never drift from the records.
func refreshTallies(tx *gorm.DB, caseID int64) error { return refreshTalliesMany(tx, []int64{caseID}) }

// refreshTalliesMany recomputes the tallies of several cases, 500 at a time
// (SQLite's bound-variable limit is far above; the chunk keeps the
// statement's plan small). A case without people gets zeros.
func refreshTalliesMany(tx *gorm.DB, caseIDs []int64) error {
	for len(caseIDs) > 0 {
		chunk := caseIDs[:min(500, len(caseIDs))]
		caseIDs = caseIDs[len(chunk):]
		err := tx.Exec(`UPDATE cases SET
		people_count = COALESCE(t.people, 0), unscreened = COALESCE(t.unscreened, 0),
		potential_victims = COALESCE(t.victims, 0), minor_victims = COALESCE(t.minor_victims, 0),
		irregular_migrants = COALESCE(t.migrants, 0), suspects = COALESCE(t.suspects, 0),
		arrests = COALESCE(t.arrests, 0), arrests_ht_ms = COALESCE(t.arrests_ht_ms, 0),
		referred_suspects = COALESCE(t.referred, 0)
	FROM (SELECT ids.value AS case_id,
		COUNT(p.id) AS people,
		SUM(p.outcome = 'unscreened') AS unscreened,
		SUM(p.outcome = 'potential_victim') AS victims,
		SUM(p.outcome = 'potential_victim' AND p.minor = 1) AS minor_victims,
		SUM(p.outcome = 'irregular_migrant') AS migrants,
		SUM(p.outcome = 'suspect') AS suspects,
		SUM(p.outcome = 'suspect' AND p.arrested = 1) AS arrests,
		SUM(p.outcome = 'suspect' AND p.arrested = 1 AND EXISTS (SELECT 1 FROM charges ch
			WHERE ch.person_id = p.id AND ch.charge IN ('human_trafficking', 'migrant_smuggling'))) AS arrests_ht_ms,
		SUM(p.outcome = 'suspect' AND p.prosecution_ref != '') AS referred
		FROM json_each(?) AS ids LEFT JOIN people p ON p.case_id = ids.value
		GROUP BY ids.value) AS t
	WHERE cases.id = t.case_id`, idList(chunk)).Error
		if err != nil {
			return fmt.Errorf("refresh tallies: %w", err)
		}
	}
	return nil
}

// idList renders ids as a JSON array, for json_each: one bound value
// whatever the number of ids, so one prepared statement.
func idList(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

func personByPseudonym(q *gorm.DB, pseudonym string) (*Person, error) {
	var p Person
	err := q.Where("pseudonym = ?", strings.ToUpper(strings.TrimSpace(pseudonym))).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Person loads one person with charges, and their case, if the context's
// principal may see that case. A suspect's name and date of birth come
// back only to those allowed to see them (blanked otherwise). It writes
// nothing: a handler that shows an identity records it (RecordIdentityView).
func (s *Store) Person(ctx context.Context, pseudonym string) (*Person, *Case, error) {
	q := s.db.Read.WithContext(ctx)
	p, err := personByPseudonym(q, pseudonym)
	if err != nil {
		return nil, nil, err
	}
	var reference string
	if err := q.Raw("SELECT reference FROM cases WHERE id = ?", p.CaseID).Scan(&reference).Error; err != nil {
		return nil, nil, err
	}
	c, err := seeable(q, principal(ctx), reference)
	if err != nil {
		return nil, nil, ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
	}
	ps := []Person{*p}
	if err := loadCharges(q, ps); err != nil {
		return nil, nil, err
	}
	blankIdentities(principal(ctx), c, ps)
	return &ps[0], c, nil
}

// blankIdentities blanks the suspects' identities p may not see in c.
func blankIdentities(p ocu.Principal, c *Case, people []Person) {
	if p.MaySeeIdentities(c.UnitID, c.RaisingCountry) {
		return
	}
	for i := range people {
		people[i].Name, people[i].BirthDate = "", ""
	}
}

// RecordIdentityView records in the audit trail that the suspects' names
// and dates of birth among people, of case c, were shown to the context's
// principal. People whose identity is blank (none recorded, or hidden from
// the principal) are left out; with nobody left, nothing is written. Every
// handler that sends identities calls it, after reading them through
// Person or People, which never write.
func (s *Store) RecordIdentityView(ctx context.Context, c *Case, people ...Person) error {
	var shown []string
	for _, p := range people {
		if p.Name != "" || p.BirthDate != "" {
			shown = append(shown, p.Pseudonym)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	return (&audit.Log{DB: s.db}).Append(ctx, audit.Entry{Action: "suspect.view", Subject: "case:" + c.Reference,
		Details: map[string]any{"people": shown}})
}

// loadCharges fills the charges of people in one query per 500 people.
func loadCharges(q *gorm.DB, people []Person) error {
	byID := map[int64]*Person{}
	ids := make([]int64, 0, len(people))
	for i := range people {
		if people[i].Outcome == Suspect {
			byID[people[i].ID] = &people[i]
			ids = append(ids, people[i].ID)
		}
	}
	for start := 0; start < len(ids); start += 500 {
		var rows []personCharge
		if err := q.Where("person_id IN ?", ids[start:min(start+500, len(ids))]).Order("person_id").Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			byID[r.PersonID].Charges = append(byID[r.PersonID].Charges, r.Charge)
		}
	}
	return nil
}

// PeoplePage is one page of a case's people.
type PeoplePage struct {
	People  []Person
	Total   int64
	Page    int
	PerPage int
}

// People lists a case's people (a case the caller loaded through Get, so
// already within scope), optionally of one outcome, in pseudonym order,
// with identities blanked as for Person. It writes nothing: see
// RecordIdentityView.
func (s *Store) People(ctx context.Context, c *Case, outcome Outcome, page, perPage int) (PeoplePage, error) {
	page, perPage = max(page, 1), min(max(perPage, 1), 1000)
	q := s.db.Read.WithContext(ctx).Model(&Person{}).Where("case_id = ?", c.ID)
	if outcome != "" {
		q = q.Where("outcome = ?", outcome)
	}
	pp := PeoplePage{Page: page, PerPage: perPage}
	if err := q.Count(&pp.Total).Error; err != nil {
		return pp, err
	}
	if page > ocu.LastPage(pp.Total, perPage) {
		return pp, nil // past the last page: the handler says what shows
	}
	if err := q.Order("seq").Limit(perPage).Offset((page - 1) * perPage).Find(&pp.People).Error; err != nil {
		return pp, err
	}
	if err := loadCharges(s.db.Read.WithContext(ctx), pp.People); err != nil {
		return pp, err
	}
	blankIdentities(principal(ctx), c, pp.People)
	return pp, nil
}

// Tally is a case's people figures, as kept on the case.
type Tally struct {
	PeopleCount       int
	Unscreened        int
	PotentialVictims  int
	MinorVictims      int
	IrregularMigrants int
	Suspects          int
	Arrests           int
	ArrestsHtMs       int
	ReferredSuspects  int
}

// Tally reads a case's people figures.
func (s *Store) Tally(ctx context.Context, caseID int64) (Tally, error) {
	var t Tally
	err := s.db.Read.WithContext(ctx).Raw(`SELECT people_count, unscreened, potential_victims, minor_victims,
		irregular_migrants, suspects, arrests, arrests_ht_ms, referred_suspects FROM cases WHERE id = ?`, caseID).Scan(&t).Error
	return t, err
}
