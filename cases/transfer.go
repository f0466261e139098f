package cases

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/audit"
)

// Moving a case to another OCU: a supervisor of the case's OCU proposes
// it (for example when the raising country now reports to another OCU);
// a supervisor of the receiving OCU accepts it or rejects it with a
// reason. On acceptance the case moves with its people, identifiers,
// seizures and forms (every figure follows: the tallies are kept by the
// database's triggers), and keeps its reference, its pseudonyms and its
// history, which other countries' records, alerts and the audit trail
// cite: a reference names a case for good, not where it sits now. The
// case takes a new number in the receiving OCU's sequence so that
// numbers there stay unique. Both OCUs' supervisors are told the outcome.

// Transfer statuses.
const (
	TransferProposed = "proposed"
	TransferAccepted = "accepted"
	TransferRejected = "rejected"
)

// Transfer is a proposal to move a case to another OCU, and its decision.
type Transfer struct {
	ID             int64      `json:"id"`
	CaseID         int64      `json:"-"`
	FromUnit       int64      `json:"-"`
	ToUnit         int64      `json:"-"`
	Reason         string     `json:"reason"`
	Status         string     `json:"status"`
	DecisionReason string     `json:"decision_reason,omitempty"`
	ProposedBy     string     `json:"proposed_by"`
	DecidedBy      string     `json:"decided_by,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	DecidedAt      *time.Time `json:"decided_at"`

	CaseRef  string `gorm:"->;column:case_ref" json:"case"`
	FromCode string `gorm:"->;column:from_code" json:"from_unit"`
	ToCode   string `gorm:"->;column:to_code" json:"to_unit"`
}

func (Transfer) TableName() string { return "case_transfers" }

const transferSelect = `SELECT t.*, c.reference AS case_ref, fu.code AS from_code, tu.code AS to_code
	FROM case_transfers t JOIN cases c ON c.id = t.case_id JOIN units fu ON fu.id = t.from_unit JOIN units tu ON tu.id = t.to_unit`

// ProposeTransfer proposes moving case ref to the OCU toUnit (its code),
// for reason.
func (s *Store) ProposeTransfer(ctx context.Context, ref, toUnit, reason string) (*Transfer, error) {
	p := principal(ctx)
	reason = strings.TrimSpace(reason)
	now := s.now()
	var t Transfer
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seeable(tx, p, ref)
		if err != nil {
			return err
		}
		if !p.MayProposeTransfer(c.UnitID) {
			return ocu.Errorf(ocu.Forbidden, "error.transfer_may_not_propose", c.Reference)
		}
		fe := ocu.FieldErrors{}
		var to struct {
			ID   int64
			Code string
		}
		if err := tx.Raw(`SELECT id, code FROM units WHERE code = ?`, strings.ToUpper(strings.TrimSpace(toUnit))).Scan(&to).Error; err != nil {
			return err
		}
		switch {
		case to.ID == 0:
			fe.Add("to_unit", "error.transfer_unit_unknown", toUnit)
		case to.ID == c.UnitID:
			fe.Add("to_unit", "error.transfer_same_unit")
		}
		switch {
		case reason == "":
			fe.Add("reason", "error.transfer_reason_required")
		case len([]rune(reason)) > 1000:
			fe.Add("reason", "error.transfer_reason_long", 1000)
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var open int
		if err := tx.Raw(`SELECT COUNT(*) FROM case_transfers WHERE case_id = ? AND status = 'proposed'`, c.ID).Scan(&open).Error; err != nil {
			return err
		}
		if open > 0 {
			return ocu.Errorf(ocu.Conflict, "error.transfer_already_proposed", c.Reference)
		}
		t = Transfer{CaseID: c.ID, FromUnit: c.UnitID, ToUnit: to.ID, Reason: reason, Status: TransferProposed,
			ProposedBy: p.Name(), CreatedAt: now}
		if err := tx.Omit("case_ref", "from_code", "to_code").Create(&t).Error; err != nil {
			return err
		}
		t.CaseRef, t.ToCode = c.Reference, to.Code
		if err := audit.Record(ctx, tx, audit.Entry{Action: "case.transfer_propose", Subject: "case:" + c.Reference,
			Details: audit.Details{"transfer": t.ID, "to": to.Code}}); err != nil {
			return err
		}
		return alerts.Raise(tx, alerts.Alert{OperationID: &c.OperationID, UnitID: alerts.ToUnit(to.ID), Kind: alerts.TransferProposed,
			Subject: "case:" + c.Reference, CreatedAt: now, Details: map[string]any{"transfer": t.ID, "case": c.Reference}})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// transferFor loads transfer id for p: its case's readers and the
// receiving OCU's supervisors see it; anyone else gets NotFound.
func transferFor(tx *gorm.DB, p ocu.Principal, id int64) (*Transfer, error) {
	var t Transfer
	if err := tx.Raw(transferSelect+` WHERE t.id = ?`, id).Scan(&t).Error; err != nil {
		return nil, err
	}
	notFound := ocu.Errorf(ocu.NotFound, "error.transfer_not_found", strconv.FormatInt(id, 10))
	if t.ID == 0 {
		return nil, notFound
	}
	if p.MayDecideTransfer(t.ToUnit) {
		return &t, nil
	}
	if _, err := seeable(tx, p, t.CaseRef); err != nil {
		if ocu.KindOf(err) == ocu.NotFound {
			return nil, notFound
		}
		return nil, err
	}
	return &t, nil
}

// DecideTransfer accepts or rejects transfer id; a rejection needs a
// reason. Accepting moves the case.
func (s *Store) DecideTransfer(ctx context.Context, id int64, accept bool, reason string) (*Transfer, error) {
	p := principal(ctx)
	reason = strings.TrimSpace(reason)
	now := s.now()
	var t *Transfer
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if t, err = transferFor(tx, p, id); err != nil {
			return err
		}
		if !p.MayDecideTransfer(t.ToUnit) {
			return ocu.Errorf(ocu.Forbidden, "error.transfer_may_not_decide", t.ToCode)
		}
		if t.Status != TransferProposed {
			return ocu.Errorf(ocu.Conflict, "error.transfer_decided", t.CaseRef)
		}
		switch {
		case !accept && reason == "":
			return ocu.Refused("reason", ocu.Msg("error.transfer_reject_reason"))
		case len([]rune(reason)) > 1000:
			return ocu.Refused("reason", ocu.Msg("error.transfer_reason_long", 1000))
		}
		t.Status, t.DecisionReason, t.DecidedBy, t.DecidedAt = TransferRejected, reason, p.Name(), &now
		if accept {
			t.Status = TransferAccepted
			if err := moveCase(tx, t, now); err != nil {
				return err
			}
		}
		res := tx.Exec(`UPDATE case_transfers SET status = ?, decision_reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'proposed'`,
			t.Status, t.DecisionReason, t.DecidedBy, now, t.ID)
		if res.Error != nil {
			return res.Error
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "case.transfer_" + map[bool]string{true: "accept", false: "reject"}[accept],
			Subject: "case:" + t.CaseRef, Details: audit.Details{"transfer": t.ID, "from": t.FromCode, "to": t.ToCode}}); err != nil {
			return err
		}
		var op int64
		if err := tx.Raw(`SELECT operation_id FROM cases WHERE id = ?`, t.CaseID).Scan(&op).Error; err != nil {
			return err
		}
		for _, unit := range []int64{t.FromUnit, t.ToUnit} {
			if err := alerts.Raise(tx, alerts.Alert{OperationID: &op, UnitID: alerts.ToUnit(unit), Kind: alerts.TransferDecided,
				Subject: "case:" + t.CaseRef, CreatedAt: now,
				Details: map[string]any{"transfer": t.ID, "case": t.CaseRef, "status": t.Status, "from": t.FromCode, "to": t.ToCode}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// moveCase moves t's case and everything copied from it to t's receiving
// OCU, in tx. The figures follow through the database's triggers (the
// case roll-up, people's tallies; the forms' tallies by re-inserting the
// forms).
func moveCase(tx *gorm.DB, t *Transfer, now time.Time) error {
	var c struct{ OperationID, UnitID int64 }
	if err := tx.Raw(`SELECT operation_id, unit_id FROM cases WHERE id = ?`, t.CaseID).Scan(&c).Error; err != nil {
		return err
	}
	if c.UnitID != t.FromUnit {
		return ocu.Errorf(ocu.Conflict, "error.transfer_case_moved", t.CaseRef)
	}
	seq, err := reserveReferences(tx, c.OperationID, t.ToUnit, 1)
	if err != nil {
		return err
	}
	var forms []string
	if err := tx.Raw(`SELECT form FROM case_forms WHERE case_id = ?`, t.CaseID).Scan(&forms).Error; err != nil {
		return err
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE cases SET unit_id = ?, seq = ?, version = version + 1, updated_at = ? WHERE id = ?`, []any{t.ToUnit, seq, now, t.CaseID}},
		{`UPDATE people SET unit_id = ? WHERE case_id = ?`, []any{t.ToUnit, t.CaseID}},
		{`UPDATE seizures SET unit_id = ? WHERE case_id = ?`, []any{t.ToUnit, t.CaseID}},
		{`UPDATE person_identifiers SET unit_id = ? WHERE case_id = ?`, []any{t.ToUnit, t.CaseID}},
		// Shared with the receiving OCU before: now its own.
		{`DELETE FROM case_shares WHERE case_id = ? AND unit_id = ?`, []any{t.CaseID, t.ToUnit}},
		{`DELETE FROM case_forms WHERE case_id = ?`, []any{t.CaseID}},
	} {
		if err := tx.Exec(q.sql, q.args...).Error; err != nil {
			return err
		}
	}
	for _, f := range forms {
		if err := tx.Exec(`INSERT INTO case_forms (case_id, form, operation_id, unit_id) VALUES (?, ?, ?, ?)`,
			t.CaseID, f, c.OperationID, t.ToUnit).Error; err != nil {
			return err
		}
	}
	return nil
}

// Transfers lists the proposals to move case caseID, newest first.
func (s *Store) Transfers(ctx context.Context, caseID int64) ([]Transfer, error) {
	var out []Transfer
	err := s.db.Read.WithContext(ctx).Raw(transferSelect+` WHERE t.case_id = ? ORDER BY t.id DESC`, caseID).Scan(&out).Error
	return out, err
}

// GetTransfer loads transfer id if the principal in ctx sees it.
func (s *Store) GetTransfer(ctx context.Context, id int64) (*Transfer, error) {
	return transferFor(s.db.Read.WithContext(ctx), principal(ctx), id)
}
