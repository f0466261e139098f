package files

import (
	"strings"
	"unicode"
)

// CleanName is the name a file is kept and downloaded under: the last
// element of the name its sender gave (no directories, whichever
// separator), keeping letters, digits, spaces, dots, hyphens and
// underscores, at most 100 characters, and always the extension of the
// type its content is, whatever extension it came with, so that no
// reader's system opens it as anything else.
func CleanName(given string, t Type) string {
	given = given[strings.LastIndexAny(given, `/\`)+1:]
	if i := strings.LastIndexByte(given, '.'); i > 0 {
		given = given[:i]
	}
	var b strings.Builder
	n := 0
	for _, r := range given {
		if n == 100 {
			break
		}
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_', r == '.':
		case r == ' ':
		default:
			r = '_'
		}
		b.WriteRune(r)
		n++
	}
	base := strings.Trim(b.String(), " ._")
	if base == "" {
		base = "file"
	}
	return base + t.Ext
}
