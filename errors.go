// Package ocu holds the few types every part of ocu shares: the error kinds
// that the HTTP layer maps to statuses, and translatable messages. Domain
// packages (units, cases) return *Error so that one error handler can turn
// any failure into the right page or JSON body.
package ocu

import (
	"errors"
	"fmt"
)

// Kind says what sort of failure an error is, independent of transport.
type Kind int

const (
	Internal        Kind = iota // a bug or an unavailable database: 500
	Invalid                     // the input breaks a rule: 422
	NotFound                    // no such record, or not visible to this user: 404
	Conflict                    // stale version or a refused transition: 409
	Forbidden                   // the user may not do this: 403
	Unauthenticated             // nobody is signed in: 401
	TooMany                     // rate limited: 429
	TooLarge                    // a request body over the limit: 413
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	case TooMany:
		return "too_many_requests"
	case TooLarge:
		return "request_entity_too_large"
	}
	return "internal"
}

// Message is a user-facing text, kept as a catalogue key and its arguments so
// it can be rendered in the reader's language at the edge.
type Message struct {
	Key  string
	Args []any
}

// Msg builds a Message.
func Msg(key string, args ...any) Message { return Message{Key: key, Args: args} }

// Error is the error type domain packages return for anything a user can act
// on. Message is the summary; Fields names the inputs at fault, keyed by the
// form field / JSON field name.
type Error struct {
	Kind    Kind
	Message Message
	// More are further messages of the same refusal, when several things
	// are missing at once (a transition with two unmet guards).
	More   []Message
	Fields map[string]Message
	// Current carries the newer record when a save was made on a stale copy,
	// so the user can see what changed before trying again.
	Current any
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s", e.Kind, e.Message.Key)
	for f, m := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f, m.Key)
	}
	return s
}

// Errorf builds an *Error of the given kind with a catalogue message.
func Errorf(kind Kind, key string, args ...any) *Error {
	return &Error{Kind: kind, Message: Msg(key, args...)}
}

// KindOf returns the kind of err, Internal for errors that are not *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// FieldErrors collects per-field validation failures and becomes an Invalid
// error when any were added.
type FieldErrors map[string]Message

// Add records msg for field unless that field already has a message, so the
// first (most basic) problem with a field is the one shown.
func (fe FieldErrors) Add(field, key string, args ...any) {
	if _, ok := fe[field]; !ok {
		fe[field] = Msg(key, args...)
	}
}

// Err returns nil when no field failed, else an Invalid *Error.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: Msg("error.invalid_input"), Fields: map[string]Message(fe)}
}

// Translate renders the error's message and field messages with t, the
// reader's translation function.
func (e *Error) Translate(t func(key string, args ...any) string) (string, map[string]string) {
	fields := make(map[string]string, len(e.Fields))
	for f, m := range e.Fields {
		fields[f] = t(m.Key, m.Args...)
	}
	msg := t(e.Message.Key, e.Message.Args...)
	for _, m := range e.More {
		msg += " " + t(m.Key, m.Args...)
	}
	return msg, fields
}

// Refused is the Invalid error for one refused value: the message says
// which value and why, and Fields names it for API clients. A value whose
// name cannot be repeated (field "") is refused by the message alone.
func Refused(field string, m Message) *Error {
	if field == "" {
		return &Error{Kind: Invalid, Message: m}
	}
	return &Error{Kind: Invalid, Message: Msg("error.input_refused"), Fields: map[string]Message{field: m}}
}
