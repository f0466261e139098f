package cases

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// MaxGridRows bounds one save of the screening grid: a page of the grid,
// with room to spare.
const MaxGridRows = 500

// GridRow is one person's screening as typed on the grid: the outcome, sex,
// age band and nationality, and the version of the person the officer saw.
type GridRow struct {
	Pseudonym   string `json:"pseudonym"`
	Version     int    `json:"version"`
	Outcome     string `json:"outcome"`
	Sex         string `json:"sex"`
	AgeBand     string `json:"age_band"`
	Nationality string `json:"nationality"`
}

// GridFieldKey is the key of a grid row's field in an error's fields:
// the pseudonym and the field, so each error shows on its own row.
func GridFieldKey(pseudonym, field string) string { return pseudonym + "." + field }

// gridFields are the person fields a grid row sets; errors on any other
// field (a victim's details on someone screened as a migrant) show on the
// row's outcome, the field whose change caused them.
var gridFields = map[string]bool{"outcome": true, "sex": true, "age_band": true, "nationality": true}

// ScreenRows saves the screening grid of a case: every row in one
// transaction, all or none. Each changed person's resulting record passes
// the same rules as a single edit (validatePerson), a row whose person was
// changed by someone else since the grid was shown is refused, and every
// refusal is keyed by row (GridFieldKey) so the grid shows it in place.
// Rows that change nothing are left alone, version included. It answers
// how many people changed.
func (s *Store) ScreenRows(ctx context.Context, reference string, rows []GridRow) (int, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := contributable(tx, principal(ctx), reference)
		if err != nil {
			return err
		}
		if len(rows) == 0 || len(rows) > MaxGridRows {
			return ocu.FieldErrors{"people": ocu.Msg("error.grid_rows", MaxGridRows)}.Err()
		}
		var wanted []string
		for i := range rows {
			rows[i].Pseudonym = strings.ToUpper(strings.TrimSpace(rows[i].Pseudonym))
			wanted = append(wanted, rows[i].Pseudonym)
		}
		if len(uniq(wanted)) != len(wanted) {
			return ocu.FieldErrors{"people": ocu.Msg("error.grid_twice")}.Err()
		}
		var people []Person
		if err := tx.Where("case_id = ? AND pseudonym IN ?", c.ID, wanted).Order("seq").Find(&people).Error; err != nil {
			return err
		}
		if len(people) != len(wanted) {
			return unknownPeople(wanted, people, c.Reference)
		}
		if err := loadCharges(tx, people); err != nil {
			return err
		}
		byPseudonym := make(map[string]*Person, len(people))
		for i := range people {
			byPseudonym[people[i].Pseudonym] = &people[i]
		}
		loc := snap.UnitByID(c.UnitID).Location()
		now := s.now()
		fe := ocu.FieldErrors{}
		type change struct {
			p  *Person
			np Person
		}
		var changes []change
		for _, r := range rows {
			p := byPseudonym[r.Pseudonym]
			in := PersonInputFrom(p, loc)
			in.Outcome, in.Sex, in.AgeBand, in.Nationality = r.Outcome, r.Sex, r.AgeBand, r.Nationality
			in.normalise()
			if in.Outcome == string(p.Outcome) && in.Sex == p.Sex && in.AgeBand == p.AgeBand && in.Nationality == p.Nationality {
				continue
			}
			if r.Version != p.Version {
				fe.Add(GridFieldKey(p.Pseudonym, "outcome"), "error.grid_row_stale", p.Pseudonym, p.Version)
				continue
			}
			pf, err := validatePerson(snap, &in, loc, now)
			if err != nil {
				e, _ := asError(err)
				for field, m := range e.Fields {
					if !gridFields[field] {
						fe.Add(GridFieldKey(p.Pseudonym, "outcome"), "error.grid_other_details")
						continue
					}
					if field == "nationality" {
						// Typed by name or by code on the grid: say so.
						fe.Add(GridFieldKey(p.Pseudonym, field), "error.grid_nationality", strings.TrimSpace(r.Nationality))
						continue
					}
					fe.Add(GridFieldKey(p.Pseudonym, field), m.Key, m.Args...)
				}
				continue
			}
			if m, err := tracingIdentifiersBlock(tx, p, pf.outcome); err != nil {
				return err
			} else if m != nil {
				fe.Add(GridFieldKey(p.Pseudonym, "outcome"), m.Key, m.Args...)
				continue
			}
			changes = append(changes, change{p, personFrom(in, pf)})
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var details []string
		for _, ch := range changes {
			if err := tx.Model(&Person{}).Where("id = ?", ch.p.ID).Updates(map[string]any{
				"outcome": ch.np.Outcome, "sex": ch.np.Sex, "age_band": ch.np.AgeBand, "minor": ch.np.Minor,
				"nationality": ch.np.Nationality, "version": gorm.Expr("version + 1"), "updated_at": now,
			}).Error; err != nil {
				return err
			}
			// The outcome by value, the other fields by name only (as
			// auditPersonValues says for a single edit).
			d := ch.p.Pseudonym + ":" + string(ch.p.Outcome) + ">" + string(ch.np.Outcome)
			for _, f := range []struct {
				name     string
				was, now string
			}{{"sex", ch.p.Sex, ch.np.Sex}, {"age_band", ch.p.AgeBand, ch.np.AgeBand}, {"nationality", ch.p.Nationality, ch.np.Nationality}} {
				if f.was != f.now {
					d += " " + f.name
				}
			}
			details = append(details, d)
		}
		n = len(changes)
		if n == 0 {
			return nil
		}
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", now, c.ID).Error; err != nil {
			return err
		}
		if err := refreshTallies(tx, c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "people.screen_grid", Subject: "case:" + c.Reference,
			Details: audit.Details{"count": n, "changes": details}})
	})
	return n, err
}
