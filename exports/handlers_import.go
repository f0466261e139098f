package exports

import (
	"errors"
	"log/slog"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/matching"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// uploadMemory is how much of an upload is kept in memory; the rest of
// the file is spooled to a temporary file, which the importer reads in
// place (multipart.File is an io.ReaderAt).
const uploadMemory = 1 << 20

// ImportHandler serves the upload page for supervisors.
type ImportHandler struct {
	DB     *db.DB
	Units  *units.Store
	Layout web.Layout
	// Limits bound what an upload may hold; zero fields take
	// DefaultLimits, which `ocu import` shares.
	Limits Limits
	// Files is where the zip's evidence files go.
	Files *files.Store
}

// uploadBody is the most an upload's body may hold (as echo's BodyLimit
// reads it: 200 MiB), the size of the largest zip the importer takes
// (MaxZipBytes); the importer's own limits bound what is inside.
const uploadBody = "200M"

// Register mounts the routes, for those who may import. Uploads need a
// larger body than the 1 MB the rest of ocu accepts, which the importer
// reads itself (web.Group.Upload).
func (h *ImportHandler) Register(r web.Routes) {
	importers := web.Require(ocu.Principal.MayImport, "error.import_not_allowed")
	upload := r.Pages.Upload(uploadBody)
	upload.GET("/imports", h.form, importers)
	upload.POST("/imports", h.upload, importers)
}

func (h *ImportHandler) render(c echo.Context, status int, d views.ImportData) error {
	ctx := c.Request().Context()
	op, _ := h.Units.CurrentOperation(ctx)
	page, err := h.Layout.Page(ctx, views.T(ctx, "import.title"), "imports", op.Ref())
	if err != nil {
		return err
	}
	d.Page = page
	d.MaxMB = h.Limits.withDefaults().ZipBytes >> 20
	return views.Render(ctx, c.Response(), status, views.Import(d))
}

func (h *ImportHandler) form(c echo.Context) error {
	return h.render(c, http.StatusOK, views.ImportData{})
}

func (h *ImportHandler) upload(c echo.Context) error {
	ctx := c.Request().Context()
	f, size, cleanup, err := uploadedFile(c.Request(), "file")
	defer cleanup()
	if err != nil {
		return h.refuse(c, err)
	}
	defer f.Close()
	counts, err := ImportWithFiles(ctx, h.DB, h.Units, h.Files, f, size, h.Limits)
	if err != nil {
		return h.refuse(c, err)
	}
	// The imported people are matched against every case now, as `ocu
	// import` does, not at the next start. The import itself is committed:
	// a failure here is told to the log (codes only) and caught up by the
	// next start's IndexStale, not shown as a failed import.
	if err := matching.IndexStale(ctx, h.DB); err != nil {
		slog.Warn("import: matching the imported people failed; the next start retries", "err", err)
	}
	var parts []string
	for _, k := range []string{"cases", "history", "people", "seizures", "returns", "identifiers", "notices", "files"} {
		parts = append(parts, views.NumIn(ctx, int64(counts[k]))+" "+k)
	}
	return h.render(c, http.StatusOK, views.ImportData{Done: views.T(ctx, "import.done", strings.Join(parts, ", "))})
}

// refuse shows the page again with what is wrong, for a file that breaks a
// rule or a limit, or that this user may not import; other errors go to
// the error handler.
func (h *ImportHandler) refuse(c echo.Context, err error) error {
	ctx := c.Request().Context()
	e, ok := err.(*ocu.Error)
	if !ok || (e.Kind != ocu.Invalid && e.Kind != ocu.Forbidden) {
		return err
	}
	msg, fields := e.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	var lines []string
	for f, m := range fields {
		lines = append(lines, f+": "+m)
	}
	sort.Strings(lines)
	return h.render(c, http.StatusUnprocessableEntity, views.ImportData{Error: msg, Errors: lines})
}

// uploadedFile is the named file of a multipart upload, read in place: up
// to uploadMemory of it in memory, the rest in a temporary file that
// cleanup removes. (A middleware reading a form field first may already
// have parsed the form, with net/http's larger default.)
func uploadedFile(r *http.Request, name string) (multipart.File, int64, func(), error) {
	nothing := func() {}
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(uploadMemory); err != nil {
			if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
				return nil, 0, nothing, err
			}
			return nil, 0, nothing, ocu.Errorf(ocu.Invalid, "error.import_not_zip")
		}
	}
	form := r.MultipartForm
	cleanup := func() { _ = form.RemoveAll() }
	fhs := form.File[name]
	if len(fhs) == 0 {
		return nil, 0, cleanup, ocu.Errorf(ocu.Invalid, "error.import_not_zip")
	}
	f, err := fhs[0].Open()
	if err != nil {
		return nil, 0, cleanup, err
	}
	return f, fhs[0].Size, cleanup, nil
}
