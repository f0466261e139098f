package exports

import (
	"strings"
	"testing"
)

// Every text built from the characters that matter, up to six long: the
// CSV form restores to the text, and no part of the CSV form (what any
// separator or line break makes a cell) starts with a trigger.
func TestNeutralisingIsReversibleAndLeavesNoTrigger(t *testing.T) {
	alphabet := []byte{'\'', '=', '-', ';', ',', '\t', '\n', '\r', 'a'}
	var walk func(s []byte, n int)
	walk = func(s []byte, n int) {
		text := string(s)
		out := string(appendNeutralised(nil, text))
		if back := RestoreText(out); back != text {
			t.Fatalf("%q neutralised as %q restores as %q", text, out, back)
		}
		start := true
		for i := 0; i < len(out); i++ {
			if start && isTrigger(out[i]) {
				t.Fatalf("%q neutralised as %q: a part starts with %q", text, out, out[i])
			}
			start = isSeparator(out[i])
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			walk(append(s, c), n-1)
		}
	}
	walk(nil, 6)
}

func TestCleanReplacesInvalidUTF8AndControls(t *testing.T) {
	for in, want := range map[string]string{
		"plain":            "plain",
		"tab\tline\nend\r": "tab\tline\nend\r",
		"nul\x00":          "nul\uFFFD",
		"esc\x1b[0m":       "esc\uFFFD[0m",
		"del\x7f":          "del\uFFFD",
		"bad\xff\xfe":      "bad\uFFFD\uFFFD",
		"é ok ✓":           "é ok ✓",
		"cut\xe2\x82":      "cut\uFFFD\uFFFD",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if s := "no change"; clean(s) != s || !strings.EqualFold(clean(s), s) {
		t.Error("clean changed plain text")
	}
}
