package exports

import (
	"errors"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// uploadMemory is how much of an upload is kept in memory; the rest of
// the file is spooled to a temporary file, which the importer reads in
// place (multipart.File is an io.ReaderAt).
const uploadMemory = 1 << 20

// ImportHandler serves the upload page for supervisors.
type ImportHandler struct {
	DB    *db.DB
	Units *units.Store
	// Limits bound what an upload may hold; zero fields take
	// DefaultLimits, which `ocu import` shares.
	Limits Limits
}

// Register mounts the routes. Uploads need a larger body than the 2 MB the
// rest of ocu accepts: the server's body limit lets MaxZipBytes through
// on this route alone.
func (h *ImportHandler) Register(e *echo.Echo) {
	e.GET("/imports", h.form)
	e.POST("/imports", h.upload)
}

func (h *ImportHandler) allowed(c echo.Context) error {
	if p, _ := ocu.PrincipalFrom(c.Request().Context()); p.Role != ocu.RoleSupervisor {
		return ocu.Errorf(ocu.Forbidden, "error.import_not_allowed")
	}
	return nil
}

func (h *ImportHandler) render(c echo.Context, status int, d views.ImportData) error {
	ctx := c.Request().Context()
	op, _ := h.Units.CurrentOperation(ctx)
	page, err := h.Units.LayoutPage(ctx, views.T(ctx, "import.title"), "cases", op)
	if err != nil {
		return err
	}
	d.Page = page
	d.MaxMB = h.Limits.withDefaults().ZipBytes >> 20
	return views.Render(ctx, c.Response(), status, views.Import(d))
}

func (h *ImportHandler) form(c echo.Context) error {
	if err := h.allowed(c); err != nil {
		return err
	}
	return h.render(c, http.StatusOK, views.ImportData{})
}

func (h *ImportHandler) upload(c echo.Context) error {
	if err := h.allowed(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, size, cleanup, err := uploadedFile(c.Request(), "file")
	defer cleanup()
	if err != nil {
		return h.refuse(c, err)
	}
	defer f.Close()
	counts, err := ImportLimited(ctx, h.DB, h.Units, f, size, h.Limits)
	if err != nil {
		return h.refuse(c, err)
	}
	var parts []string
	for _, k := range []string{"cases", "history", "people", "seizures", "returns"} {
		parts = append(parts, views.Num(int64(counts[k]))+" "+k)
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
