package cases

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/matching"
	"github.com/ocu-project/ocu/units"
)

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
		// Matching looks for the same person in other cases; only a named
		// suspect has anything to match on when just added (identifiers
		// come later, and their save calls matching.Reindex itself).
		for _, p := range ps {
			if p.Outcome == Suspect && p.Name != "" {
				if err := matching.Reindex(ctx, tx, p.ID); err != nil {
					return err
				}
			}
		}
		d := audit.Changed(nil, typed, auditPersonValues...)
		d["count"], d["first"], d["last"] = n, ps[0].Pseudonym, ps[len(ps)-1].Pseudonym
		return audit.Record(ctx, tx, audit.Entry{Action: "people.add", Subject: "case:" + c.Reference, Details: d})
	})
	return added, err
}

// addPeople adds n people like in to the case of reference inside tx, and
// returns the case and the people, numbered and stored.
func addPeople(tx *gorm.DB, snap *units.Snapshot, p ocu.Principal, reference string, n int, in PersonInput, now time.Time) (*Case, []Person, error) {
	c, err := contributable(tx, p, reference)
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
