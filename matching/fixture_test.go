package matching

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/units"
)

// world is a migrated database with the reference data, one operation, and
// helpers writing cases and people the way the cases package stores them.
type world struct {
	t     testing.TB
	d     *db.DB
	opID  int64
	units map[string]int64 // by code
	seq   int
}

func newWorld(t testing.TB) *world {
	t.Helper()
	d := dbtest.New(t)
	ctx := context.Background()
	if err := units.NewStore(d).SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, d: d, units: map[string]int64{}}
	if err := d.Write.Exec(`INSERT INTO operations (code, name, first_day, last_day, created_at) VALUES ('TEST', 'Test', '2026-01-01', '2026-01-07', ?)`, time.Now()).Error; err != nil {
		t.Fatal(err)
	}
	d.Read.Raw("SELECT id FROM operations WHERE code = 'TEST'").Scan(&w.opID)
	var us []struct {
		ID   int64
		Code string
	}
	d.Read.Raw("SELECT id, code FROM units").Scan(&us)
	for _, u := range us {
		w.units[u.Code] = u.ID
	}
	return w
}

// addCase adds a case of unit code raised by country and returns its id and reference.
func (w *world) addCase(unit, country string) (int64, string) {
	w.t.Helper()
	w.seq++
	ref := fmt.Sprintf("TEST-%s-%05d", unit, w.seq)
	now := time.Now().UTC()
	var id int64
	if err := w.d.Write.Raw(`INSERT INTO cases (operation_id, unit_id, seq, reference, raising_country, title, place, country_iso2, raid_at, status, raised_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'A case', 'Somewhere', ?, ?, 'screening', 'test', ?, ?) RETURNING id`,
		w.opID, w.units[unit], w.seq, ref, country, country, now, now, now).Scan(&id).Error; err != nil {
		w.t.Fatal(err)
	}
	return id, ref
}

// addSuspect adds a named suspect to case caseID in tx and returns the person's id.
func (w *world) addSuspect(tx *gorm.DB, caseID int64, ref string, seq int, name, dob, nat string) int64 {
	w.t.Helper()
	var unit int64
	tx.Raw("SELECT unit_id FROM cases WHERE id = ?", caseID).Scan(&unit)
	now := time.Now().UTC()
	var id int64
	if err := tx.Raw(`INSERT INTO people (case_id, operation_id, unit_id, seq, pseudonym, outcome, name, birth_date, nationality, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'suspect', ?, ?, ?, ?, ?) RETURNING id`,
		caseID, w.opID, unit, seq, fmt.Sprintf("%s-P%03d", ref, seq), name, dob, nat, now, now).Scan(&id).Error; err != nil {
		w.t.Fatal(err)
	}
	return id
}

// save adds a suspect and runs matching on them, as the cases package does.
func (w *world) save(caseID int64, ref string, seq int, name, dob, nat string) int64 {
	w.t.Helper()
	var id int64
	ctx := ocu.SystemContext(context.Background())
	if err := w.d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		id = w.addSuspect(tx, caseID, ref, seq, name, dob, nat)
		return Reindex(ctx, tx, id)
	}); err != nil {
		w.t.Fatal(err)
	}
	return id
}
