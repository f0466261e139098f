package cases

import (
	"context"
	"errors"
	"strconv"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/matching"
)

// personForChange loads, inside tx, the person pseudonym and their case
// for a change by who: NotFound when who cannot see the case (the person
// does not exist for them), Forbidden when they may only read it,
// Conflict when it is closed.
func personForChange(tx *gorm.DB, who ocu.Principal, pseudonym string) (*Person, *Case, error) {
	p, err := personByPseudonym(tx, pseudonym)
	if err != nil {
		return nil, nil, err
	}
	var ref string
	if err := tx.Raw("SELECT reference FROM cases WHERE id = ?", p.CaseID).Scan(&ref).Error; err != nil {
		return nil, nil, err
	}
	c, err := contributable(tx, who, ref)
	if err != nil {
		if ocu.KindOf(err) == ocu.NotFound {
			return nil, nil, ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
		}
		return nil, nil, err
	}
	return p, c, nil
}

// Identifiers lists what person p of case c carries, for the context's
// principal: nothing (nil, no error) to anyone who may not see the
// suspects' names of c, whatever p's outcome, since identifiers trace a
// person as a name does. It writes nothing: a handler that shows them
// records the view (RecordIdentifierView).
func (s *Store) Identifiers(ctx context.Context, c *Case, p *Person) ([]Identifier, error) {
	if !seesIdentities(principal(ctx), c) {
		return nil, nil
	}
	var out []Identifier
	err := s.db.Read.WithContext(ctx).Where("person_id = ?", p.ID).Order("kind, id").Find(&out).Error
	return out, err
}

// RecordIdentifierView records in the audit trail that the identifiers of
// person p (n of them) were shown to the context's principal: which
// person and how many, never the values. Nothing is written for none.
func (s *Store) RecordIdentifierView(ctx context.Context, p *Person, n int) error {
	if n == 0 {
		return nil
	}
	return (&audit.Log{DB: s.db}).Append(ctx, audit.Entry{Action: "identifier.view", Subject: "person:" + p.Pseudonym,
		Details: map[string]any{"count": n}})
}

// AddIdentifier records an identifier on the person pseudonym, in one
// transaction with its audit entry and, for a potential victim's document,
// the Yellow Notices it matches (and their alerts).
func (s *Store) AddIdentifier(ctx context.Context, pseudonym string, in IdentifierInput) (*Identifier, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	who := principal(ctx)
	var id Identifier
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, c, err := personForChange(tx, who, pseudonym)
		if err != nil {
			return err
		}
		if id, err = validateIdentifier(snap, &in, p.Outcome, c.CountryISO2); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&Identifier{}).Where("person_id = ? AND kind = ? AND country = ? AND normalized = ?",
			p.ID, id.Kind, id.Country, id.Normalized).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ocu.Refused("value", ocu.Msg("error.identifier_duplicate"))
		}
		id.PersonID, id.CaseID, id.UnitID = p.ID, c.ID, c.UnitID
		id.AddedBy, id.CreatedAt = who.Name(), s.now()
		if err := tx.Create(&id).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "identifier.add", Subject: "person:" + p.Pseudonym,
			Details: map[string]any{"identifier": id.ID, "kind": id.Kind, "doc_type": id.DocType, "country": id.Country}}); err != nil {
			return err
		}
		// The same identifier elsewhere is a possible match.
		if err := matching.Reindex(ctx, tx, p.ID); err != nil {
			return err
		}
		if id.Kind == IdentDocument && p.Outcome == PotentialVictim {
			return s.matchYellowForIdentifier(ctx, tx, snap, c, p, &id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// DeleteIdentifier removes identifier id from the person pseudonym.
func (s *Store) DeleteIdentifier(ctx context.Context, pseudonym string, id int64) error {
	who := principal(ctx)
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, _, err := personForChange(tx, who, pseudonym)
		if err != nil {
			return err
		}
		var found Identifier
		err = tx.Where("id = ? AND person_id = ?", id, p.ID).Take(&found).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.identifier_not_found", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(&Identifier{}, found.ID).Error; err != nil {
			return err
		}
		// Open matches that rested on it are withdrawn.
		if err := matching.Reindex(ctx, tx, p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "identifier.delete", Subject: "person:" + p.Pseudonym,
			Details: map[string]any{"identifier": found.ID, "kind": found.Kind}})
	})
}
