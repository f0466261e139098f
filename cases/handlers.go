package cases

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/matching"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Handler serves the case pages and the cases API.
type Handler struct {
	Store  *Store
	Units  *units.Store
	Layout web.Layout
	// Matches gives a person's page its possible-matches section; nil
	// leaves the section out.
	Matches *matching.Store
	// Files gives the case page its evidence files section (files.Store);
	// nil leaves the section out.
	Files interface {
		Section(ctx context.Context, kind, key string) (views.FilesData, error)
	}
	// Requests gives a case's page its requests section (the requests
	// package); nil leaves it out.
	Requests func(ctx context.Context, caseID int64, reference string) (views.CaseRequestsData, error)
}

// Register mounts the handler's routes.
func (h *Handler) Register(r web.Routes) {
	h.registerTransfers(r)
	pages := r.Pages
	pages.GET("/", h.home)
	pages.GET("/home", h.officerHome)
	pages.GET("/cases", h.list)
	pages.GET("/cases/new", h.newForm)
	pages.POST("/cases", h.create)
	pages.GET("/cases/:ref", h.show)
	pages.GET("/cases/:ref/edit", h.editForm)
	pages.POST("/cases/:ref", h.update)
	pages.POST("/cases/:ref/transitions", h.transition)
	pages.POST("/cases/:ref/people/bulk", h.bulkAdd)
	pages.POST("/cases/:ref/people/screen", h.screen)
	pages.GET("/cases/:ref/screen", h.screenGrid)
	pages.POST("/cases/:ref/screen", h.saveScreenGrid)
	pages.GET("/cases/:ref/people/new", h.newPerson)
	pages.POST("/cases/:ref/people", h.addPerson)
	pages.GET("/people/:pseudonym", h.editPerson)
	pages.POST("/people/:pseudonym", h.updatePerson)
	pages.POST("/people/:pseudonym/arrest", h.arrest)
	pages.POST("/cases/:ref/seizures", h.addSeizure)
	pages.POST("/cases/:ref/seizures/:id/delete", h.deleteSeizure)
	pages.POST("/cases/:ref/shares", h.share)
	pages.POST("/cases/:ref/shares/:unit/delete", h.unshare)
	pages.POST("/cases/:ref/notable", h.markNotable)
	h.registerIdnotice(r)
	h.registerProsecution(r)
	pages.POST("/cases/:ref/checks", h.addCheck)

	api := r.API
	api.GET("/cases", h.apiList)
	api.POST("/cases", h.apiCreate)
	api.GET("/cases/:ref", h.apiGet)
	api.PATCH("/cases/:ref", h.apiUpdate)
	api.POST("/cases/:ref/transitions", h.apiTransition)
	api.GET("/cases/:ref/people", h.apiPeople)
	api.POST("/cases/:ref/people", h.apiAddPerson)
	api.POST("/cases/:ref/people/bulk", h.apiBulkAdd)
	api.POST("/cases/:ref/people/screen", h.apiScreen)
	api.GET("/people/:pseudonym", h.apiPerson)
	api.PATCH("/people/:pseudonym", h.apiUpdatePerson)
	api.GET("/cases/:ref/seizures", h.apiSeizures)
	api.POST("/cases/:ref/seizures", h.apiAddSeizure)
	api.DELETE("/cases/:ref/seizures/:id", h.apiDeleteSeizure)
	api.POST("/cases/:ref/shares", h.apiShare)
	api.DELETE("/cases/:ref/shares/:unit", h.apiUnshare)
	api.PUT("/cases/:ref/notable", h.apiMarkNotable)
	h.registerLinks(r)
	api.GET("/cases/:ref/checks", h.apiChecks)
	api.POST("/cases/:ref/checks", h.apiAddCheck)
}

// inputFromForm reads a case form exactly as typed.
func inputFromForm(c echo.Context) (Input, error) {
	f, err := c.FormParams()
	if err != nil {
		return Input{}, ocu.Errorf(ocu.Invalid, "error.form_unreadable")
	}
	in := Input{
		Operation: f.Get("operation"), RaisingCountry: f.Get("raising_country"),
		Title: f.Get("title"), Summary: f.Get("summary"), Place: f.Get("place"),
		Country: f.Get("country"), RaidAt: f.Get("raid_at"), Forms: f["forms"],
		RaisedBy: f.Get("raised_by"), Linked: map[string][]string{},
		Found: Found{Victims: f.Get("found_victims"), Minors: f.Get("found_minors"), Migrants: f.Get("found_migrants"),
			Suspects: f.Get("found_suspects"), Other: f.Get("found_other"), Unscreened: f.Get("found_unscreened")},
	}
	for _, role := range LinkRoles {
		if v := f[role]; len(v) > 0 {
			in.Linked[role] = v
		}
	}
	return in, nil
}

// formVersion reads the hidden version field; a missing or mangled one is
// an error the officer cannot fix, so it says to reload.
func formVersion(c echo.Context) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(c.FormValue("version")))
	if err != nil || v < 1 {
		return 0, ocu.Errorf(ocu.Invalid, "error.version_missing")
	}
	return v, nil
}

// asError returns err as an *ocu.Error when it is one.
func asError(err error) (*ocu.Error, bool) {
	var e *ocu.Error
	ok := errors.As(err, &e)
	return e, ok
}

// translator returns the request's translation function.
func translator(c echo.Context) func(string, ...any) string {
	ctx := c.Request().Context()
	return func(key string, args ...any) string { return views.T(ctx, key, args...) }
}
