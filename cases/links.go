package cases

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Two cases are linked with a kind and a reason: the same network behind
// both, a joint investigation, one following up on the other, or one a
// duplicate of the other. A link shows on both cases, to each reader
// within their scope: a linked case the reader may not see shows only its
// OCU and raising country, never its reference, title or the link's reason
// (written by someone who sees both, it may speak of the other case). Who
// links: the OCU's supervisors and the raising country's officers
// (access.go: MayLinkCase), of the case they link from; they must see the
// other case too, since a reference they cannot see does not exist for
// them. Each link and unlink is audited under both cases' subjects, so it
// is on both timelines; the audit holds the kind and the other case's OCU
// and country, never the reason.

// Link kinds.
const (
	LinkSameNetwork        = "same_network"
	LinkJointInvestigation = "joint_investigation"
	LinkFollowUp           = "follow_up"
	LinkDuplicate          = "duplicate"
)

// LinkKinds lists the kinds in the order forms offer them.
var LinkKinds = []string{LinkSameNetwork, LinkJointInvestigation, LinkFollowUp, LinkDuplicate}

// maxLinkReason bounds a link's reason, as the schema does.
const maxLinkReason = 1000

// CaseLink is a link as one of its cases' readers sees it.
type CaseLink struct {
	ID   int64
	Kind string
	// Side is the kind as it reads from this case: the kind itself, or
	// for a follow-up "follow_up_of" (this case follows up on the other)
	// or "followed_up_by".
	Side      string
	LinkedBy  string
	CreatedAt time.Time
	// The other case: OCU and raising country always; the rest only
	// when Visible (the reader's scope holds it).
	OtherUnitID  int64
	OtherCountry string
	Visible      bool
	Reference    string
	Title        string
	Status       Status
	Reason       string
}

