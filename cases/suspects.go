package cases

import (
	"context"
)

// SuspectsToRefer lists up to limit of a case's suspects not yet referred
// for prosecution, in pseudonym order, with their charges and identities
// blanked as for People (the quick forms show pseudonyms only, so reading
// them records no identity view).
func (s *Store) SuspectsToRefer(ctx context.Context, c *Case, limit int) ([]Person, error) {
	var ps []Person
	q := s.db.Read.WithContext(ctx)
	if err := q.Where("case_id = ? AND outcome = ? AND prosecution_authority = ''", c.ID, Suspect).
		Order("seq").Limit(limit).Find(&ps).Error; err != nil {
		return nil, err
	}
	if err := loadCharges(q, ps); err != nil {
		return nil, err
	}
	blankIdentities(principal(ctx), c, ps)
	return ps, nil
}
