package views

import (
	"net/url"
	"strings"
)

// ExportsData is the export page: a form choosing the format, the table
// (for a single CSV) and the filters, and links that download at once.
type ExportsData struct {
	Page
	Scope                                         string // what this user's exports hold
	Formats, Tables, Operations, Units, Countries []Option
	Statuses                                      []Option
	Forms                                         []OptionGroup
	Links                                         []ExportLink
}

// ExportLink is a ready download.
type ExportLink struct {
	Label, Href, Name string
}

// ExportHref is the download URL of an export with the given filters;
// empty filters are left out.
func ExportHref(format, operation, unit, country, status, form string) string {
	q := url.Values{"format": {format}}
	for k, v := range map[string]string{"operation": operation, "unit": unit, "country": country, "status": status, "form": form} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return "/exports/download?" + q.Encode()
}

// exportPageHref is the export page with the filters of a download URL,
// to choose another format for the same records.
func exportPageHref(downloadHref string) string {
	_, query, _ := strings.Cut(downloadHref, "?")
	return "/exports?" + query
}

// selected is the value of the chosen option, "" when none is.
func selected(opts []Option) string {
	for _, o := range opts {
		if o.Selected {
			return o.Value
		}
	}
	return ""
}

// ExportHref is the workbook of the cases the list's filters select (its
// search words aside: exports filter by codes only).
func (d CaseListData) ExportHref() string {
	var form string
	for _, g := range d.Forms {
		if v := selected(g.Options); v != "" {
			form = v
		}
	}
	return ExportHref("xlsx", d.Page.Operation.Code, selected(d.Units), selected(d.Countries), selected(d.Statuses), form)
}

// ExportHref is the workbook of the dashboard's operation and OCU.
func (d DashboardData) ExportHref() string {
	return ExportHref("xlsx", d.Page.Operation.Code, d.Scope, "", "", "")
}
