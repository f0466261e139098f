package web

import (
	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
)

// Require lets a request through only when the signed-in principal may do
// what the route does, as may (one of ocu.Principal's capability methods)
// answers; anyone else gets a 403 saying refusal, a catalogue key. Routes
// declare it where they are registered, so the handler never runs, nor
// reads anything, for someone it is not for:
//
//	r.Pages.GET("/exports", h.page, web.Require(ocu.Principal.MayExport, "error.export_not_allowed"))
func Require(may func(ocu.Principal) bool, refusal string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if p, ok := ocu.PrincipalFrom(c.Request().Context()); !ok || !may(p) {
				return ocu.Errorf(ocu.Forbidden, refusal)
			}
			return next(c)
		}
	}
}

// Admin is the guard of every administrators' route: accounts, reference
// data, sign-in locks and the audit trail.
var Admin = Require(ocu.Principal.MayAdminister, "error.admin_only")
