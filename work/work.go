// Package work is each user's queue of what waits on them: requests to
// answer or past their deadline, matches to review, unread alerts, people
// unscreened in their cases, cases in screening too long, their country's
// return not filed today. Each domain knows what of its own waits on whom
// and says so as a Source; this package gathers the sources, and the
// pages show the queue and its counts in the header.
//
// A source answers for the principal in the context, within their scope,
// and reads only: the queue is asked for on every page's header, so each
// source keeps to one or two indexed statements.
package work

import (
	"context"
	"time"
)

// Item is one thing waiting on the reader.
type Item struct {
	// Kind groups items on the page and in the header's count: one of the
	// constants below.
	Kind string
	// Title says what waits, in the reader's language (the source
	// translates: it knows the arguments).
	Title string
	// Href is where the reader acts on it.
	Href string
	// Due is when it must be done, if it has a deadline; Overdue says
	// the deadline has passed.
	Due     *time.Time
	Overdue bool
	// Count is how many things the item stands for (12 people unscreened
	// in one case), 1 when it is one.
	Count int
	// At orders items within a kind, newest first.
	At time.Time
}

// Kinds of item.
const (
	RequestToAnswer  = "request_to_answer"  // a request sent to the reader's country or OCU, not yet answered
	RequestOverdue   = "request_overdue"    // a request past its deadline (escalated to supervisors)
	RequestAnswered  = "request_answered"   // an answer to a request the reader's side sent, not yet closed
	MatchToReview    = "match_to_review"    // an open possible match a supervisor of the reader's OCU may decide
	AlertUnread      = "alert_unread"       // alerts not yet read
	PeopleUnscreened = "people_unscreened"  // people waiting for screening in the reader's cases
	ScreeningStale   = "screening_stale"    // cases in screening past cases.StaleScreeningAfter
	ReturnDue        = "return_due"         // the reader's country's return for today, not filed
	TransferToDecide = "transfer_to_decide" // a case another OCU proposes to move to the reader's
)

// Source is one domain's part of the queue.
type Source interface {
	// Waiting lists what of this source waits on the principal in ctx.
	Waiting(ctx context.Context) ([]Item, error)
}

// Counter is a Source that can count what waits without listing it: the
// header asks for the count on every page, so a source with more than a
// statement or two behind Waiting offers a cheaper Count.
type Counter interface {
	Count(ctx context.Context) (int, error)
}

// SourceFunc adapts a function to a Source.
type SourceFunc func(ctx context.Context) ([]Item, error)

// Waiting calls f.
func (f SourceFunc) Waiting(ctx context.Context) ([]Item, error) { return f(ctx) }
