package exports

import (
	"bytes"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// maxImport bounds an uploaded export; the CLI has no such limit.
const maxImport = 200 << 20

// ImportHandler serves the upload page for supervisors.
type ImportHandler struct {
	DB    *db.DB
	Units *units.Store
}

// Register mounts the routes. Uploads need a larger body than the 2 MB the
// rest of ocu accepts, so the route sets its own limit.
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
	fh, err := c.FormFile("file")
	if err != nil {
		return h.render(c, http.StatusUnprocessableEntity, views.ImportData{Error: views.T(ctx, "error.import_not_zip")})
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxImport+1))
	if err != nil {
		return err
	}
	if len(body) > maxImport {
		return ocu.Errorf(ocu.Invalid, "error.too_large")
	}
	counts, err := Import(ctx, h.DB, h.Units, bytes.NewReader(body), int64(len(body)))
	if e, ok := err.(*ocu.Error); ok && (e.Kind == ocu.Invalid || e.Kind == ocu.Forbidden) {
		msg, fields := e.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
		var lines []string
		for f, m := range fields {
			lines = append(lines, f+": "+m)
		}
		sort.Strings(lines)
		return h.render(c, http.StatusUnprocessableEntity, views.ImportData{Error: msg, Errors: lines})
	}
	if err != nil {
		return err
	}
	var parts []string
	for _, k := range []string{"cases", "history", "people", "seizures", "returns"} {
		parts = append(parts, views.Num(int64(counts[k]))+" "+k)
	}
	return h.render(c, http.StatusOK, views.ImportData{Done: views.T(ctx, "import.done", strings.Join(parts, ", "))})
}
