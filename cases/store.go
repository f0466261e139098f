package cases

import (
	"strconv"
	"time"

	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Store holds every query on cases and applies the rules around them:
// validation on create and update, the workflow on transitions, optimistic
// locking on both. Its methods live by what they do: case_create.go,
// case_update.go, case_read.go, transitions.go and history.go for cases;
// people_add.go, person_update.go, screening.go, screening_grid.go,
// people_read.go and identities.go for the people found; seizure.go,
// share.go, notable.go; restore.go for imports and batch.go for the
// loaders (demo, seed).
type Store struct {
	db    *db.DB
	units *units.Store
	now   func() time.Time
}

// NewStore returns a Store on d, resolving reference data through u.
func NewStore(d *db.DB, u *units.Store) *Store {
	return &Store{db: d, units: u, now: func() time.Time { return time.Now().UTC() }}
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
