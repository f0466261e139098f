package web

import "github.com/labstack/echo/v4"

// noStore keeps an answer out of browser and proxy caches. Every route of
// every group runs it: pages and API answers hold personal data (victims,
// suspects, the audit trail), some of them a password or a token shown
// once, and a shared machine's back button must not bring them back. The
// static files, which hold none, set their own Cache-Control over it.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}
