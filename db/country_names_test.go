package db_test

import (
	"context"
	"testing"

	"github.com/ocu-project/ocu/db/dbtest"
)

// Migration 0009 corrects the country names that shipped mis-capitalised,
// and leaves a name an administrator changed as they wrote it.
func TestCountryNamesCorrectedOnUpgrade(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t)
	if err := d.MigrateTo(ctx, 8); err != nil {
		t.Fatal(err)
	}
	if err := d.Write.Exec(`INSERT INTO countries (iso2, iso3, name) VALUES
		('BA', 'BIH', 'Bosnia And Herzegovina'), ('CI', 'CIV', 'Côte D''ivoire'), ('TT', 'TTO', 'Republic of Trinidad and Tobago')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for iso2, want := range map[string]string{"BA": "Bosnia and Herzegovina", "CI": "Côte d’Ivoire", "TT": "Republic of Trinidad and Tobago"} {
		var got string
		d.Read.Raw("SELECT name FROM countries WHERE iso2 = ?", iso2).Scan(&got)
		if got != want {
			t.Errorf("%s is named %q after the upgrade, want %q", iso2, got, want)
		}
	}
}
