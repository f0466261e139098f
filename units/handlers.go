package units

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// CaseCounts is what the OCU pages need to know about cases. The cases
// package provides it; units never imports cases.
type CaseCounts interface {
	CountByUnitAndStatus(ctx context.Context, operationID int64) (map[int64]map[string]int, error)
	StatusCodes() []string
}

// Handler serves the operation and OCU pages and the units API.
type Handler struct {
	Store *Store
	Cases CaseCounts
}

// Register mounts the handler's routes.
func (h *Handler) Register(e *echo.Echo) {
	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/units") })
	e.GET("/operations", h.operations)
	e.GET("/units", h.overview)
	e.GET("/units/:code", h.unit)
	e.GET("/api/v1/units", h.apiUnits)
	e.GET("/returns", h.returnsGrid)
	e.GET("/returns/:country/:day", h.returnForm)
	e.POST("/returns/:country/:day", h.fileReturnForm)
	e.GET("/api/v1/returns", h.apiReturns)
	e.PUT("/api/v1/returns/:country/:day", h.apiFileReturn)
}
