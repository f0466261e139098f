package matching

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
)

// Store reads matches within the reader's scope and records supervisors'
// decisions. Every read goes through disclose: a side of a match whose
// case the reader may not see is reduced to its OCU and country.
type Store struct{ db *db.DB }

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Side is one person of a match as the reader may know them. When Visible
// is false, only where the record is held is known: OCU and country.
type Side struct {
	Visible   bool   `json:"visible"`
	Pseudonym string `json:"pseudonym,omitempty"`
	Case      string `json:"case,omitempty"`
	Unit      string `json:"unit"`
	UnitCity  string `json:"unit_city"`
	Country   string `json:"country"`
	unitID    int64
	opID      int64
}

// Match is a match as the reader may know it. Reasons (codes) are given
// only to a reader who sees both sides; Evidence (kinds: name,
// birth_date, document...) to everyone who sees either.
type Match struct {
	ID          int64      `json:"id"`
	Score       int        `json:"score"`
	Status      string     `json:"status"` // open, confirmed, dismissed
	Evidence    []string   `json:"evidence"`
	Reasons     []string   `json:"reasons,omitempty"`
	A           Side       `json:"a"`
	B           Side       `json:"b"`
	DecidedUnit string     `json:"decided_by_unit,omitempty"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	MayDecide   bool       `json:"may_decide"`
}

// Other is the side of m that is not pseudonym's.
func (m Match) Other(pseudonym string) Side {
	if m.A.Visible && m.A.Pseudonym == pseudonym {
		return m.B
	}
	return m.A
}

// matchRow is a match joined with both sides, before disclosure.
type matchRow struct {
	ID                                        int64
	Score                                     int
	Status, Reasons                           string
	DecidedUnit                               string
	DecidedAt                                 *time.Time
	CreatedAt                                 time.Time
	APseudonym, ACase, AUnit, ACity, ACountry string
	AUnitID, AOpID                            int64
	AVisible                                  bool
	BPseudonym, BCase, BUnit, BCity, BCountry string
	BUnitID, BOpID                            int64
	BVisible                                  bool
}

// query selects matches the principal sees at least one side of, with
// extra conditions (and their arguments) appended.
func query(q *gorm.DB, p ocu.Principal, where string, args []any, limit int) ([]matchRow, error) {
	scope := p.Cases()
	sa, aa := scope.SQL("ca")
	sb, ab := scope.SQL("cb")
	all := append(append(append(append([]any{}, aa...), ab...), aa...), ab...)
	all = append(append(all, args...), limit)
	var rows []matchRow
	err := q.Raw(`SELECT m.id, m.score, m.status, m.reasons, COALESCE(du.code, '') AS decided_unit, m.decided_at, m.created_at,
			pa.pseudonym AS a_pseudonym, ca.reference AS a_case, ua.code AS a_unit, ua.city AS a_city, ca.raising_country AS a_country,
			ca.unit_id AS a_unit_id, ca.operation_id AS a_op_id, (`+sa+`) AS a_visible,
			pb.pseudonym AS b_pseudonym, cb.reference AS b_case, ub.code AS b_unit, ub.city AS b_city, cb.raising_country AS b_country,
			cb.unit_id AS b_unit_id, cb.operation_id AS b_op_id, (`+sb+`) AS b_visible
		FROM matches m
		JOIN people pa ON pa.id = m.person_a JOIN cases ca ON ca.id = pa.case_id JOIN units ua ON ua.id = ca.unit_id
		JOIN people pb ON pb.id = m.person_b JOIN cases cb ON cb.id = pb.case_id JOIN units ub ON ub.id = cb.unit_id
		LEFT JOIN units du ON du.id = m.decided_unit
		WHERE ((`+sa+`) OR (`+sb+`))`+where+`
		ORDER BY m.status = 'open' DESC, m.id DESC LIMIT ?`, all...).Scan(&rows).Error
	return rows, err
}

// disclose turns a row into what p may know of it.
func disclose(p ocu.Principal, r matchRow) Match {
	var reasons []string
	_ = json.Unmarshal([]byte(r.Reasons), &reasons)
	m := Match{ID: r.ID, Score: r.Score, Status: r.Status, Evidence: Evidence(reasons), DecidedUnit: r.DecidedUnit,
		DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt.UTC()}
	if m.Evidence == nil {
		m.Evidence = []string{}
	}
	side := func(visible bool, pseudonym, ref, unit, city, country string, unitID, opID int64) Side {
		s := Side{Visible: visible, Unit: unit, UnitCity: city, Country: country, unitID: unitID, opID: opID}
		if visible {
			s.Pseudonym, s.Case = pseudonym, ref
		}
		return s
	}
	m.A = side(r.AVisible, r.APseudonym, r.ACase, r.AUnit, r.ACity, r.ACountry, r.AUnitID, r.AOpID)
	m.B = side(r.BVisible, r.BPseudonym, r.BCase, r.BUnit, r.BCity, r.BCountry, r.BUnitID, r.BOpID)
	if r.AVisible && r.BVisible {
		m.Reasons = reasons
	}
	m.MayDecide = r.Status == "open" && (p.MaySupervise(r.AUnitID) || p.MaySupervise(r.BUnitID))
	return m
}

func principal(ctx context.Context) ocu.Principal {
	p, _ := ocu.PrincipalFrom(ctx)
	return p
}

// List is the matches the reader sees a side of, open ones first; status
// "" for all, or open, confirmed, dismissed. At most 200.
func (s *Store) List(ctx context.Context, status string) ([]Match, error) {
	p := principal(ctx)
	where, args := "", []any{}
	switch status {
	case "":
	case "open", "confirmed", "dismissed":
		where, args = " AND m.status = ?", []any{status}
	default:
		return nil, ocu.Refused("status", ocu.Msg("error.match_status"))
	}
	rows, err := query(s.db.Read.WithContext(ctx), p, where, args, 200)
	if err != nil {
		return nil, err
	}
	out := make([]Match, len(rows))
	for i, r := range rows {
		out[i] = disclose(p, r)
	}
	return out, nil
}

// Get is one match, if the reader sees a side of it.
func (s *Store) Get(ctx context.Context, id int64) (*Match, error) {
	p := principal(ctx)
	rows, err := query(s.db.Read.WithContext(ctx), p, " AND m.id = ?", []any{id}, 1)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ocu.Errorf(ocu.NotFound, "error.match_not_found", id)
	}
	m := disclose(p, rows[0])
	return &m, nil
}

// ForPerson is the matches of the person with pseudonym, whose case the
// reader must see (NotFound otherwise, like the person).
func (s *Store) ForPerson(ctx context.Context, pseudonym string) ([]Match, error) {
	p := principal(ctx)
	q := s.db.Read.WithContext(ctx)
	scope := p.Cases()
	cond, args := scope.SQL("c")
	var id int64
	if err := q.Raw(`SELECT pe.id FROM people pe JOIN cases c ON c.id = pe.case_id WHERE pe.pseudonym = ? AND `+cond,
		append([]any{strings.ToUpper(strings.TrimSpace(pseudonym))}, args...)...).Scan(&id).Error; err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
	}
	rows, err := query(q, p, " AND (m.person_a = ? OR m.person_b = ?)", []any{id, id}, 200)
	if err != nil {
		return nil, err
	}
	out := make([]Match, len(rows))
	for i, r := range rows {
		out[i] = disclose(p, r)
	}
	return out, nil
}

// ForCase is the matches of the people of case caseID (reference ref),
// which the reader sees: only rows where this case's side is visible.
func (s *Store) ForCase(ctx context.Context, caseID int64, ref string) ([]Match, error) {
	p := principal(ctx)
	rows, err := query(s.db.Read.WithContext(ctx), p, " AND (pa.case_id = ? OR pb.case_id = ?)", []any{caseID, caseID}, 200)
	if err != nil {
		return nil, err
	}
	var out []Match
	for _, r := range rows {
		if m := disclose(p, r); m.A.Case == ref || m.B.Case == ref {
			out = append(out, m)
		}
	}
	return out, nil
}

// Decide confirms (confirm true) or dismisses an open match, by a
// supervisor of either side's OCU; both OCUs are told. A confirmed match
// links the two people as one: each side's page shows the other within
// the reader's scope.
func (s *Store) Decide(ctx context.Context, id int64, confirm bool) (*Match, error) {
	p := principal(ctx)
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rows, err := query(tx, p, " AND m.id = ?", []any{id}, 1)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return ocu.Errorf(ocu.NotFound, "error.match_not_found", id)
		}
		r := rows[0]
		unit := int64(0)
		switch {
		case p.MaySupervise(r.AUnitID):
			unit = r.AUnitID
		case p.MaySupervise(r.BUnitID):
			unit = r.BUnitID
		default:
			return ocu.Errorf(ocu.Forbidden, "error.match_not_yours")
		}
		if r.Status != "open" {
			return ocu.Errorf(ocu.Conflict, "error.match_decided", id)
		}
		status, kind, action := "dismissed", alerts.MatchDismissed, "match.dismiss"
		if confirm {
			status, kind, action = "confirmed", alerts.MatchConfirmed, "match.confirm"
		}
		now := time.Now().UTC()
		if err := tx.Exec(`UPDATE matches SET status = ?, decided_by = ?, decided_unit = ?, decided_at = ?, updated_at = ?
			WHERE id = ? AND status = 'open'`, status, p.Name(), unit, now, now, id).Error; err != nil {
			return err
		}
		subject := "match:" + strconv.FormatInt(id, 10)
		m := disclose(p, r)
		details := map[string]any{"score": r.Score, "evidence": m.Evidence}
		if err := tellBoth(tx, kind, subject, details,
			personRow{UnitID: r.AUnitID, OperationID: r.AOpID}, personRow{UnitID: r.BUnitID, OperationID: r.BOpID}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: subject, Details: audit.Details{"status": status}})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}
