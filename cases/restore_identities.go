package cases

import (
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu/units"
)

// RestoreIdentifier is one exported identifier of a person of the case.
type RestoreIdentifier struct {
	Line      int
	Pseudonym string
	Input     IdentifierInput
	AddedBy   string
	CreatedAt time.Time
}

// RestoreNotice is one exported notice on a person of the case.
type RestoreNotice struct {
	Line      int
	Pseudonym string
	Input     NoticeInput
	AddedBy   string
	CreatedAt time.Time
}

// restoreIdentities restores the identifiers and notices of case c's
// people, restored just before: each passes the rules a user's input
// passes, and names one of the case's people. Restoring raises no alert
// (a notice's subject was located when it was first recorded, and told
// then); imported people are matched afterwards (matching.IndexStale).
func restoreIdentities(tx *gorm.DB, snap *units.Snapshot, c *Case, rc RestoreCase) error {
	person := func(file string, line int, pseudonym string) (*Person, error) {
		var p Person
		err := tx.Where("case_id = ? AND pseudonym = ?", c.ID, pseudonym).Take(&p).Error
		if err == gorm.ErrRecordNotFound {
			return nil, restoreError(file, line, "pseudonym", "error.import_not_a_person", pseudonym, c.Reference)
		}
		return &p, err
	}
	for ri, err := range orNone(rc.Identifiers) {
		if err != nil {
			return err
		}
		p, err := person("identifiers.csv", ri.Line, ri.Pseudonym)
		if err != nil {
			return err
		}
		in := ri.Input
		id, err := validateIdentifier(snap, &in, p.Outcome, c.CountryISO2)
		if err != nil {
			return fieldError("identifiers.csv", ri.Line, err)
		}
		id.PersonID, id.CaseID, id.UnitID, id.AddedBy, id.CreatedAt = p.ID, c.ID, c.UnitID, ri.AddedBy, ri.CreatedAt
		if err := tx.Create(&id).Error; err != nil {
			return restoreError("identifiers.csv", ri.Line, "value", "error.import_identifier_twice", ri.Pseudonym)
		}
	}
	for rn, err := range orNone(rc.Notices) {
		if err != nil {
			return err
		}
		p, err := person("notices.csv", rn.Line, rn.Pseudonym)
		if err != nil {
			return err
		}
		in := rn.Input
		n, err := validateNotice(snap, &in, false)
		if err != nil {
			return fieldError("notices.csv", rn.Line, err)
		}
		n.OperationID, n.PersonID, n.CaseID, n.AddedBy, n.CreatedAt = c.OperationID, &p.ID, &c.ID, rn.AddedBy, rn.CreatedAt
		if err := tx.Create(&n).Error; err != nil {
			return restoreError("notices.csv", rn.Line, "control_number", "error.import_notice_twice", rn.Pseudonym)
		}
	}
	return nil
}
