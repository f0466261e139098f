package units

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// countriesJSON is ISO 3166-1 (plus XK, Kosovo, as commonly used for
// nationality), with the participating countries named as in the operation's
// own reporting. Copied into the project so nothing is read from outside the
// binary at run time.
//
//go:embed reference/countries.json
var countriesJSON []byte

// referenceUnits are the four OCUs of Liberterra II. Codes follow the host
// cities; time zones are IANA names so each OCU sees its own operation days.
var referenceUnits = []Unit{
	{Code: "MNL", City: "Manila", HostCountry: "PH", TimeZone: "Asia/Manila"},
	{Code: "SKP", City: "Skopje", HostCountry: "MK", TimeZone: "Europe/Skopje"},
	{Code: "DKR", City: "Dakar", HostCountry: "SN", TimeZone: "Africa/Dakar"},
	{Code: "BUE", City: "Buenos Aires", HostCountry: "AR", TimeZone: "America/Argentina/Buenos_Aires"},
}

// ReferenceCountries returns the embedded country list.
func ReferenceCountries() ([]Country, error) {
	var cs []Country
	if err := json.Unmarshal(countriesJSON, &cs); err != nil {
		return nil, fmt.Errorf("embedded countries: %w", err)
	}
	return cs, nil
}

// SeedReference inserts the countries and the OCUs that are missing. Rows an
// administrator already has are left as they are, so running it at every
// start never undoes their edits.
func (s *Store) SeedReference(ctx context.Context) error {
	cs, err := ReferenceCountries()
	if err != nil {
		return err
	}
	defer s.invalidate()
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(cs, 100).Error; err != nil {
			return fmt.Errorf("seed countries: %w", err)
		}
		for _, u := range referenceUnits {
			u := u
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoNothing: true}).Create(&u).Error; err != nil {
				return fmt.Errorf("seed unit %s: %w", u.Code, err)
			}
		}
		return nil
	})
}
