package exports

import (
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// downloadTimeout is how long a download may take to send.
const downloadTimeout = 15 * time.Minute

// Handler serves the export page and the downloads.
type Handler struct {
	DB     *db.DB
	Units  *units.Store
	Layout web.Layout
	// Files gives the zip the exported cases' evidence files; nil: none.
	Files *files.Store
}

// Register mounts the routes. The page's download and the API's answer
// the same way: a file, streamed for as long as it takes (Streaming).
// Only those who may export reach them: supervisors (their OCU's cases
// and those shared with it) and coordinators (everything, suspects' names
// blank). Officers log cases rather than take operation files away, and
// administrators read no case at all.
func (h *Handler) Register(r web.Routes) {
	exporters := web.Require(ocu.Principal.MayExport, "error.export_not_allowed")
	r.Pages.GET("/exports", h.page, exporters)
	r.Pages.Streaming().GET("/exports/download", h.download, exporters)
	r.API.Streaming().GET("/export", h.download, exporters)
}

// request reads an export request from the query string. A format left
// out means a workbook, a table left out means cases.
func request(q url.Values) (Filter, Format, Table) {
	f := Filter{Operation: q.Get("operation"), Unit: q.Get("unit"), Country: q.Get("country"),
		Status: q.Get("status"), Form: q.Get("form")}
	format, table := Format(q.Get("format")), Table(q.Get("table"))
	if format == "" {
		format = FormatXLSX
	}
	if table == "" {
		table = TableCases
	}
	return f, format, table
}

// download streams the export as an attachment. Everything that can be
// refused is checked before the first byte, so a refusal is a proper error
// page or JSON error; a failure half-way can only cut the file short, and
// is logged.
func (h *Handler) download(c echo.Context) error {
	ctx := c.Request().Context()
	f, format, table := request(c.QueryParams())
	f, err := Validate(ctx, h.Units, f, format, table)
	if err != nil {
		return err
	}
	// The server's write timeout suits pages; a whole operation's workbook
	// takes longer (26 s at 100,000 cases). Not every writer supports it.
	_ = http.NewResponseController(c.Response()).SetWriteDeadline(time.Now().Add(downloadTimeout))
	out := &attachment{res: c.Response(), name: FileName(f, format, table, time.Now()), contentType: ContentType(format)}
	if _, err := ExportWithFiles(ctx, h.DB, h.Units, h.Files, f, format, table, out); err != nil {
		if !out.started {
			return err
		}
		slog.Error("export cut short", "format", string(format), "operation", f.Operation, "err", err)
		return nil
	}
	out.start() // every format writes something, but an empty body must still be a file
	return nil
}

// attachment is the response body of a download: headers go out with the
// first byte, not before, so that an export refused before writing
// anything is still answered with an error.
type attachment struct {
	res               *echo.Response
	name, contentType string
	started           bool
}

func (a *attachment) start() {
	if a.started {
		return
	}
	a.started = true
	h := a.res.Header()
	h.Set(echo.HeaderContentType, a.contentType)
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": a.name}))
	a.res.WriteHeader(http.StatusOK)
}

// SetAnchor sends the audit trail's anchor as a header: the only place a
// single CSV file can carry it (exports.AnchorSink).
func (a *attachment) SetAnchor(anchor string) { a.res.Header().Set(AnchorHeader, anchor) }

// AnchorHeader is the download's header holding the audit trail's anchor
// as of the export.
const AnchorHeader = "Ocu-Audit-Anchor"

func (a *attachment) Write(p []byte) (int, error) {
	a.start()
	return a.res.Write(p)
}

// page is the export form: format, table for a CSV, filters, and links
// that download at once.
func (h *Handler) page(c echo.Context) error {
	ctx := c.Request().Context()
	f, format, table := request(c.QueryParams())
	f, err := Validate(ctx, h.Units, f, format, table)
	if err != nil {
		return err
	}
	ref, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	op, _ := ref.Operation(f.Operation)
	layout, err := h.Layout.Page(ctx, views.T(ctx, "exports.title"), "exports", op.Ref())
	if err != nil {
		return err
	}
	d := views.ExportsData{Page: layout, Scope: scopeText(c, ref)}
	for _, x := range Formats {
		d.Formats = append(d.Formats, views.Option{Value: string(x), Label: views.T(ctx, "exports.format."+string(x)), Selected: x == format})
	}
	for _, t := range zipTables {
		d.Tables = append(d.Tables, views.Option{Value: string(t), Label: string(t) + ".csv", Selected: t == table})
	}
	for _, o := range ref.Operations() {
		d.Operations = append(d.Operations, views.Option{Value: o.Code, Label: o.Code + " · " + o.Name, Selected: o.Code == f.Operation})
	}
	for _, u := range ref.Units() {
		d.Units = append(d.Units, views.Option{Value: u.Code, Label: u.Code + " · " + u.City, Selected: u.Code == f.Unit})
	}
	for _, a := range ref.Attached(op.ID) {
		if f.Unit == "" || a.UnitCode == f.Unit {
			d.Countries = append(d.Countries, views.Option{Value: a.ISO2, Label: a.Name, Selected: a.ISO2 == f.Country})
		}
	}
	for _, s := range cases.Statuses {
		d.Statuses = append(d.Statuses, views.Option{Value: string(s), Label: views.T(ctx, "status."+string(s)), Selected: string(s) == f.Status})
	}
	for _, g := range cases.FormGroups {
		og := views.OptionGroup{Label: views.T(ctx, "formgroup."+g.Code)}
		for _, fm := range g.Forms {
			og.Options = append(og.Options, views.Option{Value: string(fm), Label: views.T(ctx, "form."+string(fm)), Selected: string(fm) == f.Form})
		}
		d.Forms = append(d.Forms, og)
	}
	for _, x := range Formats {
		href := views.ExportHref(string(x), f.Operation, f.Unit, f.Country, f.Status, f.Form)
		if x == FormatCSV {
			href += "&table=" + url.QueryEscape(string(table))
		}
		d.Links = append(d.Links, views.ExportLink{Label: views.T(ctx, "exports.link."+string(x)), Href: href,
			Name: FileName(f, x, table, time.Now())})
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.Exports(d))
}

// scopeText says, on the page, what the signed-in user's exports hold.
func scopeText(c echo.Context, ref *units.Snapshot) string {
	ctx := c.Request().Context()
	p, _ := ocu.PrincipalFrom(ctx)
	if scope := p.Cases(); !scope.All {
		return views.T(ctx, "exports.scope.supervisor", ref.UnitByID(scope.Unit).City)
	}
	return views.T(ctx, "exports.scope.coordinator")
}
