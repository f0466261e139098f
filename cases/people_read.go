package cases

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// PeoplePage is one page of a case's people.
type PeoplePage struct {
	People  []Person
	Total   int64
	Page    int
	PerPage int
}

// People lists a case's people (a case the caller loaded through Get, so
// already within scope), optionally of one outcome, in pseudonym order,
// with identities blanked as for Person. It writes nothing: see
// RecordIdentityView.
func (s *Store) People(ctx context.Context, c *Case, outcome Outcome, page, perPage int) (PeoplePage, error) {
	page, perPage = max(page, 1), min(max(perPage, 1), 1000)
	q := s.db.Read.WithContext(ctx).Model(&Person{}).Where("case_id = ?", c.ID)
	if outcome != "" {
		q = q.Where("outcome = ?", outcome)
	}
	pp := PeoplePage{Page: page, PerPage: perPage}
	if err := q.Count(&pp.Total).Error; err != nil {
		return pp, err
	}
	if page > ocu.LastPage(pp.Total, perPage) {
		return pp, nil // past the last page: the handler says what shows
	}
	if err := q.Order("seq").Limit(perPage).Offset((page - 1) * perPage).Find(&pp.People).Error; err != nil {
		return pp, err
	}
	if err := loadCharges(s.db.Read.WithContext(ctx), pp.People); err != nil {
		return pp, err
	}
	blankIdentities(principal(ctx), c, pp.People)
	return pp, nil
}

// Person loads one person with charges, and their case, if the context's
// principal may see that case. A suspect's name and date of birth come
// back only to those allowed to see them (blanked otherwise). It writes
// nothing: a handler that shows an identity records it (RecordIdentityView).
func (s *Store) Person(ctx context.Context, pseudonym string) (*Person, *Case, error) {
	q := s.db.Read.WithContext(ctx)
	p, err := personByPseudonym(q, pseudonym)
	if err != nil {
		return nil, nil, err
	}
	var reference string
	if err := q.Raw("SELECT reference FROM cases WHERE id = ?", p.CaseID).Scan(&reference).Error; err != nil {
		return nil, nil, err
	}
	c, err := seeable(q, principal(ctx), reference)
	if err != nil {
		return nil, nil, ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
	}
	ps := []Person{*p}
	if err := loadCharges(q, ps); err != nil {
		return nil, nil, err
	}
	blankIdentities(principal(ctx), c, ps)
	return &ps[0], c, nil
}

func personByPseudonym(q *gorm.DB, pseudonym string) (*Person, error) {
	var p Person
	err := q.Where("pseudonym = ?", strings.ToUpper(strings.TrimSpace(pseudonym))).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// loadCharges fills the charges of people in one query per 500 people.
func loadCharges(q *gorm.DB, people []Person) error {
	byID := map[int64]*Person{}
	ids := make([]int64, 0, len(people))
	for i := range people {
		if people[i].Outcome == Suspect {
			byID[people[i].ID] = &people[i]
			ids = append(ids, people[i].ID)
		}
	}
	for start := 0; start < len(ids); start += 500 {
		var rows []personCharge
		if err := q.Where("person_id IN ?", ids[start:min(start+500, len(ids))]).Order("person_id").Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			byID[r.PersonID].Charges = append(byID[r.PersonID].Charges, r.Charge)
		}
	}
	return nil
}
