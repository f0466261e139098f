package units

import (
	"context"

	"github.com/ocu-project/ocu/web"
)

// CaseCounts is what the OCU pages need to know about cases. The cases
// package provides it; units never imports cases.
type CaseCounts interface {
	CountByUnitAndStatus(ctx context.Context, operationID int64) (map[int64]map[string]int, error)
	StatusCodes() []string
}

// Handler serves the operation and OCU pages and the units API.
type Handler struct {
	Store  *Store
	Cases  CaseCounts
	Layout web.Layout
}

// Register mounts the handler's routes.
func (h *Handler) Register(r web.Routes) {
	r.Pages.GET("/operations", h.operations)
	r.Pages.GET("/units", h.overview)
	r.Pages.GET("/units/:code", h.unit)
	r.API.GET("/units", h.apiUnits)
	r.Pages.GET("/returns", h.returnsGrid)
	r.Pages.GET("/returns/:country/:day", h.returnForm)
	r.Pages.POST("/returns/:country/:day", h.fileReturnForm)
	r.API.GET("/returns", h.apiReturns)
	r.API.PUT("/returns/:country/:day", h.apiFileReturn)
}
