package web

import (
	"unicode/utf8"

	"github.com/ocu-project/ocu"
)

// Limits that hold for every request, whatever the route: nothing longer or
// more numerous reaches a handler, a query or a stored record. Each domain
// validation sets a tighter limit on its own fields (a title, 200
// characters); these catch what no field rule names.
const (
	// MaxText is the most characters any one value may hold: a form
	// field, a JSON string. The longest field, a case summary, takes
	// 5,000.
	MaxText = 10_000
	// MaxParam is the most characters a query-string parameter may hold
	// unless its route allows more (Group.Param): codes, dates, page
	// numbers and a search need far less.
	MaxParam = 200
	// MaxName is the most characters a parameter's or a JSON field's
	// name may hold.
	MaxName = 100
	// MaxValues is the most values one request may carry in its query
	// string and form together, and the most elements of a JSON array:
	// as many people as one bulk add creates.
	MaxValues = 5_000
	// MaxBody is the most bytes a request body may hold, the import
	// upload aside (it has its own limit).
	MaxBody = 1 << 20
)

// CheckText says what is wrong with s as a value of the parameter or field
// name, limited to max characters: not UTF-8, a control character other
// than tab, line feed and carriage return (a NUL above all: SQLite and the
// exports would cut or carry it), or too long. It returns nil when s is
// acceptable. The message names the parameter, so a refusal of one value
// among many says which.
func CheckText(name, s string, max int) *ocu.Message {
	if !utf8.ValidString(s) {
		m := ocu.Msg("error.param_not_utf8", name)
		return &m
	}
	if hasControl(s) {
		m := ocu.Msg("error.param_control", name)
		return &m
	}
	if len(s) > max && utf8.RuneCountInString(s) > max {
		m := ocu.Msg("error.param_too_long", name, max)
		return &m
	}
	return nil
}

// CheckName is CheckText for the name of a parameter or field: a bad name
// is not repeated back, as it may be anything.
func CheckName(name string) *ocu.Message {
	if !utf8.ValidString(name) || hasControl(name) || utf8.RuneCountInString(name) > MaxName {
		m := ocu.Msg("error.param_name", MaxName)
		return &m
	}
	return nil
}

// hasControl reports whether s holds a C0 control character other than
// tab, line feed and carriage return, or DEL.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\t' || c == '\n' || c == '\r':
		case c < 0x20 || c == 0x7f:
			return true
		}
	}
	return false
}
