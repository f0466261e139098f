package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The debrief report printed from the browser, as a coordinator does for
// the debrief: every page carries the sensitivity marking and its number
// out of all, and the last page is not left nearly empty.
func TestPrintedReport(t *testing.T) {
	coord := as(t, coordinator)
	coord.openOK("/report")
	preferCSS := true // A4 and the margins, as the stylesheet sets them
	ctx, cancel := context.WithTimeout(coord.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: &preferCSS})
	if err != nil {
		t.Fatalf("print the report: %v", err)
	}
	pdf := res.Data
	// Kept beside the screenshots, to look at when the test fails.
	dir := screenshotDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, path)
	if len(pages) < 3 {
		t.Fatalf("the report printed on %d pages: too few to be the whole report", len(pages))
	}
	const marking = "Sensitive law-enforcement data"
	for i, text := range pages {
		n := i + 1
		if !strings.Contains(text, marking) {
			t.Errorf("page %d lacks the sensitivity marking", n)
		}
		if want := fmt.Sprintf("Page %d of %d", n, len(pages)); !strings.Contains(text, want) {
			t.Errorf("page %d lacks %q", n, want)
		}
	}
	// What the last page holds besides its margins: more than a heading
	// and a line.
	last := pages[len(pages)-1]
	words := len(strings.Fields(last)) - len(strings.Fields(marking+" Share only with those who need it for the operation. Page 1 of 1"))
	if words < 40 {
		t.Errorf("the last page holds %d words besides its margins: a nearly empty page\n%s", words, last)
	}
}

// pdfPages is the text of each page of a PDF (poppler's pdftotext).
func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}
