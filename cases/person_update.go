package cases

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/matching"
)

// UpdatePerson saves a person edited on the copy at version; a stale copy
// is refused with the newer record attached. Both come back as Person
// reads them: a handler that shows the identity records the view.
func (s *Store) UpdatePerson(ctx context.Context, pseudonym string, version int, in PersonInput) (*Person, error) {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	var stale bool
	var before Person
	who := principal(ctx)
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := personByPseudonym(tx, pseudonym)
		if err != nil {
			return err
		}
		var c Case
		if err := tx.Where("id = ?", p.CaseID).Take(&c).Error; err != nil {
			return err
		}
		cc, err := contributable(tx, who, c.Reference)
		if err != nil {
			if ocu.KindOf(err) == ocu.NotFound {
				return ocu.Errorf(ocu.NotFound, "error.person_not_found", pseudonym)
			}
			return err
		}
		if !seesIdentities(who, cc) && (strings.TrimSpace(in.Name) != "" || strings.TrimSpace(in.BirthDate) != "") {
			return ocu.Errorf(ocu.Forbidden, "error.identity_not_yours")
		}
		if !seesIdentities(who, cc) {
			// The form never showed them the identity: keep what is stored.
			in.Name, in.BirthDate = p.Name, p.BirthDate
		}
		// Loaded into the slice, then copied: the audit entry compares the
		// charges too.
		loaded := []Person{*p}
		if err := loadCharges(tx, loaded); err != nil {
			return err
		}
		before = loaded[0]
		if p.Version != version {
			stale = true
			return errStale
		}
		pf, err := validatePerson(snap, &in, snap.UnitByID(c.UnitID).Location(), s.now())
		if err != nil {
			return err
		}
		np := personFrom(in, pf)
		if m, err := tracingIdentifiersBlock(tx, p, np.Outcome); err != nil || m != nil {
			if m != nil {
				return ocu.Refused("outcome", *m)
			}
			return err
		}
		if err := tx.Model(&Person{}).Where("id = ?", p.ID).Updates(map[string]any{
			"outcome": np.Outcome, "sex": np.Sex, "age_band": np.AgeBand, "minor": np.Minor, "nationality": np.Nationality,
			"exploitation": np.Exploitation, "assistance_org": np.AssistanceOrg, "assistance_date": np.AssistanceDate,
			"name": np.Name, "birth_date": np.BirthDate, "arrested": np.Arrested, "arrested_at": np.ArrestedAt,
			"prosecution_authority": np.ProsecutionAuthority, "prosecution_ref": np.ProsecutionRef, "prosecution_date": np.ProsecutionDate,
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		}).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM charges WHERE person_id = ?", p.ID).Error; err != nil {
			return err
		}
		for _, ch := range np.Charges {
			if err := tx.Create(&personCharge{p.ID, ch}).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", s.now(), c.ID).Error; err != nil {
			return err
		}
		if err := refreshTallies(tx, c.ID); err != nil {
			return err
		}
		// The name, date of birth, nationality or outcome may have changed:
		// matching looks again, in this transaction.
		if err := matching.Reindex(ctx, tx, p.ID); err != nil {
			return err
		}
		// Both sides as stored, in the OCU's zone, so that only what
		// changed is named (not a time typed in another layout).
		loc := snap.UnitByID(c.UnitID).Location()
		return audit.Record(ctx, tx, audit.Entry{Action: "person.update", Subject: "person:" + p.Pseudonym,
			Details: audit.Changed(PersonInputFrom(&before, loc), PersonInputFrom(&np, loc), auditPersonValues...)})
	})
	if stale {
		newer, _, gerr := s.Person(ctx, pseudonym)
		if gerr != nil {
			return nil, gerr
		}
		return nil, &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.person_stale", newer.Pseudonym, newer.Version), Current: newer}
	}
	if err != nil {
		return nil, err
	}
	p, _, err := s.Person(ctx, pseudonym)
	return p, err
}
