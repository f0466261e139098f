package exports

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formula injection: a spreadsheet opening a CSV (or a cell retyped in
// Excel) runs text that starts with =, +, -, @, a tab or a carriage return
// as a formula. Titles, summaries, places, notes and names are typed by
// officers, and come from raids on criminal networks: they are not to be
// trusted with a formula. Such text is written with a leading apostrophe,
// which spreadsheets show as text and hide.
//
// A spreadsheet may also read a CSV with another separator than the comma
// (';' in much of Europe, a tab when pasted), or split a cell on one later
// ("text to columns"), and each piece is then a cell of its own: x;=1+1
// opens as x and a formula. So in a CSV every part of a text that starts
// a cell in some reading is neutralised: the text's start, and what
// follows each ',', ';', tab, line feed or carriage return. The CSV
// writer also quotes every field holding a ';' or a tab, so that such a
// reading keeps it whole in the first place.
//
// The rule is reversible, so an import gives back exactly what was
// exported: at each part's start, after any apostrophes, if the next
// character is one of the triggers, one apostrophe is added. RestoreText
// removes it. Apostrophes are not separators, so the parts of a text and
// of its neutralised form are the same. Numbers and times are never
// touched (a negative number is a number, not text); dates and lists of
// codes are validated on entry and cannot start with a trigger, but go
// through the same check. JSON is not read by spreadsheets and carries the
// text as it is, and so does a workbook, whose text cells are typed as
// text and never run.

func isTrigger(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// isSeparator reports whether a new cell may start after b in some
// reading of a CSV.
func isSeparator(b byte) bool {
	switch b {
	case ',', ';', '\t', '\n', '\r':
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

// appendNeutralised appends s with every part neutralised (CSV).
func appendNeutralised(b []byte, s string) []byte {
	start := true
	for i := 0; i < len(s); i++ {
		if start && needsApostrophe(s[i:]) {
			b = append(b, '\'')
		}
		b = append(b, s[i])
		start = isSeparator(s[i])
	}
	return b
}

// RestoreText undoes appendNeutralised: importers call it on every text
// column.
func RestoreText(s string) string {
	if !neutralisedForm(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	start := true
	for i := 0; i < len(s); i++ {
		if start && s[i] == '\'' && needsApostrophe(s[i:]) {
			i++ // drop the apostrophe neutralising added
		}
		b = append(b, s[i])
		start = isSeparator(s[i])
	}
	return string(b)
}

// neutralisedForm reports whether RestoreText would change s: some part
// starts with an apostrophe, then more, then a trigger.
func neutralisedForm(s string) bool {
	start := true
	for i := 0; i < len(s); i++ {
		if start && s[i] == '\'' && needsApostrophe(s[i:]) {
			return true
		}
		start = isSeparator(s[i])
	}
	return false
}

// clean replaces, in text read from the database, what a file must not
// carry: invalid UTF-8, and control characters other than tab, line feed
// and carriage return (a NUL above all). ocu refuses both on input; a
// record stored before that, or written to the file by hand, still goes
// out as valid text. Each becomes U+FFFD, the replacement character,
// which is neither a trigger nor a separator.
func clean(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return cleanFrom(s, i)
		}
	}
	return s
}

func cleanFrom(s string, i int) string {
	b := make([]byte, 0, len(s)+8)
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// appendText renders a cell as the text of a CSV field: numbers plain,
// decimals with '.', booleans 0/1, instants in UTC, absent values empty,
// lists joined by ';', and anything that is not a number cleaned and
// neutralised (dates and codes are validated and never start with a
// trigger: this is the belt to their braces).
func appendText(b []byte, col column, c *cell) []byte {
	if c.null {
		return b
	}
	switch col.kind {
	case kText, kDate:
		return appendNeutralised(b, clean(c.s))
	case kInt, kBool:
		return strconv.AppendInt(b, c.n, 10)
	case kFloat:
		return strconv.AppendFloat(b, c.f, 'f', -1, 64)
	case kTime:
		return c.t.AppendFormat(b, layoutTime)
	case kList:
		return appendNeutralised(b, clean(strings.Join(c.l, ";")))
	}
	return b
}
