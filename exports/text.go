package exports

import (
	"strconv"
	"strings"
)

// Formula injection: a spreadsheet opening a CSV (or a cell retyped in
// Excel) runs text that starts with =, +, -, @, a tab or a carriage return
// as a formula. Titles, summaries, places, notes and names are typed by
// officers, and come from raids on criminal networks: they are not to be
// trusted with a formula. Such text is written with a leading apostrophe,
// which spreadsheets show as text and hide.
//
// The rule is reversible, so an import gives back exactly what was
// exported: after any leading apostrophes, if the next character is one of
// the triggers, one apostrophe is added. RestoreText removes it. Numbers
// and times are never touched (a negative number is a number, not text);
// dates and lists of codes are validated on entry and cannot start with a
// trigger, but go through the same check. JSON is not read by spreadsheets
// and carries the text as it is.

func isTrigger(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsApostrophe reports whether s, once its leading apostrophes are
// skipped, starts with a trigger.
func needsApostrophe(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i < len(s) && isTrigger(s[i])
}

// neutralise makes text safe to open in a spreadsheet.
func neutralise(s string) string {
	if needsApostrophe(s) {
		return "'" + s
	}
	return s
}

// RestoreText undoes neutralise: importers call it on every text column.
func RestoreText(s string) string {
	if strings.HasPrefix(s, "'") && needsApostrophe(s) {
		return s[1:]
	}
	return s
}

// appendText renders a cell as the text of a CSV field: numbers plain,
// decimals with '.', booleans 0/1, instants in UTC, absent values empty,
// lists joined by ';', and anything that is not a number neutralised
// (dates and codes are validated and never start with a trigger: this is
// the belt to their braces).
func appendText(b []byte, col column, c *cell) []byte {
	if c.null {
		return b
	}
	switch col.kind {
	case kText, kDate:
		if needsApostrophe(c.s) {
			b = append(b, '\'')
		}
		return append(b, c.s...)
	case kInt, kBool:
		return strconv.AppendInt(b, c.n, 10)
	case kFloat:
		return strconv.AppendFloat(b, c.f, 'f', -1, 64)
	case kTime:
		return c.t.AppendFormat(b, layoutTime)
	case kTimeNano:
		return c.t.AppendFormat(b, layoutTimeNano)
	case kList:
		return append(b, neutralise(strings.Join(c.l, ";"))...)
	}
	return b
}

// cellText is appendText as a string.
func cellText(col column, c *cell) string {
	return string(appendText(nil, col, c))
}
