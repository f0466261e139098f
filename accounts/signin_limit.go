package accounts

import (
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ocu-project/ocu"
)

// signInRateLimit caps sign-in attempts per address, on top of the
// per-account lockout and the per-address slowing of failures: a flood of
// attempts is cut off before bcrypt runs. An OCU's officers often share
// one address (the coordination centre's network), so a shift signing in
// together, some 60 people each mistyping once, passes; past that the
// brake refills one attempt a second, so it never locks anyone out for
// longer than that. The sign-in route declares it (Handler.Register).
func signInRateLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: 1, Burst: 120, ExpiresIn: 10 * time.Minute}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return ocu.Errorf(ocu.TooMany, "error.too_many_signins")
		},
	})
}
