package files

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// Owner kinds: the records files are attached to (evidence_files.owner_kind).
const (
	KindCase    = "case"
	KindRequest = "request"
)

// Target is a record that holds files, as its reader may use it.
type Target struct {
	Kind string
	ID   int64
	Key  string // how its URLs name it: a case's reference
	Href string // its page, where the files section is
	// MayAdd says whether the reader may attach files to it.
	MayAdd bool
}

// Owner finds records of one kind for a principal. Who sees a record's
// files is exactly who sees the record: an Owner answers NotFound for a
// record p may not see, applying the record's own visibility rule (for a
// case, access.go's case scope), never one of its own.
type Owner interface {
	// ByKey is the record its URLs call key, if p sees it.
	ByKey(ctx context.Context, q *gorm.DB, p ocu.Principal, key string) (Target, error)
	// ByID is the record of id, if p sees it.
	ByID(ctx context.Context, q *gorm.DB, p ocu.Principal, id int64) (Target, error)
}

// CaseOwner is the Owner of case files: a case is seen through access.go's
// case scope (its OCU, a share, a partnership), and files are added by
// whoever may contribute to it (MayContribute: its officers, its OCU's
// supervisors, its partner countries' officers) while it is open.
type CaseOwner struct{}

type caseRow struct {
	ID             int64
	Reference      string
	UnitID         int64
	RaisingCountry string
	Status         string
}

func (CaseOwner) ByKey(ctx context.Context, q *gorm.DB, p ocu.Principal, key string) (Target, error) {
	return findCase(ctx, q, p, "c.reference = ?", key, key)
}

func (CaseOwner) ByID(ctx context.Context, q *gorm.DB, p ocu.Principal, id int64) (Target, error) {
	return findCase(ctx, q, p, "c.id = ?", id, "")
}

// findCase loads one case by where if p's case scope holds it (the SQL
// form of the scope, from access.go), with its partner countries.
func findCase(ctx context.Context, q *gorm.DB, p ocu.Principal, where string, arg any, key string) (Target, error) {
	visible, args := p.Cases().SQL("c")
	var rows []caseRow
	err := q.WithContext(ctx).Raw("SELECT c.id, c.reference, c.unit_id, c.raising_country, c.status FROM cases c WHERE "+
		where+" AND "+visible, append([]any{arg}, args...)...).Scan(&rows).Error
	if err != nil {
		return Target{}, err
	}
	if len(rows) == 0 {
		return Target{}, ocu.Errorf(ocu.NotFound, "error.case_not_found", key)
	}
	c := rows[0]
	var partners []string
	if sc := p.Cases(); sc.Country != "" && sc.Country != c.RaisingCountry {
		if err := q.WithContext(ctx).Raw("SELECT country_iso2 FROM case_partners WHERE case_id = ?", c.ID).
			Scan(&partners).Error; err != nil {
			return Target{}, err
		}
	}
	return Target{Kind: KindCase, ID: c.ID, Key: c.Reference, Href: "/cases/" + c.Reference,
		MayAdd: c.Status != "closed" && p.MayContribute(c.UnitID, c.RaisingCountry, partners)}, nil
}

// errNoOwner is a kind no Owner was given for.
var errNoOwner = errors.New("files: no owner of this kind")
