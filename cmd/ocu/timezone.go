package main

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// tzCookie remembers a reader's choice of UTC over local times.
const tzCookie = "ocu_tz"

// timeZonePreference puts the reader's choice of zone in the request
// context for views.When: each OCU's local time by default, UTC after
// ?tz=utc (on any page, the footer's link), until ?tz=local. The choice is
// a display preference, kept in a cookie: no account setting to migrate,
// and it works the same signed in or not.
func timeZonePreference(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		utc := false
		if ck, err := c.Cookie(tzCookie); err == nil {
			utc = ck.Value == "utc"
		}
		switch c.QueryParam("tz") {
		case "utc":
			utc = true
			c.SetCookie(&http.Cookie{Name: tzCookie, Value: "utc", Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
		case "local":
			utc = false
			c.SetCookie(&http.Cookie{Name: tzCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
		}
		r := c.Request()
		c.SetRequest(r.WithContext(views.WithZoneToggle(views.WithUTC(r.Context(), utc), c.QueryParams())))
		return next(c)
	}
}
