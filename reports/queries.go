package reports

import (
	"context"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/units"
)

// tallyRow is the case figures of one OCU, country, raid day and status.
type tallyRow struct {
	Country string
	Day     string
	Status  string
	Figures
}

// caseTallies reads the case figures per OCU, raising country, raid day
// and status from case_rollup, which triggers keep in step with every
// case: a few thousand rows whatever the number of cases. Rows are scanned
// by hand: gorm's reflection cost more than the query on every dashboard.
func (s *Service) caseTallies(ctx context.Context, operationID, unitID int64) ([]tallyRow, error) {
	q := `SELECT raising_country, raid_day, status, cases, people, unscreened, potential_victims,
		minor_victims, irregular_migrants, suspects, arrests, arrests_ht_ms, referred_suspects
		FROM case_rollup WHERE operation_id = ? AND cases > 0`
	args := []any{operationID}
	if unitID != 0 {
		q += " AND unit_id = ?"
		args = append(args, unitID)
	}
	rows, err := s.DB.Read.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tallyRow
	for rows.Next() {
		var r tallyRow
		f := &r.Figures
		if err := rows.Scan(&r.Country, &r.Day, &r.Status, &f.Cases, &f.People, &f.Unscreened, &f.PotentialVictims,
			&f.MinorVictims, &f.IrregularMigrants, &f.Suspects, &f.Arrests, &f.ArrestsHtMs, &f.Referred); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// returnRow is one daily return.
type returnRow struct {
	Country string
	Day     string
	Activity
}

func (s *Service) returns(ctx context.Context, operationID, unitID int64) ([]returnRow, error) {
	q := `SELECT r.country_iso2 AS country, r.day, r.database_checks, r.flights_monitored, r.border_points,
		r.officers_deployed, 1 AS returns
		FROM daily_returns r JOIN attachments a ON a.operation_id = r.operation_id AND a.country_iso2 = r.country_iso2
		WHERE r.operation_id = ?`
	args := []any{operationID}
	if unitID != 0 {
		q += " AND a.unit_id = ?"
		args = append(args, unitID)
	}
	var rows []returnRow
	err := s.DB.Read.WithContext(ctx).Raw(q, args...).Scan(&rows).Error
	return rows, err
}

func (s *Service) seizures(ctx context.Context, op units.Operation, unitID int64) ([]SeizureTotal, error) {
	// Amounts not published are NULL: a line of their own, never summed.
	q := `SELECT kind, unit, amount_unknown, COUNT(*) AS count, COALESCE(SUM(quantity), 0) AS quantity,
		COALESCE(SUM(value_usd), 0) AS value_usd
		FROM seizures WHERE operation_id = ?`
	args := []any{op.ID}
	if op.HasFollowUp() {
		// The week's seizures: those of follow-up cases are follow-up
		// results (followup.go).
		q += " AND case_id NOT IN (SELECT id FROM cases WHERE operation_id = ? AND raid_day > ?)"
		args = append(args, op.ID, op.LastDay)
	}
	if unitID != 0 {
		q += " AND unit_id = ?"
		args = append(args, unitID)
	}
	q += " GROUP BY kind, unit, amount_unknown"
	var rows []SeizureTotal
	if err := s.DB.Read.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, k := range cases.SeizureKinds {
		order[k] = i
	}
	sortBy(rows, func(a, b SeizureTotal) bool {
		if order[a.Kind] != order[b.Kind] {
			return order[a.Kind] < order[b.Kind]
		}
		if a.AmountUnknown != b.AmountUnknown {
			return b.AmountUnknown
		}
		return a.Unit < b.Unit
	})
	return rows, nil
}

// forms counts cases per form of exploitation or crime, and potential
// victims per form of exploitation, in taxonomy order.
func (s *Service) forms(ctx context.Context, operationID, unitID int64) ([]FormCount, error) {
	where, args := "operation_id = ?", []any{operationID}
	if unitID != 0 {
		where += " AND unit_id = ?"
		args = append(args, unitID)
	}
	var caseRows []struct {
		Form string
		N    int
	}
	db := s.DB.Read.WithContext(ctx)
	if err := db.Raw("SELECT form, SUM(n) AS n FROM form_tallies WHERE "+where+" GROUP BY form", args...).Scan(&caseRows).Error; err != nil {
		return nil, err
	}
	var victimRows []struct {
		Exploitation string
		N            int
		Minors       int
	}
	if err := db.Raw("SELECT exploitation, SUM(n) AS n, SUM(n * minor) AS minors FROM people_tallies WHERE "+where+
		" AND outcome = 'potential_victim' GROUP BY exploitation", args...).Scan(&victimRows).Error; err != nil {
		return nil, err
	}
	byForm := map[string]*FormCount{}
	var out []FormCount
	for _, f := range cases.AllForms() {
		out = append(out, FormCount{Form: string(f)})
	}
	out = append(out, FormCount{Form: "other"}, FormCount{Form: ""})
	for i := range out {
		byForm[out[i].Form] = &out[i]
	}
	for _, r := range caseRows {
		if fc, ok := byForm[r.Form]; ok {
			fc.Cases = r.N
		}
	}
	for _, r := range victimRows {
		if fc, ok := byForm[r.Exploitation]; ok {
			fc.Victims, fc.MinorVictims = r.N, r.Minors
		}
	}
	return out, nil
}

// nationalities counts potential victims by nationality, largest first.
func (s *Service) nationalities(ctx context.Context, ref *units.Snapshot, operationID, unitID int64) ([]NationalityCount, error) {
	q := `SELECT nationality AS iso2, SUM(n) AS victims, SUM(n * minor) AS minors FROM people_tallies
		WHERE operation_id = ? AND outcome = 'potential_victim'`
	args := []any{operationID}
	if unitID != 0 {
		q += " AND unit_id = ?"
		args = append(args, unitID)
	}
	q += " GROUP BY nationality HAVING SUM(n) > 0"
	var rows []NationalityCount
	if err := s.DB.Read.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Name = ref.CountryName(rows[i].ISO2)
	}
	sortBy(rows, func(a, b NationalityCount) bool {
		if a.Victims != b.Victims {
			return a.Victims > b.Victims
		}
		return a.Name < b.Name
	})
	return rows, nil
}
