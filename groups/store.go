package groups

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
)

// Store reads and writes criminal groups. Every write is one short
// transaction with its audit entry: the group's own changes under
// "group:ID", a case added or removed under the case's subject and a
// member under the person's, so both show on the case's timeline.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, now: func() time.Time { return time.Now().UTC() }}
}

func principal(ctx context.Context) ocu.Principal {
	p, _ := ocu.PrincipalFrom(ctx)
	return p
}

// mayRead refuses a principal who does not work with cases.
func mayRead(p ocu.Principal) error {
	if !p.MayReadCases() {
		return ocu.Errorf(ocu.Forbidden, "error.groups_read")
	}
	return nil
}

func mayKeep(p ocu.Principal) error {
	if !p.MayKeepGroups() {
		return ocu.Errorf(ocu.Forbidden, "error.groups_keep")
	}
	return nil
}

func subject(id int64) string { return "group:" + strconv.FormatInt(id, 10) }

// nameTaken turns the unique name's violation into what to fix.
func nameTaken(err error, name string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) || (err != nil && strings.Contains(err.Error(), "UNIQUE")) {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"name": ocu.Msg("error.group_name_taken", name)}}
	}
	return err
}

// Create stores a new group.
func (s *Store) Create(ctx context.Context, in Input) (*Group, error) {
	p := principal(ctx)
	if err := mayKeep(p); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	now := s.now()
	g := Group{Name: in.Name, Summary: in.Summary, CreatedBy: p.Name(), Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&g).Error; err != nil {
			return nameTaken(err, in.Name)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "group.create", Subject: subject(g.ID)})
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// Update changes a group's name and summary, if nobody changed it since
// in.Version.
func (s *Store) Update(ctx context.Context, id int64, in Input) (*Group, error) {
	p := principal(ctx)
	if err := mayKeep(p); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var g Group
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := byID(tx, id)
		if err != nil {
			return err
		}
		if cur.Version != in.Version {
			return ocu.Errorf(ocu.Conflict, "error.group_stale", cur.Name)
		}
		g = *cur
		g.Name, g.Summary, g.Version, g.UpdatedAt = in.Name, in.Summary, cur.Version+1, s.now()
		res := tx.Model(&Group{}).Where("id = ? AND version = ?", id, cur.Version).
			Updates(map[string]any{"name": g.Name, "summary": g.Summary, "version": g.Version, "updated_at": g.UpdatedAt})
		if res.Error != nil {
			return nameTaken(res.Error, in.Name)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "group.update", Subject: subject(id),
			Details: audit.Changed(struct{ Name, Summary string }{cur.Name, cur.Summary}, struct{ Name, Summary string }{g.Name, g.Summary})})
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

func byID(q *gorm.DB, id int64) (*Group, error) {
	var g Group
	err := q.Where("id = ?", id).Take(&g).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ocu.Errorf(ocu.NotFound, "error.group_not_found", id)
	}
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// List lists every group by name, with its numbers of cases and members
// (counts, whoever's scope they are in).
func (s *Store) List(ctx context.Context) ([]ListRow, error) {
	if err := mayRead(principal(ctx)); err != nil {
		return nil, err
	}
	var rows []ListRow
	err := s.db.Read.WithContext(ctx).Raw(`SELECT g.*,
			(SELECT COUNT(*) FROM group_cases gc WHERE gc.group_id = g.id) AS cases,
			(SELECT COUNT(*) FROM group_people gp WHERE gp.group_id = g.id) AS members
		FROM criminal_groups g ORDER BY g.name COLLATE NOCASE, g.id`).Scan(&rows).Error
	return rows, err
}

// groupCasesCTE is the group's cases: those added to it and those of its
// members. Its one argument, twice, is the group's id.
const groupCasesCTE = `WITH gcs(case_id) AS (
	SELECT case_id FROM group_cases WHERE group_id = ?
	UNION SELECT p.case_id FROM group_people gp JOIN people p ON p.id = gp.person_id WHERE gp.group_id = ?)`

