// Package requests is how a country or an OCU asks another for information
// or assistance about a case: a subject, a question, a priority, a
// deadline and the items it concerns (people, identifiers, seizures),
// which the recipient sees as a read-only extract and nothing more of the
// case. A request is sent, acknowledged, answered and closed, or declined
// with a reason; past its deadline it is escalated to both sides'
// supervisors. Replies form its thread. Who sees and acts on a request is
// decided in access_requests.go.
package requests

import (
	"slices"
	"time"
)

// Statuses of a request.
const (
	Sent         = "sent"
	Acknowledged = "acknowledged"
	Answered     = "answered"
	Closed       = "closed"
	Declined     = "declined"
)

// Priorities, most pressing last.
var Priorities = []string{"routine", "urgent", "immediate"}

// Actions on a request, each a message in its thread.
const (
	Acknowledge = "acknowledge"
	Reply       = "reply"
	Answer      = "answer"
	Close       = "close"
	Decline     = "decline"
)

// Request is one request between countries or OCUs about a case.
type Request struct {
	ID             int64      `json:"id"`
	OperationID    int64      `json:"-"`
	CaseID         int64      `json:"-"`
	FromUnit       int64      `json:"-"`
	FromCountry    *string    `json:"from_country"`
	ToUnit         int64      `json:"-"`
	ToCountry      *string    `json:"to_country"`
	Subject        string     `json:"subject"`
	Question       string     `json:"question"`
	Priority       string     `json:"priority"`
	DueAt          time.Time  `json:"due_at"`
	Status         string     `json:"status"`
	DeclineReason  string     `json:"decline_reason,omitempty"`
	Origin         string     `json:"origin,omitempty"`
	WithIdentities bool       `json:"-"`
	EscalatedAt    *time.Time `json:"escalated_at"`
	SentBy         string     `json:"sent_by"`
	Version        int        `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`

	// Read with the request, for its readers.
	CaseRef      string `gorm:"->;column:case_ref" json:"case"`
	FromUnitCode string `gorm:"->;column:from_unit_code" json:"from_unit"`
	ToUnitCode   string `gorm:"->;column:to_unit_code" json:"to_unit"`
}

func (Request) TableName() string { return "requests" }

// Open reports whether the request still waits on someone.
func (r *Request) Open() bool {
	return r.Status == Sent || r.Status == Acknowledged || r.Status == Answered
}

// Overdue reports whether the request is past its deadline unanswered.
func (r *Request) Overdue(now time.Time) bool {
	return (r.Status == Sent || r.Status == Acknowledged) && now.After(r.DueAt)
}

// Message is one entry of a request's thread.
type Message struct {
	ID        int64     `json:"id"`
	RequestID int64     `json:"-"`
	Side      string    `json:"side"` // sender, recipient, ocu (ocu itself: escalation)
	Kind      string    `json:"kind"` // question, reply, acknowledge, answer, close, decline, escalate
	Body      string    `json:"body"`
	Author    string    `json:"author"`
	At        time.Time `json:"at"`
}

func (Message) TableName() string { return "request_messages" }

// next is the one table of moves: which status each action needs, and
// which it leaves the request in ("" keeps it), and which side may take it.
var next = map[string]struct {
	from      []string
	to        string
	recipient bool // taken by the receiving side; else by the sending side
	both      bool // either side
	body      bool // needs a text
}{
	Acknowledge: {from: []string{Sent}, to: Acknowledged, recipient: true},
	Reply:       {from: []string{Sent, Acknowledged, Answered}, both: true, body: true},
	Answer:      {from: []string{Sent, Acknowledged}, to: Answered, recipient: true, body: true},
	Close:       {from: []string{Sent, Acknowledged, Answered}, to: Closed},
	Decline:     {from: []string{Sent, Acknowledged}, to: Declined, recipient: true, body: true},
}

// allowed reports whether action may be taken on a request in status.
func allowed(action, status string) bool {
	m, ok := next[action]
	return ok && slices.Contains(m.from, status)
}
