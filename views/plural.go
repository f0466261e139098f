package views

import (
	"encoding/json"
	"fmt"
	"io/fs"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Plural forms follow CLDR's rules, through golang.org/x/text/feature/plural
// (CLDR's data, maintained upstream): English has one and other, French
// treats 0 like 1, Arabic has six forms. A catalogue entry that counts
// something is an object of forms, {"one": "%d case", "other": "%d cases"};
// it must hold every form its language uses for whole numbers
// (FormsNeeded), and "other" always.

// The names of the forms in a catalogue, as CLDR spells them. An array,
// not a map: the catalogue is parsed while package variables are being
// initialised, through json's reflection, which Go's initialisation order
// cannot see.
var formNames = [...]struct {
	name string
	form plural.Form
}{{"zero", plural.Zero}, {"one", plural.One}, {"two", plural.Two}, {"few", plural.Few}, {"many", plural.Many}, {"other", plural.Other}}

func formNamed(name string) (plural.Form, bool) {
	for _, f := range formNames {
		if f.name == name {
			return f.form, true
		}
	}
	return 0, false
}

const formOther = plural.Other

// message is one catalogue entry: a plain text, or texts by plural form.
type message struct {
	text  string
	forms map[plural.Form]string
}

func (m *message) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.text); err == nil {
		return nil
	}
	var forms map[string]string
	if err := json.Unmarshal(b, &forms); err != nil {
		return fmt.Errorf("an entry is a string or an object of plural forms: %w", err)
	}
	m.forms = map[plural.Form]string{}
	for name, text := range forms {
		f, ok := formNamed(name)
		if !ok {
			return fmt.Errorf("%q is not a CLDR plural form (zero, one, two, few, many, other)", name)
		}
		m.forms[f] = text
	}
	if _, ok := m.forms[plural.Other]; !ok {
		return fmt.Errorf(`a plural entry needs its "other" form`)
	}
	return nil
}

// pick chooses the text for n in lang; a form the entry lacks falls back to
// "other".
func (m message) pick(lang string, n int64) string {
	if m.forms == nil {
		return m.text
	}
	if t, ok := m.forms[pluralForm(lang, n)]; ok {
		return t
	}
	return m.forms[plural.Other]
}

// pluralForm is CLDR's cardinal form of the whole number n in lang.
func pluralForm(lang string, n int64) plural.Form {
	if n < 0 {
		n = -n
	}
	// i = n, no visible fraction digits (v = w = f = t = 0). MatchPlural
	// takes an int; counts in ocu are far below its range.
	return plural.Cardinal.MatchPlural(language.Make(lang), int(n), 0, 0, 0, 0)
}

// FormsNeeded lists the plural forms lang uses for whole numbers, found by
// asking CLDR's rules about enough numbers to reach each form (rules look
// at n mod 100 and, for some languages, millions).
func FormsNeeded(lang string) []string {
	seen := map[plural.Form]bool{}
	for n := int64(0); n <= 1100; n++ {
		seen[pluralForm(lang, n)] = true
	}
	for _, n := range []int64{1_000_000, 2_000_000, 1_000_001} {
		seen[pluralForm(lang, n)] = true
	}
	var out []string
	for _, f := range formNames {
		if seen[f.form] {
			out = append(out, f.name)
		}
	}
	return out
}

// PluralKeys returns the plural entries of lang with the forms each holds,
// for the catalogue test.
func PluralKeys(lang string) map[string][]string {
	out := map[string][]string{}
	for k, m := range catalogues[lang] {
		if m.forms == nil {
			continue
		}
		for _, f := range formNames {
			if _, ok := m.forms[f.form]; ok {
				out[k] = append(out[k], f.name)
			}
		}
	}
	return out
}

// catalogue is one language's entries.
type catalogue map[string]message

// loadCatalogue merges the JSON files of one language's folder.
func loadCatalogue(lang string, fsys fs.FS) (catalogue, error) {
	out := catalogue{}
	files, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f.Name())
		if err != nil {
			return nil, err
		}
		m := map[string]message{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("locale %s/%s: %v", lang, f.Name(), err)
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("locale %s: key %q defined twice (%s)", lang, k, f.Name())
			}
			out[k] = v
		}
	}
	return out, nil
}