// Get reads a group as the context's principal sees it.
func (s *Store) Get(ctx context.Context, id int64) (*Detail, error) {
	p := principal(ctx)
	if err := mayRead(p); err != nil {
		return nil, err
	}
	q := s.db.Read.WithContext(ctx)
	g, err := byID(q, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Group: *g}
	if d.Figures, err = figures(q, id); err != nil {
		return nil, err
	}
	scope, args := p.Cases().SQL("c")
	err = q.Raw(groupCasesCTE+` SELECT c.id, c.reference, c.title, c.status, c.unit_id, c.raising_country,
			EXISTS (SELECT 1 FROM group_cases x WHERE x.group_id = ? AND x.case_id = c.id) AS member
		FROM gcs JOIN cases c ON c.id = gcs.case_id WHERE `+scope+` ORDER BY c.reference`,
		append([]any{id, id, id}, args...)...).Scan(&d.Cases).Error
	if err != nil {
		return nil, err
	}
	d.HiddenCases = d.Figures.Cases - len(d.Cases)
	err = q.Raw(`SELECT p.id, p.pseudonym, p.case_id, c.reference, p.nationality, p.arrested
		FROM group_people gp JOIN people p ON p.id = gp.person_id JOIN cases c ON c.id = p.case_id
		WHERE gp.group_id = ? AND `+scope+` ORDER BY p.pseudonym`, append([]any{id}, args...)...).Scan(&d.Members).Error
	if err != nil {
		return nil, err
	}
	var members int
	if err := q.Raw("SELECT COUNT(*) FROM group_people WHERE group_id = ?", id).Scan(&members).Error; err != nil {
		return nil, err
	}
	d.HiddenPeople = members - len(d.Members)
	if d.Shared, err = sharedIdentifiers(q, d.Members); err != nil {
		return nil, err
	}
	return d, nil
}

// figures computes a group's figures from its records.
func figures(q *gorm.DB, id int64) (Figures, error) {
	var f Figures
	err := q.Raw(groupCasesCTE+` SELECT
			(SELECT COUNT(*) FROM gcs) AS cases,
			(SELECT COUNT(*) FROM people p WHERE p.case_id IN (SELECT case_id FROM gcs) AND p.outcome = 'potential_victim') AS victims,
			(SELECT COUNT(DISTINCT c.raising_country) FROM cases c WHERE c.id IN (SELECT case_id FROM gcs)) AS countries,
			(SELECT COUNT(DISTINCT c.unit_id) FROM cases c WHERE c.id IN (SELECT case_id FROM gcs)) AS ocus`,
		id, id).Scan(&f).Error
	if err != nil {
		return f, err
	}
	// Suspects: those of the group's cases added to it, and its members
	// (whose cases may hold other suspects who are not members).
	var sa struct{ Suspects, Arrests int }
	err = q.Raw(`SELECT COUNT(*) AS suspects, COALESCE(SUM(p.arrested), 0) AS arrests FROM people p
		WHERE p.outcome = 'suspect' AND (p.case_id IN (SELECT case_id FROM group_cases WHERE group_id = ?)
			OR p.id IN (SELECT person_id FROM group_people WHERE group_id = ?))`, id, id).Scan(&sa).Error
	f.Suspects, f.Arrests = sa.Suspects, sa.Arrests
	return f, err
}

// sharedIdentifiers finds the identifiers two or more of members carry:
// equal normalized values of the same kind (migration 0011's
// person_identifiers, read through its (kind, normalized) index).
func sharedIdentifiers(q *gorm.DB, members []Member) ([]Shared, error) {
	if len(members) < 2 {
		return nil, nil
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = strconv.FormatInt(m.ID, 10)
	}
	list := "[" + strings.Join(ids, ",") + "]"
	var rows []struct {
		Kind       string
		Normalized string
		PersonID   int64
	}
	err := q.Raw(`SELECT DISTINCT kind, normalized, person_id FROM person_identifiers
		WHERE person_id IN (SELECT value FROM json_each(?)) AND (kind, normalized) IN (
			SELECT kind, normalized FROM person_identifiers WHERE person_id IN (SELECT value FROM json_each(?))
			GROUP BY kind, normalized HAVING COUNT(DISTINCT person_id) > 1)
		ORDER BY kind, normalized, person_id`, list, list).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	var out []Shared
	last := ""
	for _, r := range rows {
		key := r.Kind + "\x00" + r.Normalized
		if key != last {
			out = append(out, Shared{Kind: r.Kind})
			last = key
		}
		out[len(out)-1].People = append(out[len(out)-1].People, r.PersonID)
	}
	return out, nil
}

