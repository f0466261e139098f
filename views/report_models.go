package views

import (
	"context"
	"net/url"
	"strings"

	"github.com/ocu-project/ocu/static"
)

// ReportData is the printable debrief report of an operation or of one OCU.
// The same data renders as a served page (the layout, the stylesheet
// linked) or, with Standalone, as a self-contained file for offline use.
type ReportData struct {
	Page
	// Standalone renders the offline file: the stylesheet inlined in a
	// <style> element, no script, no links into the application. Served
	// pages never set it: the Content-Security-Policy forbids inline styles.
	Standalone bool

	Heading     string       // the operation's name
	Results     ResultsPanel // preliminary or final, week and follow-up, amendments (followup)
	Operation   string       // its code
	Dates       string
	Scope       string // "All OCUs" or "OCU Manila"
	ScopeCode   string // "" or "MNL", for the scope chooser
	GeneratedAt Time
	Units       []Option // the scope chooser, on screen only
	// AuditAnchor is the audit trail's head when the report was made, as
	// an ocu-anchor:v1:… line to keep with the printed report.
	AuditAnchor string

	Headline    ReportTable // one value column
	ByUnit      ReportTable // a column per OCU and the total; no rows for an OCU's report
	Countries   []CountryLine
	CountryAll  CountryLine // the totals line under the countries
	ShowUnit    bool        // the countries table has an OCU column (whole operation)
	Statuses    []StatusCount
	Forms       []ReportFormLine
	Nationality []NationalityLine // the largest 20, then the others together
	Seizures    []SeizureLine
	CashUSD     string
	Charts      []Chart
	ChartZone   string
	Notable     []NotableLine
	// Persons located who were the subject of a notice, by colour.
	NoticesByColour []NoticeColourFigure
}

// ReportTable is a table of the headline measures: a row per measure, a
// column per scope.
type ReportTable struct {
	Columns []string
	Rows    []ReportRow
}

// ReportRow is one measure; Sub marks a breakdown of the row above it
// ("of whom minors").
type ReportRow struct {
	Label  string
	Sub    bool
	Values []string
}

// ReportFormLine is a form of exploitation or crime in the report.
type ReportFormLine struct {
	Label, Cases, Victims, Minors string
}

// NotableLine is a case marked notable, with why and its own figures.
type NotableLine struct {
	Reference, Href, Title       string // Href is "" in the offline file
	Unit, Country, RaidDay, Note string
	Status, StatusLabel          string
	Figures                      []Figure
}

// ReportPrintCSS is what the report prints in every page's margins, in the
// reader's language: the sensitivity marking at the top, and the page's
// number out of all at the bottom (CSS page-margin boxes, which Chromium
// and Firefox print). It is a stylesheet of its own, not part of app.css,
// because its words are the reader's; the served report links to it
// (/report/print.css) and the offline file inlines it.
func ReportPrintCSS(ctx context.Context) string {
	// The counters go where the catalogue's placeholders stand.
	const pageMark, pagesMark = "\x00page\x00", "\x00pages\x00"
	pages := cssString(T(ctx, "report.page_of", pageMark, pagesMark))
	pages = strings.ReplaceAll(pages, pageMark, `" counter(page) "`)
	pages = strings.ReplaceAll(pages, pagesMark, `" counter(pages) "`)
	return "@media print {\n@page {\n" +
		"  @top-center { content: " + cssString(T(ctx, "footer.sensitive")) + "; font-family: sans-serif; font-size: 7.5pt; color: #000; }\n" +
		"  @bottom-right { content: " + pages + "; font-family: sans-serif; font-size: 8pt; color: #000; }\n" +
		"}\n}\n"
}

// cssString quotes s as a CSS string.
func cssString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\A `, "<", `\3C `)
	return `"` + r.Replace(s) + `"`
}

// stylesheet is the application's stylesheet, for the offline file.
func stylesheet() string {
	b, err := static.File("css/app.css")
	if err != nil {
		return "" // embedded at build time: cannot happen in a built binary
	}
	return string(b)
}

// ReportHref is the report's address for an operation and, optionally, an
// OCU.
func ReportHref(op, unit string) string {
	q := url.Values{}
	if op != "" {
		q.Set("op", op)
	}
	if unit != "" {
		q.Set("unit", unit)
	}
	if len(q) == 0 {
		return "/report"
	}
	return "/report?" + q.Encode()
}
