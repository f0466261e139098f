package main

import (
	"bytes"
	"strconv"
	"strings"
)

// The page scans below read the few things a simulated user needs from
// ocu's server-rendered HTML with plain byte searches: no HTML parser, so
// the tool stays cheap next to the server it measures. They rely on the
// markup templ renders (attribute order included); pageShapeError reports
// when a page no longer has what the tool expects.

// valueAfter returns the attribute value that follows marker (which ends
// with `value="` or `title="` and the like) up to the closing quote.
func valueAfter(b []byte, marker string) (string, bool) {
	i := bytes.Index(b, []byte(marker))
	if i < 0 {
		return "", false
	}
	rest := b[i+len(marker):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}

// valuesAfter returns every value that follows marker, up to limit (0: no
// limit).
func valuesAfter(b []byte, marker string, limit int) []string {
	var out []string
	m := []byte(marker)
	for {
		i := bytes.Index(b, m)
		if i < 0 {
			return out
		}
		b = b[i+len(m):]
		j := bytes.IndexByte(b, '"')
		if j < 0 {
			return out
		}
		out = append(out, string(b[:j]))
		b = b[j:]
		if limit > 0 && len(out) == limit {
			return out
		}
	}
}

// csrfToken is the hidden _csrf field of a page's forms.
func csrfToken(b []byte) (string, bool) {
	return valueAfter(b, `name="_csrf" value="`)
}

// listRefs are the case references a case list shows.
func listRefs(b []byte) []string {
	return valuesAfter(b, `<td class="ref"><a href="/cases/`, 0)
}

// hasNextPage says whether a list's pager links to a next page.
func hasNextPage(b []byte) bool {
	return bytes.Contains(b, []byte(`rel="next"`))
}

// opDays reads the operation's first and last days from the layout's
// operation badge: <p class="op-badge" title="2024-09-29 to 2024-10-04">.
func opDays(b []byte) (first, last string, ok bool) {
	t, ok := valueAfter(b, `class="op-badge" title="`)
	if !ok || len(t) < 20 {
		return "", "", false
	}
	first, last = t[:10], t[len(t)-10:]
	if !isDate(first) || !isDate(last) {
		return "", "", false
	}
	return first, last, true
}

func isDate(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-' && strings.Trim(s[:4]+s[5:7]+s[8:], "0123456789") == ""
}

// selectedOperation is the operation the new-case form preselects.
func selectedOperation(b []byte) (string, bool) {
	i := bytes.Index(b, []byte(`<select id="operation"`))
	if i < 0 {
		return "", false
	}
	b = b[i:]
	if j := bytes.Index(b, []byte(`</select>`)); j >= 0 {
		b = b[:j]
	}
	for _, v := range valuesAfter(b, `<option value="`, 0) {
		if v != "" && bytes.Contains(b, []byte(`<option value="`+v+`" selected`)) {
			return v, true
		}
	}
	return "", false
}

// casePage is what a simulated user reads off a case page to use its forms.
type casePage struct {
	csrf       string
	version    int
	moves      []string // the statuses the transition buttons lead to
	unscreened []string // pseudonyms of unscreened people shown with a checkbox
}

// scanCasePage reads a case page; ok is false when the page lacks the
// transition form's version (a page the tool does not recognise).
func scanCasePage(b []byte) (casePage, bool) {
	var p casePage
	p.csrf, _ = csrfToken(b)
	v, ok := valueAfter(b, `name="version" value="`)
	if ok {
		p.version, _ = strconv.Atoi(v)
	}
	p.moves = valuesAfter(b, `<button type="submit" name="to" value="`, 0)
	const person, outcome = `name="people" value="`, `class="outcome outcome-`
	rest := b
	for {
		i := bytes.Index(rest, []byte(person))
		if i < 0 {
			break
		}
		rest = rest[i+len(person):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			break
		}
		pseudonym := string(rest[:j])
		k := bytes.Index(rest, []byte(outcome))
		if k < 0 {
			break
		}
		if bytes.HasPrefix(rest[k+len(outcome):], []byte(`unscreened"`)) {
			p.unscreened = append(p.unscreened, pseudonym)
		}
	}
	return p, ok && p.version > 0
}

// refFromLocation is the case reference of a redirect to /cases/REF?….
func refFromLocation(loc string) (string, bool) {
	const prefix = "/cases/"
	if !strings.HasPrefix(loc, prefix) {
		return "", false
	}
	ref := loc[len(prefix):]
	if i := strings.IndexAny(ref, "?#/"); i >= 0 {
		ref = ref[:i]
	}
	return ref, ref != "" && ref != "new"
}
