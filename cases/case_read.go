package cases

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

func caseByReference(q *gorm.DB, reference string) (*Case, error) {
	var c Case
	err := q.Where("reference = ?", strings.ToUpper(strings.TrimSpace(reference))).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ocu.Errorf(ocu.NotFound, "error.case_not_found", reference)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Get loads a case with its forms and linked countries.
func (s *Store) Get(ctx context.Context, reference string) (*Case, error) {
	q := s.db.Read.WithContext(ctx)
	c, err := seeable(q, principal(ctx), reference)
	if err != nil {
		return nil, err
	}
	forms, err := s.formsFor(ctx, []int64{c.ID})
	if err != nil {
		return nil, err
	}
	c.Forms = forms[c.ID]
	if err := q.Where("case_id = ?", c.ID).Order("role, country_iso2").Find(&c.Links).Error; err != nil {
		return nil, err
	}
	return c, nil
}

// formsFor loads the forms of several cases in one query.
func (s *Store) formsFor(ctx context.Context, ids []int64) (map[int64][]Form, error) {
	out := make(map[int64][]Form, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// Every list and case page runs this: scanned by hand, with the ids
	// as one JSON array so that the statement is the same whatever their
	// number (and stays in the driver's statement cache).
	rows, err := s.db.Read.WithContext(ctx).Raw("SELECT case_id, form FROM case_forms WHERE case_id IN (SELECT value FROM json_each(?))", idList(ids)).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f Form
		if err := rows.Scan(&id, &f); err != nil {
			return nil, err
		}
		out[id] = append(out[id], f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	order := formOrder()
	for id := range out {
		fs := out[id]
		for i := 1; i < len(fs); i++ { // tiny lists: insertion sort into taxonomy order
			for j := i; j > 0 && order[fs[j]] < order[fs[j-1]]; j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
			}
		}
	}
	return out, nil
}

// CountByUnitAndStatus counts an operation's cases per OCU and status, for
// the OCU overview.
func (s *Store) CountByUnitAndStatus(ctx context.Context, operationID int64) (map[int64]map[string]int, error) {
	var rows []struct {
		UnitID int64
		Status string
		N      int
	}
	err := s.db.Read.WithContext(ctx).Raw(`SELECT unit_id, status, COUNT(*) AS n FROM cases
		WHERE operation_id = ? GROUP BY unit_id, status`, operationID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[int64]map[string]int{}
	for _, r := range rows {
		if out[r.UnitID] == nil {
			out[r.UnitID] = map[string]int{}
		}
		out[r.UnitID][r.Status] = r.N
	}
	return out, nil
}

// StatusCodes lists the workflow's statuses as plain strings, in order, for
// packages that show counts by status without importing cases.
func (s *Store) StatusCodes() []string {
	out := make([]string, len(Statuses))
	for i, st := range Statuses {
		out[i] = string(st)
	}
	return out
}
