package cases

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu/audit"
)

// Loading an operation (the demo, `ocu seed --scale`) writes thousands of
// cases, people and moves in a row. These wrappers apply the single
// writes' own steps and rules to many inputs in one transaction, all or
// none, with one audit entry for the lot. Users' requests never come here.
//
// Measured on `ocu seed --scale 100000`, running each single write in turn
// took twice as long as grouping: so the wrappers number a whole block of
// cases (or a case's people) with one reservation, insert a few hundred
// rows a statement, and refresh the people figures of 500 cases at once.
// Moves have nothing to group and run one by one.

// CreateMany validates every input exactly as Create does and stores them
// all in one transaction, or none of them. A validation error names the
// input's position.
func (s *Store) CreateMany(ctx context.Context, ins []Input) ([]*Case, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	now, p := s.now(), principal(ctx)
	out := make([]*Case, len(ins))
	type block struct{ op, unit int64 }
	need := map[block]int{}
	var blocks []block
	for i := range ins {
		if out[i], err = newCase(snap, p, &ins[i], now); err != nil {
			return nil, fmt.Errorf("input %d: %w", i+1, err)
		}
		b := block{out[i].OperationID, out[i].UnitID}
		if need[b] == 0 {
			blocks = append(blocks, b)
		}
		need[b]++
	}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		next := map[block]int{}
		for _, b := range blocks {
			if next[b], err = reserveReferences(tx, b.op, b.unit, need[b]); err != nil {
				return err
			}
		}
		for _, c := range out {
			b := block{c.OperationID, c.UnitID}
			number(snap, c, next[b])
			next[b]++
		}
		if err := insertCases(tx, out, ins); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "case.create_many",
			Details: map[string]any{"count": len(out), "first": out[0].Reference, "last": out[len(out)-1].Reference}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PeopleBatch is n people with the same attributes for one case.
type PeopleBatch struct {
	Reference string
	N         int
	In        PersonInput
}

// AddPeopleMany applies several AddPeople in one transaction, all or none,
// with the same rules.
func (s *Store) AddPeopleMany(ctx context.Context, batches []PeopleBatch) ([][]Person, error) {
	if len(batches) == 0 {
		return nil, nil
	}
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	p := principal(ctx)
	out := make([][]Person, len(batches))
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		// Every batch is checked first, each case loaded once; then each
		// case numbers all its batches' people with one reservation.
		type checked struct {
			c  *Case
			in PersonInput
			pf personFields
		}
		loaded := map[string]*Case{}
		need := map[int64]int{}
		var order []*Case
		plan := make([]checked, len(batches))
		for i, b := range batches {
			c := loaded[b.Reference]
			if c == nil {
				if c, err = contributable(tx, p, b.Reference); err != nil {
					return err
				}
				loaded[b.Reference] = c
				order = append(order, c)
			}
			in := b.In
			pf, err := validatePeople(snap, c, b.N, &in, now)
			if err != nil {
				return err
			}
			plan[i] = checked{c, in, pf}
			need[c.ID] += b.N
		}
		next := map[int64]int{}
		ids := make([]int64, len(order))
		for i, c := range order {
			if next[c.ID], err = reservePseudonyms(tx, c.ID, need[c.ID], now); err != nil {
				return err
			}
			ids[i] = c.ID
		}
		var all []Person
		for i, b := range batches {
			pl := plan[i]
			for range b.N {
				all = append(all, newPerson(pl.c, pl.in, pl.pf, next[pl.c.ID], now))
				next[pl.c.ID]++
			}
		}
		if err := insertPeople(tx, all); err != nil {
			return err
		}
		for i, b := range batches {
			out[i], all = all[:b.N:b.N], all[b.N:]
		}
		if err := refreshTalliesMany(tx, ids); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "people.add_many", Details: map[string]any{"batches": len(batches)}})
	})
	return out, err
}

// TransitionMany applies moves in one transaction, each checked by the
// workflow against the case as it stands inside that transaction: all of
// them happen, or none.
func (s *Store) TransitionMany(ctx context.Context, moves []Move) error {
	if len(moves) == 0 {
		return nil
	}
	p := principal(ctx)
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		for _, m := range moves {
			if _, err := move(tx, p, m, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "case.transition_many", Details: map[string]any{"count": len(moves)}})
	})
	return s.newerIfStale(ctx, err)
}
