package cases

import (
	"context"
	"errors"
	"strconv"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/units"
)

// NoticeMatch is a Yellow Notice on the operation whose missing person's
// document number a potential victim carries.
type NoticeMatch struct {
	Notice
	IdentifierID int64
}

// PersonNotices lists the notices person p of case c is the subject of,
// and the Yellow Notices their documents match, for the context's
// principal: like identifiers, only to those who may see the case's
// names (nil otherwise). It writes nothing: a handler that shows them
// records the view (RecordIdentifierView counts them with identifiers).
func (s *Store) PersonNotices(ctx context.Context, c *Case, p *Person) ([]Notice, []NoticeMatch, error) {
	if !seesIdentities(principal(ctx), c) {
		return nil, nil, nil
	}
	q := s.db.Read.WithContext(ctx)
	var own []Notice
	if err := q.Where("person_id = ?", p.ID).Order("id").Find(&own).Error; err != nil {
		return nil, nil, err
	}
	var matched []NoticeMatch
	err := q.Raw(`SELECT n.*, m.identifier_id FROM notice_matches m JOIN notices n ON n.id = m.notice_id
		WHERE m.person_id = ? ORDER BY n.id`, p.ID).Scan(&matched).Error
	return own, matched, err
}

// AddPersonNotice records that the person pseudonym is the subject of a
// notice, and tells the issuing country's officers and the OCU it reports
// to in the case's operation that their subject is located: one
// transaction for the notice, its audit entry and the alert.
func (s *Store) AddPersonNotice(ctx context.Context, pseudonym string, in NoticeInput) (*Notice, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	who := principal(ctx)
	var n Notice
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, c, err := personForChange(tx, who, pseudonym)
		if err != nil {
			return err
		}
		if n, err = validateNotice(snap, &in, false); err != nil {
			return err
		}
		var dup int64
		if err := tx.Model(&Notice{}).Where("person_id = ? AND colour = ? AND control_number = ?", p.ID, n.Colour, n.ControlNumber).
			Count(&dup).Error; err != nil {
			return err
		}
		if dup > 0 {
			return ocu.Refused("control_number", ocu.Msg("error.notice_duplicate"))
		}
		n.OperationID, n.PersonID, n.CaseID = c.OperationID, &p.ID, &c.ID
		n.AddedBy, n.CreatedAt = who.Name(), s.now()
		if err := tx.Create(&n).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "notice.add", Subject: "person:" + p.Pseudonym,
			Details: map[string]any{"notice": n.ID, "colour": n.Colour, "issuing_country": n.IssuingCountry}}); err != nil {
			return err
		}
		return raiseLocated(tx, snap, n, c, p.Pseudonym, "")
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// raiseLocated tells notice n's issuing country (its officers) and the
// OCU it reports to in n's operation (its supervisors) that the subject
// was located in case c, as person pseudonym. The alert holds codes and
// references only: those told may not see the case.
func raiseLocated(tx *gorm.DB, snap *units.Snapshot, n Notice, c *Case, pseudonym, by string) error {
	a := alerts.Alert{OperationID: &c.OperationID, Country: alerts.ToCountry(n.IssuingCountry), Kind: alerts.NoticeLocated,
		Subject: "person:" + pseudonym, Details: map[string]any{
			"notice": n.ID, "colour": n.Colour, "control_number": n.ControlNumber, "issuing_country": n.IssuingCountry,
			"case": c.Reference, "unit": snap.UnitByID(c.UnitID).Code, "located_in": c.CountryISO2,
		}}
	if by != "" {
		a.Details["by"] = by // "document": a Yellow Notice's document number
	}
	if att, ok := snap.Attachment(n.OperationID, n.IssuingCountry); ok {
		a.UnitID = alerts.ToUnit(att.UnitID)
	}
	return alerts.Raise(tx, a)
}

// DeletePersonNotice removes notice id from the person pseudonym.
func (s *Store) DeletePersonNotice(ctx context.Context, pseudonym string, id int64) error {
	who := principal(ctx)
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, _, err := personForChange(tx, who, pseudonym)
		if err != nil {
			return err
		}
		var n Notice
		err = tx.Where("id = ? AND person_id = ?", id, p.ID).Take(&n).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.notice_not_found", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(&Notice{}, n.ID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "notice.delete", Subject: "person:" + p.Pseudonym,
			Details: map[string]any{"notice": n.ID, "colour": n.Colour}})
	})
}

// matchYellowForIdentifier looks for the Yellow Notices (of any operation:
// a missing person stays missing) whose document number is that of the
// document id, which potential victim p of case c now carries; each match
// is recorded and its issuing country told.
func (s *Store) matchYellowForIdentifier(ctx context.Context, tx *gorm.DB, snap *units.Snapshot, c *Case, p *Person, id *Identifier) error {
	var ns []Notice
	if err := tx.Where("person_id IS NULL AND colour = ? AND document_number = ?", Yellow, id.Normalized).Find(&ns).Error; err != nil {
		return err
	}
	for _, n := range ns {
		if err := s.recordYellowMatch(tx, snap, n, c, p.ID, p.Pseudonym, id.ID); err != nil {
			return err
		}
	}
	return nil
}

// matchYellowForNotice looks for the potential victims, in every case,
// who carry the document number of Yellow Notice n.
func (s *Store) matchYellowForNotice(tx *gorm.DB, snap *units.Snapshot, n Notice) error {
	if n.DocumentNumber == "" {
		return nil
	}
	var rows []struct {
		IdentifierID int64
		PersonID     int64
		Pseudonym    string
		CaseID       int64
	}
	if err := tx.Raw(`SELECT i.id AS identifier_id, p.id AS person_id, p.pseudonym, p.case_id
		FROM person_identifiers i JOIN people p ON p.id = i.person_id
		WHERE i.kind = 'document' AND i.normalized = ? AND p.outcome = ?`, n.DocumentNumber, PotentialVictim).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		var c Case
		if err := tx.Where("id = ?", r.CaseID).Take(&c).Error; err != nil {
			return err
		}
		if err := s.recordYellowMatch(tx, snap, n, &c, r.PersonID, r.Pseudonym, r.IdentifierID); err != nil {
			return err
		}
	}
	return nil
}

// recordYellowMatch records that person personID (pseudonym, of case c)
// carries the document of Yellow Notice n, and tells n's issuing country
// the first time.
func (s *Store) recordYellowMatch(tx *gorm.DB, snap *units.Snapshot, n Notice, c *Case, personID int64, pseudonym string, identifierID int64) error {
	res := tx.Exec(`INSERT INTO notice_matches (notice_id, person_id, identifier_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, n.ID, personID, identifierID, s.now())
	if res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	return raiseLocated(tx, snap, n, c, pseudonym, "document")
}
