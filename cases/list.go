package cases

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
	"gorm.io/gorm"
)

// Filter selects and orders the case list. Zero values mean "any".
type Filter struct {
	OperationID int64
	UnitID      int64
	Country     string // raising country, ISO alpha-2
	Status      Status
	Form        Form
	Query       string // reference prefix, or words in the title
	Sort        string // one of SortOptions
	Page        int    // 1-based
	PerPage     int
	// Brief loads only what a row of the list page shows (listColumns).
	// Every column costs a driver call per row: the full row, summary
	// included, took the list page's query from 0.04 to 0.34 ms.
	Brief bool
}

// listColumns are the columns a row of the case list page shows.
// The people figures come with the row from the case's tallies (kept by
// refreshTallies): no query per row.
const listColumns = "cases.id, cases.operation_id, cases.unit_id, cases.reference, cases.raising_country, cases.title, cases.status, cases.raid_at, " +
	"cases.people_count, cases.unscreened, cases.potential_victims"

// SortOptions are the orders the case list offers; the first is the default.
var SortOptions = []string{"raid_desc", "raid_asc", "reference", "updated_desc", "status"}

var sortSQL = map[string]string{
	"raid_desc":    "cases.raid_at DESC, cases.id DESC",
	"raid_asc":     "cases.raid_at ASC, cases.id ASC",
	"reference":    "cases.unit_id, cases.seq",
	"updated_desc": "cases.updated_at DESC, cases.id DESC",
	"status":       "CASE cases.status WHEN 'raid' THEN 0 WHEN 'screening' THEN 1 WHEN 'referred' THEN 2 ELSE 3 END, cases.raid_at DESC, cases.id DESC",
}

// sortKeys are the columns each order reads: a page is chosen from these
// alone, on the covering index of its filter, before any full row is read.
var sortKeys = map[string]string{
	"raid_desc":    "cases.id, cases.raid_at",
	"raid_asc":     "cases.id, cases.raid_at",
	"reference":    "cases.id, cases.unit_id, cases.seq",
	"updated_desc": "cases.id, cases.updated_at",
	"status":       "cases.id, cases.status, cases.raid_at",
}

// DefaultPerPage and MaxPerPage bound a page of the list.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
)

// Normalise fills defaults and clamps the page size.
func (f *Filter) Normalise() {
	if _, ok := sortSQL[f.Sort]; !ok {
		f.Sort = SortOptions[0]
	}
	if f.PerPage <= 0 {
		f.PerPage = DefaultPerPage
	}
	f.PerPage = min(f.PerPage, MaxPerPage)
	f.Page = max(f.Page, 1)
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Query = strings.TrimSpace(f.Query)
}

// ListPage is one page of the case list (views.Page is a page's layout).
type ListPage struct {
	Cases   []Case
	Total   int64
	Page    int
	PerPage int
}

// Pages is the number of pages the filter's results fill.
func (p ListPage) Pages() int {
	if p.PerPage == 0 {
		return 0
	}
	return int((p.Total + int64(p.PerPage) - 1) / int64(p.PerPage))
}

var referencePrefix = regexp.MustCompile(`^[A-Z0-9]+-[A-Z0-9-]*$`)

