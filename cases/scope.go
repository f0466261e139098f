package cases

import (
	"context"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// Who may do what with cases lives here, and the store applies it to every
// query: pages and API alike get the same answers. A case a principal may
// not see does not exist for them (NotFound, never Forbidden), so
// references cannot be probed.
//
//	officer      sees their OCU's cases and cases shared with it; raises
//	             cases for their own country; changes only their country's
//	             cases of their OCU
//	supervisor   sees and changes every case of their OCU; reads cases
//	             shared with it; may move a case back or reopen it
//	coordinator  reads every case; changes none
//	admin        manages accounts and reference data; reads no case
//	system       ocu itself (demo, imports): everything

// principal returns the context's principal; without one, nobody.
func principal(ctx context.Context) ocu.Principal {
	p, _ := ocu.PrincipalFrom(ctx)
	return p
}

// canSee reports whether p may see c; shared says c is shared with p's OCU.
func canSee(p ocu.Principal, c *Case, shared bool) bool {
	switch p.Role {
	case ocu.RoleSystem, ocu.RoleCoordinator:
		return true
	case ocu.RoleOfficer, ocu.RoleSupervisor:
		return c.UnitID == p.UnitID || shared
	}
	return false
}

// canChange reports whether p may change c (and its people and seizures).
func canChange(p ocu.Principal, c *Case) bool {
	switch p.Role {
	case ocu.RoleSystem:
		return true
	case ocu.RoleSupervisor:
		return c.UnitID == p.UnitID
	case ocu.RoleOfficer:
		return c.UnitID == p.UnitID && c.RaisingCountry == p.Country
	}
	return false
}

// canSeeIdentity reports whether p may see suspects' names and dates of
// birth in c: the raising country's officers and the OCU's supervisors.
func canSeeIdentity(p ocu.Principal, c *Case) bool {
	switch p.Role {
	case ocu.RoleSystem:
		return true
	case ocu.RoleSupervisor:
		return c.UnitID == p.UnitID
	case ocu.RoleOfficer:
		return c.UnitID == p.UnitID && c.RaisingCountry == p.Country
	}
	return false
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

// seeable loads the case by reference if p may see it: NotFound otherwise.
func seeable(q *gorm.DB, p ocu.Principal, reference string) (*Case, error) {
	c, err := caseByReference(q, reference)
	if err != nil {
		return nil, err
	}
	if canSee(p, c, false) {
		return c, nil // the common case: no need to look at shares
	}
	shared, err := isShared(q, c.ID, p.UnitID)
	if err != nil {
		return nil, err
	}
	if !canSee(p, c, shared) {
		return nil, ocu.Errorf(ocu.NotFound, "error.case_not_found", reference)
	}
	return c, nil
}

// changeable loads the case for a change by p: NotFound if p cannot see
// it, Forbidden if p can only read it, Conflict if it is closed.
func changeable(tx *gorm.DB, p ocu.Principal, reference string) (*Case, error) {
	c, err := seeable(tx, p, reference)
	if err != nil {
		return nil, err
	}
	if !canChange(p, c) {
		return nil, readOnly(p, c)
	}
	if c.Status == Closed {
		return nil, ocu.Errorf(ocu.Conflict, "error.case_closed", c.Reference)
	}
	return c, nil
}

func readOnly(p ocu.Principal, c *Case) error {
	if p.Role == ocu.RoleOfficer && c.UnitID == p.UnitID {
		return ocu.Errorf(ocu.Forbidden, "error.other_country_case", c.Reference, c.RaisingCountry)
	}
	return ocu.Errorf(ocu.Forbidden, "error.read_only_case", c.Reference)
}

// CanChange reports whether the context's principal may change c, for
// pages deciding which forms to offer.
func CanChange(ctx context.Context, c *Case) bool { return canChange(principal(ctx), c) }

// CanSeeIdentity reports whether the context's principal may see suspects'
// identities in c.
func CanSeeIdentity(ctx context.Context, c *Case) bool { return canSeeIdentity(principal(ctx), c) }