// LinkInput is a new link from a case.
type LinkInput struct {
	Other  string `json:"case"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// linkRow is case_links as stored.
type linkRow struct {
	ID        int64
	CaseA     int64
	CaseB     int64
	FromID    int64
	Kind      string
	Reason    string
	LinkedBy  string
	CreatedAt time.Time
}

func (linkRow) TableName() string { return "case_links" }

func invalidField(field, key string, args ...any) error {
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
		Fields: map[string]ocu.Message{field: ocu.Msg(key, args...)}}
}

// LinkCases links the case reference to the case in.Other and returns the
// link's id.
func (s *Store) LinkCases(ctx context.Context, reference string, in LinkInput) (int64, error) {
	p := principal(ctx)
	in.Kind, in.Reason = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Reason)
	var id int64
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seeable(tx, p, reference)
		if err != nil {
			return err
		}
		if !p.MayLinkCase(c.UnitID, c.RaisingCountry) {
			return ocu.Errorf(ocu.Forbidden, "error.link_who")
		}
		if strings.TrimSpace(in.Other) == "" {
			return invalidField("case", "error.link_case_missing")
		}
		o, err := seeable(tx, p, in.Other)
		if ocu.KindOf(err) == ocu.NotFound {
			return invalidField("case", "error.link_case_unknown", upper(in.Other))
		}
		if err != nil {
			return err
		}
		switch {
		case o.ID == c.ID:
			return invalidField("case", "error.link_self")
		case !slices.Contains(LinkKinds, in.Kind):
			return invalidField("kind", "error.link_kind")
		case in.Reason == "":
			return invalidField("reason", "error.link_reason_missing")
		case utf8.RuneCountInString(in.Reason) > maxLinkReason:
			return invalidField("reason", "error.link_reason_long", maxLinkReason)
		}
		row := linkRow{CaseA: min(c.ID, o.ID), CaseB: max(c.ID, o.ID), FromID: c.ID, Kind: in.Kind, Reason: in.Reason,
			LinkedBy: p.Name(), CreatedAt: s.now()}
		var n int64
		if err := tx.Model(&linkRow{}).Where("case_a = ? AND case_b = ?", row.CaseA, row.CaseB).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ocu.Errorf(ocu.Conflict, "error.link_exists", c.Reference, o.Reference)
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		return s.auditLink(ctx, tx, "case.link", row, c, o)
	})
	return id, err
}

// auditLink records a link's change under both cases' subjects, each
// naming the other case by its OCU and raising country only: the timeline
// of one case is read by people who may not see the other.
func (s *Store) auditLink(ctx context.Context, tx *gorm.DB, action string, row linkRow, a, b *Case) error {
	snap, err := s.units.Snapshot(ctx)
	if err != nil {
		return err
	}
	for _, pair := range [][2]*Case{{a, b}, {b, a}} {
		this, other := pair[0], pair[1]
		if err := audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "case:" + this.Reference,
			Details: map[string]any{"link": row.ID, "kind": linkSide(row, this.ID),
				"unit": snap.UnitByID(other.UnitID).Code, "country": other.RaisingCountry}}); err != nil {
			return err
		}
	}
	return nil
}

// linkSide is a link's kind as it reads from case caseID.
func linkSide(row linkRow, caseID int64) string {
	if row.Kind != LinkFollowUp {
		return row.Kind
	}
	if row.FromID == caseID {
		return "follow_up_of"
	}
	return "followed_up_by"
}

// UnlinkCases removes link id from the case reference.
func (s *Store) UnlinkCases(ctx context.Context, reference string, id int64) error {
	p := principal(ctx)
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seeable(tx, p, reference)
		if err != nil {
			return err
		}
		if !p.MayLinkCase(c.UnitID, c.RaisingCountry) {
			return ocu.Errorf(ocu.Forbidden, "error.link_who")
		}
		var row linkRow
		err = tx.Where("id = ? AND (case_a = ? OR case_b = ?)", id, c.ID, c.ID).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ocu.Errorf(ocu.NotFound, "error.link_not_found", id, c.Reference)
		}
		if err != nil {
			return err
		}
		otherID := row.CaseA
		if otherID == c.ID {
			otherID = row.CaseB
		}
		var o Case
		if err := tx.Where("id = ?", otherID).Take(&o).Error; err != nil {
			return err
		}
		if err := tx.Delete(&linkRow{}, row.ID).Error; err != nil {
			return err
		}
		return s.auditLink(ctx, tx, "case.unlink", row, c, &o)
	})
}

// Links lists c's links, oldest first, each with the other case's details
// when the reader's scope holds it (the scope's SQL, access.go, decides
// in the same statement).
func (s *Store) Links(ctx context.Context, c *Case) ([]CaseLink, error) {
	visible, args := principal(ctx).Cases().SQL("o")
	var rows []struct {
		ID           int64
		CaseA        int64
		CaseB        int64
		FromID       int64
		Kind         string
		Reason       string
		LinkedBy     string
		CreatedAt    time.Time
		OtherUnitID  int64
		OtherCountry string
		Visible      bool
		Reference    string
		Title        string
		Status       Status
	}
	err := s.db.Read.WithContext(ctx).Raw(`SELECT l.id, l.case_a, l.case_b, l.from_id, l.kind, l.reason, l.linked_by, l.created_at,
			o.unit_id AS other_unit_id, o.raising_country AS other_country, `+visible+` AS visible,
			o.reference, o.title, o.status
		FROM case_links l JOIN cases o ON o.id = CASE WHEN l.case_a = ? THEN l.case_b ELSE l.case_a END
		WHERE l.case_a = ? OR l.case_b = ? ORDER BY l.id`, append(args, c.ID, c.ID, c.ID)...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]CaseLink, 0, len(rows))
	for _, r := range rows {
		l := CaseLink{ID: r.ID, Kind: r.Kind, Side: linkSide(linkRow{Kind: r.Kind, FromID: r.FromID}, c.ID), LinkedBy: r.LinkedBy, CreatedAt: r.CreatedAt,
			OtherUnitID: r.OtherUnitID, OtherCountry: r.OtherCountry, Visible: r.Visible}
		if r.Visible {
			l.Reference, l.Title, l.Status, l.Reason = r.Reference, r.Title, r.Status, r.Reason
		}
		out = append(out, l)
	}
	return out, nil
}
