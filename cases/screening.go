package cases

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

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
		loc := snap.UnitByID(c.UnitID).Location()
		fe = ocu.FieldErrors{}
		ids := make([]int64, 0, len(people))
		for i := range people {
			in := PersonInputFrom(&people[i], loc)
			in.Outcome = sc.Outcome
			if Outcome(sc.Outcome) == PotentialVictim && sc.Exploitation != "" {
				in.Exploitation = sc.Exploitation
			}
			if _, err := validatePerson(snap, &in, loc, s.now()); err != nil {
				e, _ := asError(err)
				for _, m := range e.Fields {
					fe.Add(people[i].Pseudonym, m.Key, m.Args...)
					break
				}
			}
			if m, err := tracingIdentifiersBlock(tx, &people[i], Outcome(sc.Outcome)); err != nil {
				return err
			} else if m != nil {
				fe.Add(people[i].Pseudonym, m.Key, m.Args...)
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
