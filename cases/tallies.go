package cases

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

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
		SUM(p.outcome = 'suspect' AND p.prosecution_authority != '') AS referred
		FROM json_each(?) AS ids LEFT JOIN people p ON p.case_id = ids.value
		GROUP BY ids.value) AS t
	WHERE cases.id = t.case_id`, idList(chunk)).Error
		if err != nil {
			return fmt.Errorf("refresh tallies: %w", err)
		}
	}
	return nil
}
