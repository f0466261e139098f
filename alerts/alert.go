// Package alerts is what ocu tells people when something concerns them
// that they did not do themselves: a located person is the subject of
// their country's notice, a possible match with another country's case, a
// hit in a police database. An alert goes to a country's officers, an
// OCU's supervisors, or both; coordinators see every alert.
//
// Alerts are written by the domain that raises them, in the same
// transaction as the change that caused them (Raise), so an alert never
// tells of something that was rolled back. They hold codes and record
// references only, never a name or a number a person carries: an alert
// may reach people whose scope does not cover the record it is about, and
// tells them only that it exists and where.
package alerts

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Kinds of alert. Each has catalogue keys alert.<kind>.title and
// alert.<kind>.body in views/locales.
const (
	NoticeLocated  = "notice_located"  // the subject of a country's notice was located in a case
	MatchFound     = "match_found"     // a possible match across cases was found
	MatchConfirmed = "match_confirmed" // a supervisor confirmed a match
	MatchDismissed = "match_dismissed" // a supervisor dismissed a match
	CheckHit       = "check_hit"       // a database check hit

	// Requests between countries and OCUs, and cases moving between OCUs
	// (the requests package and cases raise these; catalogue keys in their
	// own locale files).
	RequestReceived  = "request_received"  // a request sent to a country or an OCU
	RequestReplied   = "request_replied"   // a reply in a request's thread, told to the other side
	RequestAnswered  = "request_answered"  // a request answered
	RequestDeclined  = "request_declined"  // a request declined, with its reason
	RequestOverdue   = "request_overdue"   // past its deadline: told to both sides' supervisors
	TransferProposed = "transfer_proposed" // a case proposed to move to another OCU
	TransferDecided  = "transfer_decided"  // the receiving OCU accepted or rejected it
)

// Alert is one thing told to a country (its officers), an OCU (its
// supervisors) or both.
type Alert struct {
	ID          int64
	OperationID *int64
	UnitID      *int64  // the OCU told; nil when only a country is
	Country     *string // the country told; nil when only an OCU is
	Kind        string
	Subject     string         // case:REF, person:PSEUDONYM, match:ID
	Details     map[string]any // codes and counts only
	CreatedAt   time.Time
}

// Raise records a in tx. The caller raises it inside the transaction that
// made the change it tells of.
func Raise(tx *gorm.DB, a Alert) error {
	if a.UnitID == nil && a.Country == nil {
		return fmt.Errorf("alert %s on %s: tell an OCU or a country", a.Kind, a.Subject)
	}
	if a.Kind == "" || a.Subject == "" {
		return fmt.Errorf("alert needs a kind and a subject")
	}
	details := []byte("{}")
	if len(a.Details) > 0 {
		var err error
		if details, err = json.Marshal(a.Details); err != nil {
			return fmt.Errorf("alert details: %w", err)
		}
	}
	at := a.CreatedAt
	if at.IsZero() {
		at = time.Now().UTC()
	}
	return tx.Exec(`INSERT INTO alerts (operation_id, unit_id, country_iso2, kind, subject, details, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.OperationID, a.UnitID, a.Country, a.Kind, a.Subject, string(details), at.UTC()).Error
}

// ToUnit is a helper for the common case: tell OCU unitID.
func ToUnit(unitID int64) *int64 { return &unitID }

// ToCountry is a helper for the common case: tell country iso2's officers.
func ToCountry(iso2 string) *string { return &iso2 }
