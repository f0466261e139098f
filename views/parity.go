package views

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
)

// The catalogue test (parity_test.go) holds every shipped language to the
// English catalogue: the same keys, the plural forms CLDR requires of the
// language, and the same placeholders. Its rules live here so the test of
// the test can feed them made-up catalogues.

// verbSpec splits a placeholder into its explicit argument index (0 when
// none) and the rest of it: "%[2]s" is 2 and "%s", "%-8d" 0 and "%-8d".
var verbSpec = regexp.MustCompile(`^%(?:\[(\d+)\])?(.*)$`)

// argVerbs maps each argument (1-based, as %[n] counts) a text uses to its
// verb; explicit indexes let a translation put arguments in another order.
func argVerbs(s string) (map[int]string, error) {
	out := map[int]string{}
	next := 1
	for _, p := range Placeholders(s) {
		if p == "%%" {
			continue
		}
		m := verbSpec.FindStringSubmatch(p)
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		verb := "%" + m[2]
		if prev, ok := out[i]; ok && prev != verb {
			return nil, fmt.Errorf("argument %d is both %s and %s", i, prev, verb)
		}
		out[i] = verb
		next = i + 1
	}
	return out, nil
}

// parityProblems lists how lang's catalogue c strays from English's en.
func parityProblems(lang string, en, c catalogue) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(en)) {
		m, ok := c[k]
		if !ok {
			out = append(out, fmt.Sprintf("%s lacks %q", lang, k))
			continue
		}
		e := en[k]
		want, err := argVerbs(e.texts()[0])
		if err != nil {
			out = append(out, fmt.Sprintf("en %q: %v", k, err))
			continue
		}
		if e.forms == nil && m.forms != nil {
			out = append(out, fmt.Sprintf("%s %q has plural forms, English a single text", lang, k))
			continue
		}
		if e.forms != nil && m.forms == nil {
			out = append(out, fmt.Sprintf("%s %q is a single text, English has plural forms", lang, k))
			continue
		}
		if m.forms != nil {
			for _, f := range FormsNeeded(lang) {
				if fm, _ := formNamed(f); m.forms[fm] == "" {
					out = append(out, fmt.Sprintf("%s %q lacks the %q plural form", lang, k, f))
				}
			}
		}
		for _, t := range m.texts() {
			got, err := argVerbs(t)
			if err != nil {
				out = append(out, fmt.Sprintf("%s %q: %v", lang, k, err))
				continue
			}
			// A plural form may leave out the number it is chosen for
			// (Arabic's "two" form says "two cases" in one word), but
			// only where fmt allows it: explicit indexes elsewhere in
			// the text. Every other text uses every argument.
			partial := m.forms != nil && m.forms[formOther] != t
			for a, v := range got {
				if want[a] != v {
					out = append(out, fmt.Sprintf("%s %q: argument %d is %s, English has %q", lang, k, a, v, want[a]))
				}
			}
			for a, v := range want {
				if _, ok := got[a]; !ok && !partial {
					out = append(out, fmt.Sprintf("%s %q: leaves out argument %d (%s)", lang, k, a, v))
				}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c)) {
		if _, ok := en[k]; !ok {
			out = append(out, fmt.Sprintf("%s has %q, which English does not", lang, k))
		}
	}
	return out
}

// texts is every text of an entry: its one text, or its forms with
// "other" first.
func (m message) texts() []string {
	if m.forms == nil {
		return []string{m.text}
	}
	out := []string{m.forms[formOther]}
	for _, f := range formNames {
		if t, ok := m.forms[f.form]; ok && f.form != formOther {
			out = append(out, t)
		}
	}
	return out
}
