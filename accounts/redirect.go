package accounts

import (
	"net/url"
	"strings"
	"unicode"
)

// maxNext bounds a redirect target taken from a request: far longer than
// any page of ocu with its filters, far shorter than a header that could
// hurt.
const maxNext = 2048

// SafeNext returns next when it is a path on this site that is safe to
// send back as Location, and "" otherwise: the one place that decides
// where a request may send a browser.
//
// Browsers are generous readers of Location: they drop tabs and newlines
// anywhere in it ("/<TAB>/evil.example" becomes "//evil.example", another
// host), read "\" as "/", and take "//host" as a host. So the target must
// be printable ASCII throughout (which rules out every control and Unicode
// format character), start with exactly one "/", hold no backslash, parse
// as a path with no scheme, host or user, and stay so however often its
// percent-escapes are decoded ("/%2F%2Fevil.example" must not become
// "//evil.example" in some proxy or later hop). A real target is built by
// ocu from a request URI, which is escaped ASCII, so nothing legitimate is
// refused. Targets that would loop back to the sign-in page are refused too.
func SafeNext(next string) string {
	if next == "" || len(next) > maxNext || !printableASCII(next) || !localPath(next) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.Path == "" {
		return ""
	}
	// Decode the path until it stops changing (a few rounds catch double
	// and triple encoding), and check each form.
	p := u.EscapedPath()
	for range 4 {
		dec, err := url.PathUnescape(p)
		if err != nil || !noControls(dec) || !localPath(dec) {
			return ""
		}
		if dec == p {
			break
		}
		p = dec
	}
	if p == "/signin" || strings.HasPrefix(p, "/signin/") {
		return ""
	}
	return next
}

// localPath: one "/" first, then no "/" or "\" straight after it, and no
// backslash anywhere.
func localPath(s string) bool {
	return len(s) > 0 && s[0] == '/' && !strings.HasPrefix(s, "//") && !strings.ContainsRune(s, '\\')
}

// printableASCII is true when s holds only the characters from "!" to "~":
// no space, control character or anything outside ASCII, where browsers
// and proxies disagree on what to drop or fold.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// noControls is true when s, decoded from percent-escapes, holds no
// control, format or line-separator character (an escaped space or letter
// outside ASCII is fine there: it stays escaped in Location).
func noControls(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
			return false
		}
	}
	return true
}
