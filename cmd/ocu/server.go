package main

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/static"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// serverConfig is what `ocu serve` tunes and tests leave at zero.
type serverConfig struct {
	// DashboardMaxAge is how old a dashboard may be when shown (see
	// reports.Service.Live); 0, as in tests, builds it for every view.
	DashboardMaxAge time.Duration
	// TLS says the server speaks HTTPS itself: cookies are then Secure.
	TLS bool
}

// newServer wires the domain packages' handlers onto one echo instance.
func newServer(d *db.DB, cfg serverConfig) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler
	// The client's address is the connection's: forwarded headers are
	// trivially forged and would let anyone dodge the sign-in lockout.
	e.IPExtractor = echo.ExtractIPDirect()

	unitStore := units.NewStore(d)
	caseStore := cases.NewStore(d, unitStore)
	accountStore := accounts.NewStore(d, unitStore)

	e.Use(middleware.Recover())
	e.Use(requestLog)
	e.Use(securityHeaders)
	// Export files come back in through the import page: it alone takes
	// large bodies. Every other body, a form or JSON, fits in 1 MB.
	isImport := func(c echo.Context) bool { return c.Request().URL.Path == "/imports" }
	e.Use(limitBody(ocu.MaxBody, "1 MB", isImport))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "200M",
		Skipper: func(c echo.Context) bool { return !isImport(c) }}))
	e.Use(language)
	e.Use(boundInputs)
	e.Use(newAdmission().middleware)
	e.Use(accountStore.Middleware)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		// API clients with a token send no cookie a forged page could
		// ride on; browsers (cookie sessions) must prove the request is
		// theirs: Sec-Fetch-Site, or the token from the form or the
		// X-CSRF-Token header htmx sends.
		Skipper:        accounts.ViaToken,
		TokenLookup:    "form:" + views.CSRFFieldName + ",header:X-CSRF-Token",
		CookieName:     "ocu_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode,
		// The session cookie follows each request (accounts.setCookie);
		// this one is set once for the server.
		CookieSecure: cfg.TLS,
		ErrorHandler: func(err error, c echo.Context) error {
			return ocu.Errorf(ocu.Forbidden, "error.csrf")
		},
	}))
	e.Use(csrfToContext)
	e.Use(signInRateLimit(), apiRateLimit())

	e.GET("/healthz", func(c echo.Context) error {
		if err := d.Ping(c.Request().Context()); err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/static/*", echo.WrapHandler(static.Handler()))

	(&accounts.Handler{Store: accountStore, Units: unitStore}).Register(e)
	(&units.Handler{Store: unitStore, Cases: caseStore}).Register(e)
	(&cases.Handler{Store: caseStore, Units: unitStore}).Register(e)
	dashboards := reports.NewService(d, unitStore)
	dashboards.MaxAge = cfg.DashboardMaxAge
	(&reports.Handler{Service: dashboards}).Register(e)
	(&audit.Handler{DB: d}).Register(e)
	(&accounts.AdminHandler{Store: accountStore, Units: unitStore}).Register(e)
	(&units.AdminHandler{Store: unitStore}).Register(e)
	(&exports.Handler{DB: d, Units: unitStore}).Register(e)
	(&exports.ImportHandler{DB: d, Units: unitStore}).Register(e)
	return e
}

// csrfToContext hands the CSRF token to the templates through the request
// context, where views.CSRFField finds it.
func csrfToContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if t, ok := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string); ok {
			r := c.Request()
			c.SetRequest(r.WithContext(views.WithCSRF(r.Context(), t)))
		}
		return next(c)
	}
}

// signInRateLimit caps sign-in attempts per address, on top of the
// per-account lockout and the per-address slowing of failures: a flood of
// attempts is cut off before bcrypt runs. An OCU's officers often share
// one address (the coordination centre's network), so a shift signing in
// together, some 60 people each mistyping once, passes; past that the
// brake refills one attempt a second, so it never locks anyone out for
// longer than that.
func signInRateLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper:             func(c echo.Context) bool { return !(c.Request().Method == http.MethodPost && c.Path() == "/signin") },
		Store:               middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: 1, Burst: 120, ExpiresIn: 10 * time.Minute}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return ocu.Errorf(ocu.TooMany, "error.too_many_signins")
		},
	})
}

// apiRateLimit caps each user's API requests: generous for people and
// scripts, a brake on a runaway client.
func apiRateLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool { return !strings.HasPrefix(c.Request().URL.Path, "/api/") },
		Store:   middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: 100, Burst: 200, ExpiresIn: 10 * time.Minute}),
		IdentifierExtractor: func(c echo.Context) (string, error) {
			if p, ok := ocu.PrincipalFrom(c.Request().Context()); ok && p.UserID != 0 {
				return "user:" + strconv.FormatInt(p.UserID, 10), nil
			}
			return "addr:" + c.RealIP(), nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return ocu.Errorf(ocu.TooMany, "error.too_many_requests")
		},
	})
}

// requestLog logs one line per request: method, route pattern, status and
// duration. The route pattern (/cases/:ref), not the URL, so search terms and
// identifiers in query strings never reach the logs.
func requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		level := slog.LevelDebug
		if status >= 500 {
			level = slog.LevelError
		}
		slog.Log(c.Request().Context(), level, "request", "method", c.Request().Method, "route", c.Path(),
			"status", status, "took", time.Since(start).Round(time.Microsecond))
		return nil
	}
}

// securityHeaders sets a strict Content-Security-Policy (pages load only
// their own scripts and styles; no inline script anywhere) and the usual
// companions.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if c.IsTLS() {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		// Pages hold sensitive data: no shared or back-button caches.
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// language puts the reader's language, from Accept-Language, in the
// request context for views.T.
func language(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		lang := views.PickLang(r.Header.Get("Accept-Language"))
		c.SetRequest(r.WithContext(views.WithLang(r.Context(), lang)))
		return next(c)
	}
}

var kindStatus = map[ocu.Kind]int{
	ocu.Invalid:         http.StatusUnprocessableEntity,
	ocu.NotFound:        http.StatusNotFound,
	ocu.Conflict:        http.StatusConflict,
	ocu.Forbidden:       http.StatusForbidden,
	ocu.Unauthenticated: http.StatusUnauthorized,
	ocu.TooMany:         http.StatusTooManyRequests,
	ocu.TooLarge:        http.StatusRequestEntityTooLarge,
	ocu.Internal:        http.StatusInternalServerError,
}

// apiError is the JSON body of every API error.
type apiError struct {
	Status  int               `json:"status"`
	Error   string            `json:"error"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Current any               `json:"current,omitempty"`
}

// errorHandler is the one place errors become responses: domain errors by
// their kind, echo's own (unknown route, wrong method) by their status, and
// anything else as a logged 500 that shows the user no internals.
func errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ctx := c.Request().Context()
	t := func(key string, args ...any) string { return views.T(ctx, key, args...) }
	body := apiError{Status: http.StatusInternalServerError, Error: ocu.Internal.String(), Message: t("error.internal")}

	var de *ocu.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de):
		body.Status, body.Error = kindStatus[de.Kind], de.Kind.String()
		body.Message, body.Fields = de.Translate(t)
		body.Current = de.Current
		if de.Kind == ocu.Internal {
			slog.Error("request failed", "route", c.Path(), "err", err)
		}
	case errors.As(err, &he):
		body.Status = he.Code
		body.Error = strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_"))
		switch he.Code {
		case http.StatusNotFound:
			body.Message = t("error.page_not_found")
		case http.StatusMethodNotAllowed:
			body.Message = t("error.method_not_allowed")
		case http.StatusRequestEntityTooLarge:
			body.Message = t("error.too_large")
		default:
			body.Message = http.StatusText(he.Code)
		}
	default:
		slog.Error("request failed", "route", c.Path(), "err", err)
	}

	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(body.Status)
		return
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		_ = c.JSON(body.Status, body)
		return
	}
	page := views.ErrorData{Status: body.Status, Message: body.Message, Back: "/units"}
	page.Page.Title = t("error.title." + body.Error)
	if body.Fields != nil {
		for _, m := range body.Fields {
			page.Message += " " + m
		}
	}
	if rerr := views.Render(ctx, c.Response(), body.Status, views.ErrorPage(page)); rerr != nil {
		slog.Error("render error page", "err", rerr)
	}
}
