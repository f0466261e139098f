package cases

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu/units"
)

// Cases and people are numbered per operation and OCU, and per case: a
// reference (LIB2-MNL-0007) and a pseudonym (LIB2-MNL-0007-P031) are never
// reused. The numbers are reserved inside the write transaction that uses
// them, on the single writer, so concurrent writes each get the next ones.

// Reference formats a case reference: operation, OCU and a sequence number
// that is never reused, e.g. LIB2-MNL-0007.
func Reference(operationCode, unitCode string, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", operationCode, unitCode, seq)
}

// Pseudonym formats a person's system pseudonym: the case reference and a
// number that is never reused within the case.
func Pseudonym(caseReference string, seq int) string {
	return fmt.Sprintf("%s-P%03d", caseReference, seq)
}

// reserveReferences takes the next n sequence numbers of an operation's
// OCU and returns the first. It must run in the write transaction that
// uses them.
func reserveReferences(tx *gorm.DB, operationID, unitID int64, n int) (int, error) {
	var last int
	if err := tx.Raw(`INSERT INTO case_sequences (operation_id, unit_id, last_seq) VALUES (?, ?, ?)
		ON CONFLICT (operation_id, unit_id) DO UPDATE SET last_seq = last_seq + excluded.last_seq
		RETURNING last_seq`, operationID, unitID, n).Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("reserve references: %w", err)
	}
	return last - n + 1, nil
}

// number gives c its sequence number and reference.
func number(snap *units.Snapshot, c *Case, seq int) {
	c.Seq = seq
	c.Reference = Reference(snap.OperationByID(c.OperationID).Code, snap.UnitByID(c.UnitID).Code, seq)
}

// reservePseudonyms takes the next n person numbers of a case, marking
// the case updated, and returns the first.
func reservePseudonyms(tx *gorm.DB, caseID int64, n int, now time.Time) (int, error) {
	var last int
	if err := tx.Raw("UPDATE cases SET last_person_seq = last_person_seq + ?, updated_at = ? WHERE id = ? RETURNING last_person_seq",
		n, now, caseID).Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("reserve pseudonyms: %w", err)
	}
	return last - n + 1, nil
}

func referenceSeq(reference, opCode, unitCode string) (int, bool) {
	prefix := opCode + "-" + unitCode + "-"
	if !strings.HasPrefix(reference, prefix) {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(reference[len(prefix):], "%d", &n); err != nil || n < 1 || Reference(opCode, unitCode, n) != reference {
		return 0, false
	}
	return n, true
}

func personSeq(pseudonym, caseReference string) (int, bool) {
	prefix := caseReference + "-P"
	if !strings.HasPrefix(pseudonym, prefix) {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(pseudonym[len(prefix):], "%d", &n); err != nil || n < 1 || Pseudonym(caseReference, n) != pseudonym {
		return 0, false
	}
	return n, true
}
