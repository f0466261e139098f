package views

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// A component call written after text on the same line (`{ n } ·
// @TimeTag(t)`) is not a call to templ: it is printed as it stands. The
// generated files must never write one out as text.
func TestNoComponentCallPrintedAsText(t *testing.T) {
	files, err := filepath.Glob("*_templ.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no generated files (%v)", err)
	}
	literal := regexp.MustCompile(`WriteString\([^\n]*"[^"\n]*@[A-Z][A-Za-z]*\(`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAll(b, -1) {
			t.Errorf("%s prints a component call as text: %s", f, m)
		}
	}
}
