// Package webtest mounts one package's routes for its tests, without the
// server: the groups hold the rules every group has (no-store, the body
// limit, the bounds on inputs) and none of the server's (sign-in, CSRF,
// admission, rate limits), which a test stands in for as it needs.
package webtest

import (
	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/web"
)

// Routes are groups on e with the server's prefixes and error forms.
func Routes(e *echo.Echo) web.Routes {
	s := web.NewSite(e)
	return web.Routes{
		Public: s.Group("", web.Rules{}),
		Pages:  s.Group("", web.Rules{}),
		API:    s.Group(web.APIPrefix, web.Rules{JSON: true}),
	}
}
