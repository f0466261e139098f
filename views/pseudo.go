package views

import (
	"regexp"
	"strings"

	"golang.org/x/text/feature/plural"
)

// PseudoLang is the pseudo-locale: English with every letter accented and
// every text 40 % longer, so that a page whose layout clips, overlaps or
// hard-codes a text shows it at a glance. It is never offered to readers
// or matched from a browser: tests add it (AddPseudoLocale) and render
// pages in it.
const PseudoLang = "en-XA"

// AddDerived adds lang as a catalogue derived from English: every text,
// and every plural form, passed through fn with its placeholders kept as
// they are. For tests: the pseudo-locale, or a stand-in for a language
// whose translators have not delivered yet. A hidden one is never offered.
func AddDerived(lang string, fn func(string) string, hide bool) {
	c := catalogue{}
	for k, m := range catalogues[DefaultLang] {
		d := message{text: derive(m.text, fn)}
		if m.forms != nil {
			d.forms = map[plural.Form]string{}
			for f, t := range m.forms {
				d.forms[f] = derive(t, fn)
			}
			// The forms English lacks and lang needs read as "other".
			for _, name := range FormsNeeded(lang) {
				if f, _ := formNamed(name); d.forms[f] == "" {
					d.forms[f] = d.forms[formOther]
				}
			}
		}
		c[k] = d
	}
	catalogues[lang] = c
	if hide {
		hidden[lang] = true
	}
	matcher = newMatcher()
}

// StandIn is the text of a stand-in catalogue for lang, for tests while its
// translators have not delivered it: each run of English marked with the
// language (in Arabic, with an Arabic word, so pages mix right-to-left and
// left-to-right text as Arabic pages do).
func StandIn(lang string) func(string) string {
	mark := "[" + lang + "] "
	if LangDir(lang) == "rtl" {
		mark = "عربي "
	}
	return func(s string) string {
		if strings.TrimSpace(s) == "" {
			return s
		}
		return mark + s
	}
}

// Renders reports whether ocu has lang's catalogue, offered or hidden: a
// cookie may ask for the pseudo-locale in a build that has it.
func Renders(lang string) bool {
	_, ok := catalogues[lang]
	return ok
}

// AddPseudoLocale adds the pseudo-locale, PseudoLang.
func AddPseudoLocale() { AddDerived(PseudoLang, Pseudo, true) }

// placeholder matches a fmt verb, with an explicit argument index, flags,
// width and precision: %[2]s, %-8d, %.1f, %q, %%.
var placeholder = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)

// derive applies fn to the text between placeholders.
func derive(s string, fn func(string) string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range placeholder.FindAllStringIndex(s, -1) {
		b.WriteString(fn(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(fn(s[last:]))
	return b.String()
}

// Placeholders lists the fmt verbs of s in order, for the catalogue test.
func Placeholders(s string) []string { return placeholder.FindAllString(s, -1) }

var accented = map[rune]rune{
	'a': 'á', 'b': 'ƀ', 'c': 'ç', 'd': 'ð', 'e': 'é', 'f': 'ƒ', 'g': 'ĝ', 'h': 'ĥ', 'i': 'î', 'j': 'ĵ', 'k': 'ķ',
	'l': 'ļ', 'm': 'ɱ', 'n': 'ñ', 'o': 'ö', 'p': 'þ', 'q': 'ǫ', 'r': 'ŕ', 's': 'š', 't': 'ţ', 'u': 'û', 'v': 'ṽ',
	'w': 'ŵ', 'x': 'ẋ', 'y': 'ý', 'z': 'ž',
	'A': 'Å', 'B': 'Ɓ', 'C': 'Ç', 'D': 'Ð', 'E': 'É', 'F': 'Ƒ', 'G': 'Ĝ', 'H': 'Ĥ', 'I': 'Î', 'J': 'Ĵ', 'K': 'Ķ',
	'L': 'Ļ', 'M': 'Ṁ', 'N': 'Ñ', 'O': 'Ö', 'P': 'Þ', 'Q': 'Ǫ', 'R': 'Ŕ', 'S': 'Š', 'T': 'Ţ', 'U': 'Û', 'V': 'Ṽ',
	'W': 'Ŵ', 'X': 'Ẋ', 'Y': 'Ý', 'Z': 'Ž',
}

// Pseudo accents every letter of s and makes it 40 % longer, padding each
// word in proportion so that lines break as a longer language's would.
func Pseudo(s string) string {
	var b strings.Builder
	letters := 0
	flush := func() {
		// 40 % more, rounded up: a two-letter word gains one.
		for i := 0; i < (letters*2+4)/5; i++ {
			b.WriteRune('~')
		}
		letters = 0
	}
	for _, r := range s {
		if a, ok := accented[r]; ok {
			b.WriteRune(a)
			letters++
			continue
		}
		if letters > 0 {
			flush()
		}
		b.WriteRune(r)
	}
	if letters > 0 {
		flush()
	}
	return b.String()
}