// List returns one page of the cases matching f, with the total count.
// Every filter maps onto an index that starts with operation_id; a query
// that looks like a reference is a range scan on the unique reference index
// rather than a LIKE over every title.
func (s *Store) List(ctx context.Context, f Filter) (ListPage, error) {
	f.Normalise()
	if utf8.RuneCountInString(f.Query) > MaxQuery {
		// Refused, not cut: a search for the first 200 characters of what
		// was typed would answer another question.
		return ListPage{}, ocu.Refused("q", ocu.Msg("error.param_too_long", "q", MaxQuery))
	}
	upper := strings.ToUpper(f.Query)
	byReference := upper != "" && referencePrefix.MatchString(upper)
	// matching is every filter but the reader's scope.
	matching := func() *gorm.DB {
		q := s.db.Read.WithContext(ctx).Model(&Case{})
		if byReference {
			// References are unique across operations and few match a
			// prefix: the unary + keeps the planner on the reference index
			// instead of walking every case of the operation (without it
			// SQLite picked operation_id and took 185 ms at 100,000 cases).
			q = q.Where("+cases.operation_id = ?", f.OperationID)
		} else {
			q = q.Where("cases.operation_id = ?", f.OperationID)
		}
		if f.UnitID != 0 {
			q = q.Where("cases.unit_id = ?", f.UnitID)
		}
		if f.Country != "" {
			q = q.Where("cases.raising_country = ?", f.Country)
		}
		if f.Status != "" {
			q = q.Where("cases.status = ?", string(f.Status))
		}
		if f.Form != "" {
			q = q.Where("cases.id IN (SELECT case_id FROM case_forms WHERE form = ?)", string(f.Form))
		}
		switch {
		case byReference:
			q = q.Where("cases.reference >= ? AND cases.reference < ?", upper, successor(upper))
		case f.Query != "":
			q = q.Where("cases.title LIKE ? ESCAPE '\\'", "%"+escapeLike(f.Query)+"%")
		}
		return q
	}
	// The reader's case scope (access.go) splits in two parts: an OCU's
	// readers see its own cases and the few shared with it. As one
	// "unit = ? OR shared" condition SQLite cannot walk an index in the
	// list's order and sorts the whole OCU (15–50 ms at 100,000 cases), so
	// each part is counted and paged on its own index and the two pages
	// merged.
	var parts []*gorm.DB
	// rollupUnit is the OCU whose count case_rollup can give (-1: none,
	// 0: every OCU) for the first part; shared cases are always counted.
	rollupUnit := int64(-1)
	switch scope := principal(ctx).Cases(); {
	case scope.All:
		parts = append(parts, matching())
		rollupUnit = f.UnitID
	case scope.None():
	default:
		if f.UnitID == 0 || f.UnitID == scope.Unit {
			own, args := scope.OwnSQL("cases")
			parts = append(parts, matching().Where(own, args...))
			rollupUnit = scope.Unit
		}
		if f.UnitID != scope.Unit {
			shared, args := scope.SharedSQL("cases")
			parts = append(parts, matching().Where(shared, args...))
		}
	}
	if f.Form != "" || f.Query != "" {
		rollupUnit = -1 // the rollup knows OCU, country and status only
	}
	p := ListPage{Page: f.Page, PerPage: f.PerPage}
	for i, part := range parts {
		var n int64
		var err error
		if i == 0 && rollupUnit >= 0 {
			// Counting an OCU's cases walks tens of thousands of index
			// entries on every list; the rollup holds the same count in
			// a few hundred rows.
			n, err = s.rollupCount(ctx, f, rollupUnit)
		} else {
			err = part.Session(&gorm.Session{}).Count(&n).Error
		}
		if err != nil {
			return p, err
		}
		p.Total += n
	}
	if len(parts) == 0 || f.Page > ocu.LastPage(p.Total, f.PerPage) {
		// Past the last page nothing is read (and no offset computed
		// from a page number of any size): the handler decides what a
		// page past the end shows.
		return p, nil
	}
	// The page's ids first, from the sort keys alone, then the rows of
	// those ids: with the rows read first, a page deep in the list (OFFSET
	// in the thousands) read and sorted every row before it, 3–4 ms.
	order, offset := sortSQL[f.Sort], (f.Page-1)*f.PerPage
	var page *gorm.DB
	if len(parts) == 1 {
		page = parts[0].Select("cases.id").Order(order).Limit(f.PerPage).Offset(offset)
	} else {
		// Each part's first offset+perPage cases in order hold the page.
		k, keys := offset+f.PerPage, sortKeys[f.Sort]
		page = s.db.Read.WithContext(ctx).
			Table("(SELECT * FROM (?) UNION ALL SELECT * FROM (?)) AS cases",
				parts[0].Select(keys).Order(order).Limit(k), parts[1].Select(keys).Order(order).Limit(k)).
			Select("cases.id").Order(order).Limit(f.PerPage).Offset(offset)
	}
	columns := "cases.*"
	if f.Brief {
		columns = listColumns
	}
	err := s.db.Read.WithContext(ctx).Model(&Case{}).Select(columns).
		Where("cases.id IN (?)", page).Order(order).Find(&p.Cases).Error
	if err != nil {
		return p, err
	}
	ids := make([]int64, len(p.Cases))
	for i, c := range p.Cases {
		ids[i] = c.ID
	}
	forms, err := s.formsFor(ctx, ids)
	if err != nil {
		return p, err
	}
	for i := range p.Cases {
		p.Cases[i].Forms = forms[p.Cases[i].ID]
	}
	return p, nil
}

// rollupCount counts the cases of f (without form or text filters) in
// one OCU, or every OCU when unitID is 0, from case_rollup.
func (s *Store) rollupCount(ctx context.Context, f Filter, unitID int64) (int64, error) {
	q := s.db.Read.WithContext(ctx).Table("case_rollup").Where("operation_id = ?", f.OperationID)
	if unitID != 0 {
		q = q.Where("unit_id = ?", unitID)
	}
	if f.Country != "" {
		q = q.Where("raising_country = ?", f.Country)
	}
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	var n int64
	err := q.Select("COALESCE(SUM(cases), 0)").Row().Scan(&n)
	return n, err
}

// successor is the smallest string greater than every string that starts
// with prefix (an ASCII reference prefix): prefix with its last byte
// incremented.
func successor(prefix string) string {
	b := []byte(prefix)
	b[len(b)-1]++
	return string(b)
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
