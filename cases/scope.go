package cases

import (
	"context"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// Who sees and changes which case is decided in access.go (the principal's
// case scope, ocu.Principal.Cases, and its capabilities); this file applies
// those rules to a case loaded by reference. A case a principal may not see
// does not exist for them (NotFound, never Forbidden), so references cannot
// be probed.

// principal returns the context's principal; without one, nobody.
func principal(ctx context.Context) ocu.Principal {
	p, _ := ocu.PrincipalFrom(ctx)
	return p
}

// canChange reports whether p may change c: its details and status.
func canChange(p ocu.Principal, c *Case) bool { return p.MayChangeCase(c.UnitID, c.RaisingCountry) }

// canContribute reports whether p may add to c's people, screen them and
// record seizures: those who may change it and its partner countries'
// officers (c.Partners, loaded by seeable when it matters).
func canContribute(p ocu.Principal, c *Case) bool {
	return p.MayContribute(c.UnitID, c.RaisingCountry, c.Partners)
}

// seesIdentities reports whether p sees suspects' names in c.
func seesIdentities(p ocu.Principal, c *Case) bool {
	return p.MaySeeCaseIdentities(c.UnitID, c.RaisingCountry, c.Partners)
}

// isShared reports whether c is shared with unitID.
func isShared(q *gorm.DB, caseID, unitID int64) (bool, error) {
	if unitID == 0 {
		return false, nil
	}
	var n int64
	err := q.Table("case_shares").Where("case_id = ? AND unit_id = ?", caseID, unitID).Count(&n).Error
	return n > 0, err
}

// seeable loads the case by reference if p's case scope holds it: NotFound
// otherwise. For an officer of another country than the raising one it
// also loads the case's partner countries (c.Partners), which may widen
// both what they see and what they may do.
func seeable(q *gorm.DB, p ocu.Principal, reference string) (*Case, error) {
	c, err := caseByReference(q, reference)
	if err != nil {
		return nil, err
	}
	scope := p.Cases()
	if scope.Country != "" && scope.Country != c.RaisingCountry {
		if c.Partners, err = partnersOf(q, c.ID); err != nil {
			return nil, err
		}
	}
	if scope.Sees(c.UnitID, false) || scope.Reaches(nil, c.Partners) {
		return c, nil // the common case: no need to look at shares
	}
	shared, err := isShared(q, c.ID, scope.Unit)
	if err != nil {
		return nil, err
	}
	if !scope.Sees(c.UnitID, shared) {
		return nil, ocu.Errorf(ocu.NotFound, "error.case_not_found", reference)
	}
	return c, nil
}

// contributable loads the case for a contribution by p (people, screening,
// seizures): NotFound if p cannot see it, Forbidden if p may only read it,
// Conflict if it is closed.
func contributable(tx *gorm.DB, p ocu.Principal, reference string) (*Case, error) {
	c, err := seeable(tx, p, reference)
	if err != nil {
		return nil, err
	}
	if !canContribute(p, c) {
		return nil, readOnly(p, c)
	}
	if c.Status == Closed {
		return nil, ocu.Errorf(ocu.Conflict, "error.case_closed", c.Reference)
	}
	return c, nil
}

// readOnly is the refusal of a change to c, which p sees but may not
// change. When p could change c were it raised by their own country (an
// officer of its OCU), the message says it is another country's case.
func readOnly(p ocu.Principal, c *Case) error {
	if p.Country != "" && p.MayChangeCase(c.UnitID, p.Country) {
		return ocu.Errorf(ocu.Forbidden, "error.other_country_case", c.Reference, c.RaisingCountry)
	}
	return ocu.Errorf(ocu.Forbidden, "error.read_only_case", c.Reference)
}
