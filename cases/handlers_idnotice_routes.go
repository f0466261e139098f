package cases

import "github.com/ocu-project/ocu/web"

// registerIdnotice mounts the routes of identifiers and notices.
func (h *Handler) registerIdnotice(r web.Routes) {
	pages := r.Pages
	pages.POST("/people/:pseudonym/identifiers", h.addIdentifier)
	pages.POST("/people/:pseudonym/identifiers/:id/delete", h.deleteIdentifier)
	pages.POST("/people/:pseudonym/notices", h.addPersonNotice)
	pages.POST("/people/:pseudonym/notices/:id/delete", h.deletePersonNotice)
	pages.GET("/operations/:code/notices", h.operationNotices)
	pages.POST("/operations/:code/notices", h.addOperationNotice)
	pages.POST("/operations/:code/notices/:id/delete", h.deleteOperationNotice)

	api := r.API
	api.GET("/people/:pseudonym/identifiers", h.apiIdentifiers)
	api.POST("/people/:pseudonym/identifiers", h.apiAddIdentifier)
	api.DELETE("/people/:pseudonym/identifiers/:id", h.apiDeleteIdentifier)
	api.GET("/people/:pseudonym/notices", h.apiPersonNotices)
	api.POST("/people/:pseudonym/notices", h.apiAddPersonNotice)
	api.DELETE("/people/:pseudonym/notices/:id", h.apiDeletePersonNotice)
	api.GET("/operations/:code/notices", h.apiOperationNotices)
	api.POST("/operations/:code/notices", h.apiAddOperationNotice)
	api.DELETE("/operations/:code/notices/:id", h.apiDeleteOperationNotice)
}