// seenCase loads the id and reference of a case p's scope holds; NotFound
// otherwise, as for every case a reader may not see.
func seenCase(tx *gorm.DB, p ocu.Principal, reference string) (int64, string, error) {
	ref := strings.ToUpper(strings.TrimSpace(reference))
	scope, args := p.Cases().SQL("c")
	var row struct {
		ID        int64
		Reference string
	}
	err := tx.Raw("SELECT c.id, c.reference FROM cases c WHERE c.reference = ? AND "+scope, append([]any{ref}, args...)...).Scan(&row).Error
	if err != nil {
		return 0, "", err
	}
	if row.ID == 0 {
		return 0, "", ocu.Errorf(ocu.NotFound, "error.case_not_found", ref)
	}
	return row.ID, row.Reference, nil
}

// AddCase adds the case reference to group id.
func (s *Store) AddCase(ctx context.Context, id int64, reference string) error {
	return s.setCase(ctx, id, reference, true)
}

// RemoveCase takes the case reference out of group id.
func (s *Store) RemoveCase(ctx context.Context, id int64, reference string) error {
	return s.setCase(ctx, id, reference, false)
}

func (s *Store) setCase(ctx context.Context, id int64, reference string, add bool) error {
	p := principal(ctx)
	if err := mayKeep(p); err != nil {
		return err
	}
	if add && strings.TrimSpace(reference) == "" {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"case": ocu.Msg("error.group_case_missing")}}
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := byID(tx, id); err != nil {
			return err
		}
		caseID, ref, err := seenCase(tx, p, reference)
		if err != nil {
			return err
		}
		action := "group.add_case"
		var res *gorm.DB
		if add {
			res = tx.Exec(`INSERT INTO group_cases (group_id, case_id, added_by, added_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, id, caseID, p.Name(), s.now())
		} else {
			action = "group.remove_case"
			res = tx.Exec("DELETE FROM group_cases WHERE group_id = ? AND case_id = ?", id, caseID)
		}
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if err := touch(tx, id, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "case:" + ref,
			Details: map[string]any{"group": strconv.FormatInt(id, 10)}})
	})
}

// touch records that a group's content changed (its list's order by
// recency, and the edit form's version stay as they are).
func touch(tx *gorm.DB, id int64, at time.Time) error {
	return tx.Exec("UPDATE criminal_groups SET updated_at = ? WHERE id = ?", at, id).Error
}

// AddPerson names the suspect pseudonym as a member of group id.
func (s *Store) AddPerson(ctx context.Context, id int64, pseudonym string) error {
	return s.setPerson(ctx, id, pseudonym, true)
}

// RemovePerson takes the suspect pseudonym out of group id.
func (s *Store) RemovePerson(ctx context.Context, id int64, pseudonym string) error {
	return s.setPerson(ctx, id, pseudonym, false)
}

func (s *Store) setPerson(ctx context.Context, id int64, pseudonym string, add bool) error {
	p := principal(ctx)
	if err := mayKeep(p); err != nil {
		return err
	}
	pseudonym = strings.ToUpper(strings.TrimSpace(pseudonym))
	if add && pseudonym == "" {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"person": ocu.Msg("error.group_person_missing")}}
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := byID(tx, id); err != nil {
			return err
		}
		scope, args := p.Cases().SQL("c")
		var person struct {
			ID      int64
			Outcome string
		}
		err := tx.Raw("SELECT p.id, p.outcome FROM people p JOIN cases c ON c.id = p.case_id WHERE p.pseudonym = ? AND "+scope,
			append([]any{pseudonym}, args...)...).Scan(&person).Error
		if err != nil {
			return err
		}
		if person.ID == 0 {
			return ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
		}
		action := "group.add_person"
		var res *gorm.DB
		if add {
			if person.Outcome != "suspect" {
				return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
					Fields: map[string]ocu.Message{"person": ocu.Msg("error.group_person_suspect", pseudonym)}}
			}
			res = tx.Exec(`INSERT INTO group_people (group_id, person_id, added_by, added_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, id, person.ID, p.Name(), s.now())
		} else {
			action = "group.remove_person"
			res = tx.Exec("DELETE FROM group_people WHERE group_id = ? AND person_id = ?", id, person.ID)
		}
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if err := touch(tx, id, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "person:" + pseudonym,
			Details: map[string]any{"group": strconv.FormatInt(id, 10)}})
	})
}
